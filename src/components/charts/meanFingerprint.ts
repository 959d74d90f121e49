/**
 * The mean fingerprint: each layer's mean held-out score over targets with its 95% interval, layers in network
 * order, one line per network, so a trained and an untrained copy of a network can be compared layer by layer.
 */
import * as Plot from "@observablehq/plot";
import {slantedLayerAxis} from "./layerAxis.js";

/** Options of {@link MeanFingerprint}. */
export interface MeanFingerprintOptions {
  width?: number;
  /** Every network name in a fixed order, so each network keeps its color across charts. */
  networks?: string[];
  label?: string;
}

/** Lines with interval bars; x is the layer name (shared names line up across networks). */
export function MeanFingerprint(
  summary: {network: string; layer: string; mean: number; lo: number; hi: number}[],
  {width = 640, networks, label = "mean held-out score"}: MeanFingerprintOptions = {},
) {
  const layers = [...new Set(summary.map((s) => s.layer))];
  const axis = slantedLayerAxis(layers, width);
  const short = new Map(layers.map((l, i) => [l, axis.labels[i]]));
  return Plot.plot({
    width,
    height: 260 + axis.marginBottom,
    marginLeft: axis.marginLeft,
    marginRight: 20,
    marginBottom: axis.marginBottom,
    x: {
      label: null,
      domain: layers,
      padding: 0.3,
      tickRotate: axis.rotate,
      tickFormat: (l: string) => short.get(l) ?? l,
    },
    y: {label: `↑ ${label}`, grid: true, zero: true},
    color: {legend: true, label: "network", domain: networks},
    marks: [
      Plot.ruleX(summary, {x: "layer", y1: "lo", y2: "hi", stroke: "network", strokeWidth: 2, dx: 0}),
      Plot.line(summary, {x: "layer", y: "mean", stroke: "network", z: "network", strokeOpacity: 0.6}),
      Plot.dot(summary, {
        x: "layer",
        y: "mean",
        fill: "network",
        r: 4,
        tip: true,
        title: (s) => `${s.network} · ${s.layer}\n${s.mean.toFixed(4)} [${s.lo.toFixed(4)}, ${s.hi.toFixed(4)}]`,
      }),
      Plot.ruleY([0]),
    ],
  });
}
