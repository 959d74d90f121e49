/** The best-layer histogram: for each network, the share of targets whose best-predicting layer each layer is. */
import * as Plot from "@observablehq/plot";

/** Options of {@link BestLayerBars}. */
export interface BestLayerBarsOptions {
  width?: number;
  /** Every network name in a fixed order, so each network keeps its color across charts. */
  networks?: string[];
}

/** Vertical bars faceted by network (networks with a single layer win every target and are left out). */
export function BestLayerBars(
  summary: {network: string; layer: string; bestShare: number}[],
  {width = 640, networks}: BestLayerBarsOptions = {},
) {
  const counts = new Map<string, number>();
  for (const s of summary) counts.set(s.network, (counts.get(s.network) ?? 0) + 1);
  const data = summary.filter((s) => (counts.get(s.network) ?? 0) > 1);
  return Plot.plot({
    width,
    height: 260,
    marginBottom: 40,
    fx: {label: null},
    x: {label: null, domain: [...new Set(data.map((d) => d.layer))]},
    y: {label: "↑ share of targets best predicted", percent: true, grid: true},
    // Facet titles name the networks; the color only keeps each network's hue from the other charts.
    color: {label: "network", domain: networks},
    marks: [Plot.barY(data, {fx: "network", x: "layer", y: "bestShare", fill: "network", tip: true}), Plot.ruleY([0])],
  });
}
