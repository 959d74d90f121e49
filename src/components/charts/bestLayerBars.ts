/** The best-layer histogram: for each network, the share of targets whose best-predicting layer each layer is. */
import * as Plot from "@observablehq/plot";
import {slantedLayerAxis} from "./layerAxis.js";

/** Options of {@link BestLayerBars}. */
export interface BestLayerBarsOptions {
  width?: number;
  /** Every network name in a fixed order, so each network keeps its color across charts. */
  networks?: string[];
}

/** Vertical bars, one per layer, grouped and coloured by network (networks with a single layer win every target and are left out). */
export function BestLayerBars(
  summary: {network: string; layer: string; bestShare: number}[],
  {width = 640, networks}: BestLayerBarsOptions = {},
) {
  const counts = new Map<string, number>();
  for (const s of summary) counts.set(s.network, (counts.get(s.network) ?? 0) + 1);
  const data = summary.filter((s) => (counts.get(s.network) ?? 0) > 1);
  // One band per (network, layer), networks side by side in their colours: layer names of different networks
  // (a reader's model has its own) never share a band, and the slant fits the longest.
  const key = (d: {network: string; layer: string}) => `${d.network} · ${d.layer}`;
  const axis = slantedLayerAxis(
    data.map((d) => d.layer),
    width,
  );
  const short = new Map(data.map((d, i) => [key(d), axis.labels[i]]));
  return Plot.plot({
    width,
    height: 220 + axis.marginBottom,
    marginLeft: axis.marginLeft,
    marginRight: 20,
    marginBottom: axis.marginBottom,
    x: {
      label: null,
      domain: data.map(key),
      padding: 0.15,
      tickRotate: axis.rotate,
      tickFormat: (k: string) => short.get(k) ?? k,
    },
    y: {label: "↑ share of targets best predicted", percent: true, grid: true},
    color: {legend: true, label: "network", domain: networks},
    marks: [
      Plot.barY(data, {
        x: key,
        y: "bestShare",
        fill: "network",
        tip: true,
        title: (d) => `${key(d)}\nbest for ${(100 * d.bestShare).toFixed(1)}% of its network's targets`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
