/**
 * The site's one loss chart: training loss per step, for one run or several (coloured, with a legend), optionally
 * with a running mean over the noisy per-step values of mini-batch training. The y axis turns logarithmic when the
 * loss spans more than two decades (a diverging or fast-falling run), and a single run's last value is marked.
 */
import * as Plot from "@observablehq/plot";

/** Options of {@link LossChart}. */
export interface LossChartOptions {
  width?: number;
  height?: number;
  /** Y-axis label (default "Training loss"). */
  label?: string;
  /** The x axis reaches at least this step (the run's target), so the line grows into the chart. */
  iterations?: number;
  /** Window of a running mean drawn over the raw losses, in steps (default: none). */
  smooth?: number;
  /** Several runs instead of `losses`, each drawn in its own colour: {name, losses}. */
  series?: {name: string; losses: ArrayLike<number>}[];
  /** Colour of a single run (default steelblue). */
  color?: string;
  /** What the empty chart says (default "Press ▶ Train to start"). */
  empty?: string;
}

/** Plots `losses` (one per step) or `options.series`; see {@link LossChartOptions}. */
export function LossChart(losses: ArrayLike<number>, options: LossChartOptions = {}): SVGSVGElement | HTMLElement {
  const {width = 640, height = 260, label = "Training loss", iterations = 0, smooth = 0, color = "steelblue"} = options;
  const series = options.series ?? [{name: "loss", losses}];
  const multi = series.length > 1;
  const rows = series.flatMap(({name, losses}) => Array.from(losses, (loss, i) => ({name, step: i + 1, loss})));
  const values = rows.map((r) => r.loss);
  const log = values.length > 0 && values.every((l) => l > 0) && Math.max(...values) / Math.min(...values) > 100;
  const stroke = multi ? "name" : color;
  const last = multi ? [] : rows.slice(-1);
  const line = {x: "step", y: "loss", z: "name", stroke};
  return Plot.plot({
    width,
    height,
    marginLeft: 60,
    marginRight: multi ? 20 : 60,
    x: {label: "Training step →", domain: [0, Math.max(iterations, ...series.map((s) => s.losses.length), 1)]},
    // Log ticks as 1e+4, 1e+8, …: SI prefixes (P, E, Y) mean nothing to a reader of a blown-up loss.
    y: log
      ? {label: `↑ ${label}`, type: "log", grid: true, tickFormat: ".0e"}
      : {label: `↑ ${label}`, grid: true, zero: true, nice: true},
    color: multi ? {legend: true} : undefined,
    marks: [
      Plot.line(rows, smooth > 1 ? {...line, strokeOpacity: 0.25} : line),
      smooth > 1
        ? Plot.line(rows, Plot.windowY({k: smooth, anchor: "end"}, {...line, strokeWidth: 2, tip: true}))
        : null,
      Plot.dot(last, {x: "step", y: "loss", fill: color, r: 3}),
      Plot.text(last, {x: "step", y: "loss", text: (d) => d.loss.toPrecision(4), dx: 6, textAnchor: "start"}),
      rows.length
        ? null
        : Plot.text([options.empty ?? "Press ▶ Train to start"], {frameAnchor: "middle", fontSize: 14}),
    ],
  });
}
