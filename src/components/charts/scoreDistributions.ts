/** Each layer's distribution of held-out scores over targets, as box plots (5–95% whiskers, quartile box, median). */
import * as Plot from "@observablehq/plot";

/** Options of {@link ScoreDistributions}. */
export interface ScoreDistributionsOptions {
  width?: number;
  /** Every network name in a fixed order, so each network keeps its color across charts. */
  networks?: string[];
  label?: string;
}

/** Room for the 200 px layer labels plus a readable plot; a card measured mid-layout can report less. */
const MIN_WIDTH = 360;

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (h - lo);
}

type Quantiles = {q05: number; q25: number; q50: number; q75: number; q95: number};

/**
 * A layer's score quantiles, kept per scores array: while a fit runs the chart is redrawn as each layer finishes,
 * with the finished layers' arrays unchanged, so each array is sorted once rather than once per redraw.
 */
const quantilesOf = (() => {
  const cache = new WeakMap<ArrayLike<number>, Quantiles>();
  return (src: ArrayLike<number>): Quantiles => {
    let q = cache.get(src);
    if (!q) {
      const finite = new Float64Array(src.length);
      let m = 0;
      for (let j = 0; j < src.length; j++) if (Number.isFinite(src[j])) finite[m++] = src[j];
      const s = finite.subarray(0, m).sort();
      q = {
        q05: quantile(s, 0.05),
        q25: quantile(s, 0.25),
        q50: quantile(s, 0.5),
        q75: quantile(s, 0.75),
        q95: quantile(s, 0.95),
      };
      cache.set(src, q);
    }
    return q;
  };
})();

/** One horizontal box per layer, colored by network; `scores[k]` may be missing for a layer not fitted yet. */
export function ScoreDistributions(
  scores: ArrayLike<number>[],
  layers: {network: string; layer: string}[],
  {width = 640, networks, label = "held-out score"}: ScoreDistributionsOptions = {},
) {
  // Layers without scores yet (a fit in progress) keep their row, empty, so the chart does not change size.
  const rows = layers.flatMap((l, k) => {
    const src = scores[k];
    if (!src) return [];
    return {name: `${l.network} · ${l.layer}`, network: l.network, ...quantilesOf(src)};
  });
  return Plot.plot({
    width: Math.max(width, MIN_WIDTH),
    height: 50 + 28 * layers.length,
    marginLeft: 200,
    x: {label: `${label} →`, grid: true},
    y: {label: null, domain: layers.map((l) => `${l.network} · ${l.layer}`)},
    color: {legend: true, label: "network", domain: networks},
    marks: [
      Plot.ruleY(rows, {x1: "q05", x2: "q95", y: "name", stroke: "network"}),
      Plot.barX(rows, {
        x1: "q25",
        x2: "q75",
        y: "name",
        fill: "network",
        fillOpacity: 0.7,
        insetTop: 4,
        insetBottom: 4,
      }),
      Plot.tickX(rows, {
        x: "q50",
        y: "name",
        stroke: "black",
        strokeWidth: 2,
        tip: true,
        title: (r) => `${r.name}\nmedian ${r.q50.toFixed(3)}\nquartiles ${r.q25.toFixed(3)} – ${r.q75.toFixed(3)}`,
      }),
      Plot.ruleX([0]),
    ],
  });
}
