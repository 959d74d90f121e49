/**
 * Heatmap of the first neurons' responses across stimuli, as Neuromatch's `plot_data_matrix`: one row per neuron,
 * one column per stimulus, viridis, colour limits at the 1st and 99th percentiles of the values shown.
 */
import * as d3 from "d3";
import {MatrixHeatmap} from "./canvasPlot.js";
import type {V1Dataset} from "../core/v1.js";

/** Options of {@link ResponseHeatmap}. */
export interface ResponseHeatmapOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Height in CSS pixels (default 360). */
  height?: number;
  /** How many neurons (from the first) to show (default 100). */
  neurons?: number;
}

/** The `[p1, p99]` percentiles of `values`: colour limits that a few outliers cannot wash out. */
export function percentileLimits(values: ArrayLike<number>, lo = 0.01, hi = 0.99): [number, number] {
  const sorted = Array.from(values).sort((a, b) => a - b);
  return [d3.quantileSorted(sorted, lo) ?? 0, d3.quantileSorted(sorted, hi) ?? 1];
}

/** The heatmap figure (a canvas under Plot axes, with a colour legend). */
export function ResponseHeatmap(
  data: V1Dataset,
  {width, height = 360, neurons = 100}: ResponseHeatmapOptions,
): HTMLElement {
  const {responses, stimuli, nStimuli, nNeurons} = data;
  const n = Math.max(1, Math.min(neurons, nNeurons));
  // Neuron-major copy of the shown block: row = neuron, column = stimulus.
  const block = new Float32Array(n * nStimuli);
  for (let s = 0; s < nStimuli; s++) for (let j = 0; j < n; j++) block[j * nStimuli + s] = responses[s * nNeurons + j];
  const domain = percentileLimits(block);
  const figure = MatrixHeatmap(block, n, nStimuli, {
    width,
    height,
    domain,
    maxRows: 1000,
    maxCols: 1000,
    xDomain: [0, nStimuli],
    yDomain: [0, n],
    xLabel: `stimulus index (ordered by orientation, ${d3.format(".0f")(stimuli[0])}°–${d3.format(".0f")(stimuli[nStimuli - 1])}°) →`,
    yLabel: "neuron ↓",
    colorLabel: "z-scored response (1st–99th percentile)",
    ariaLabel: `Responses of the first ${n} neurons to ${nStimuli} stimuli`,
  });
  figure.classList.add("v1-response-heatmap");
  return figure;
}
