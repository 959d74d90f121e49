/**
 * The fingerprint matrix as a raster: one row per target (neuron or pseudo-voxel), one column per layer,
 * color = held-out score. Rows are sorted by their best layer, then by their best score, so groups of targets
 * that prefer the same layer form blocks. Beyond two rows per pixel, neighbouring rows are averaged.
 */
import * as Plot from "@observablehq/plot";
import {slantedLayerAxis} from "./layerAxis.js";

/** Options of {@link FingerprintRaster}. */
export interface FingerprintRasterOptions {
  width?: number;
  height?: number;
  /** Score name for the legend (e.g. "held-out R²"). */
  label?: string;
}

/**
 * The raster's rows for `height`: targets sorted by best layer then best score, neighbours averaged; kept per scores
 * array, since a chart redrawn for a new width (or a status update) draws the same rows.
 */
const rowsOf = (() => {
  const cache = new WeakMap<ArrayLike<number>[], {height: number; values: Float64Array; rows: number; hi: number}>();
  return (scores: ArrayLike<number>[], height: number) => {
    const kept = cache.get(scores);
    if (kept?.height === height) return kept;
    const L = scores.length;
    const t = scores[0]?.length ?? 0;
    const best = new Int32Array(t);
    const top = new Float64Array(t);
    for (let j = 0; j < t; j++) {
      let b = 0;
      for (let l = 1; l < L; l++) if (scores[l][j] > scores[b][j] || !(scores[b][j] === scores[b][j])) b = l;
      best[j] = b;
      top[j] = scores[b][j];
    }
    const order = Array.from({length: t}, (_, j) => j).sort((a, b) => best[a] - best[b] || top[b] - top[a]);
    // At most two raster rows per pixel of height: neighbouring sorted targets are averaged (NaN-aware), so tens of
    // thousands of neurons draw as fast as a few hundred and no row is silently dropped by the browser's scaling.
    const k = Math.max(1, Math.ceil(t / (2 * height)));
    const rows = Math.ceil(t / k);
    const values = new Float64Array(rows * L);
    const counts = new Float64Array(rows * L);
    order.forEach((j, r) => {
      const row = Math.floor(r / k) * L;
      for (let l = 0; l < L; l++) {
        const v = scores[l][j];
        if (Number.isFinite(v)) ((values[row + l] += v), counts[row + l]++);
      }
    });
    for (let i = 0; i < values.length; i++) values[i] = counts[i] ? values[i] / counts[i] : NaN;
    const finite = values.filter(Number.isFinite).sort();
    const hi = Math.max(0.05, finite[Math.floor(0.99 * (finite.length - 1))] ?? 1);
    const result = {height, values, rows, hi};
    cache.set(scores, result);
    return result;
  };
})();

/** Raster of `scores[l][j]` (layer l, target j) with layer names along x. */
export function FingerprintRaster(
  scores: ArrayLike<number>[],
  names: string[],
  {width = 640, height = 420, label = "held-out score"}: FingerprintRasterOptions = {},
) {
  const L = scores.length;
  const t = scores[0]?.length ?? 0;
  const {values, rows, hi} = rowsOf(scores, height);
  const axis = slantedLayerAxis(names, width);
  return Plot.plot({
    width,
    // The plot area keeps `height` whatever room the layer names take.
    height: height - 110 + axis.marginBottom,
    marginLeft: axis.marginLeft,
    marginRight: 20,
    marginBottom: axis.marginBottom,
    x: {
      label: null,
      domain: [0, L],
      ticks: names.map((_, l) => l + 0.5),
      tickFormat: (d: number) => axis.labels[Math.floor(d)],
      tickRotate: axis.rotate,
    },
    y: {label: `↓ ${t.toLocaleString("en-US")} targets, sorted by best layer`, domain: [t, 0], ticks: 5},
    color: {scheme: "magma", domain: [0, hi], clamp: true, legend: true, label},
    marks: [Plot.raster(values, {width: L, height: rows, x1: 0, x2: L, y1: 0, y2: t, imageRendering: "pixelated"})],
  });
}
