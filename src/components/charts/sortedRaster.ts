/**
 * Every neuron's tuning curve as one row, rows sorted by preferred orientation: tuned cells line up into a
 * diagonal band (and its echo 180° away for orientation-tuned cells). Tens of thousands of rows are averaged in
 * consecutive blocks of the sorted order, which keeps the band while fitting the screen.
 */
import {MatrixHeatmap} from "./canvasPlot.js";
import {percentileLimits} from "./responseHeatmap.js";
import type {V1Dataset} from "../core/v1.js";

/** Options of {@link SortedRaster}. */
export interface SortedRasterOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Height in CSS pixels (default 420). */
  height?: number;
  /** At most this many drawn rows; neurons are averaged in blocks beyond (default 360). */
  rows?: number;
}

/** The sorted raster: `preferred` (degrees, one per neuron) gives the order. */
export function SortedRaster(
  data: V1Dataset,
  preferred: ArrayLike<number>,
  {width, height = 420, rows = 360}: SortedRasterOptions,
): HTMLElement {
  const {responses, stimuli, nStimuli, nNeurons} = data;
  const order = Uint32Array.from({length: nNeurons}, (_, j) => j).sort((a, b) => preferred[a] - preferred[b]);
  // Average blocks of consecutive sorted neurons straight into the drawn rows.
  const outRows = Math.min(rows, nNeurons);
  const sums = new Float64Array(outRows * nStimuli);
  const counts = new Float64Array(outRows);
  const rowOf = new Uint32Array(nNeurons);
  order.forEach((j, rank) => (rowOf[j] = Math.floor((rank * outRows) / nNeurons)));
  for (let j = 0; j < nNeurons; j++) counts[rowOf[j]]++;
  for (let s = 0; s < nStimuli; s++) {
    const o = s * nNeurons;
    for (let j = 0; j < nNeurons; j++) sums[rowOf[j] * nStimuli + s] += responses[o + j];
  }
  const block = new Float32Array(outRows * nStimuli);
  for (let r = 0; r < outRows; r++)
    for (let s = 0; s < nStimuli; s++) block[r * nStimuli + s] = sums[r * nStimuli + s] / counts[r];
  const figure = MatrixHeatmap(block, outRows, nStimuli, {
    width,
    height,
    domain: percentileLimits(block),
    maxRows: outRows,
    maxCols: nStimuli,
    xDomain: [stimuli[0], stimuli[nStimuli - 1]],
    yDomain: [0, nNeurons],
    xLabel: "stimulus orientation (°) →",
    yLabel: `neurons sorted by preferred orientation, ${Math.round(nNeurons / outRows)} per row ↓`,
    colorLabel: "mean z-scored response (1st–99th percentile)",
    ariaLabel: `All ${nNeurons} neurons' responses, sorted by preferred orientation`,
  });
  figure.classList.add("v1-sorted-raster");
  return figure;
}
