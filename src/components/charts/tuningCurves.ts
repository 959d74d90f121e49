/**
 * Tuning curves (response against stimulus orientation) of a few chosen neurons: the measured curve as a thin line
 * and, on top, its smooth two-harmonic summary (the curve the neuron table's preferred orientation is read from).
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import type {V1Dataset} from "../core/v1.js";

/** Options of {@link TuningCurves}. */
export interface TuningCurvesOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Height in CSS pixels (default 320). */
  height?: number;
  /** Indices of the neurons to draw. */
  neurons: ArrayLike<number>;
  /** Draw the smoothed two-harmonic curves (default true). */
  smooth?: boolean;
}

const RAD = Math.PI / 180;

/** Line chart of the chosen neurons' responses across stimuli. */
export function TuningCurves(
  data: V1Dataset,
  {width, height = 320, neurons, smooth = true}: TuningCurvesOptions,
): SVGSVGElement | HTMLElement {
  const {responses, stimuli, nStimuli, nNeurons} = data;
  // Not "#595": Plot would read that as a CSS colour and draw the line in it.
  const labels = Array.from(neurons, (j) => `neuron ${j}`);
  const measured: {orientation: number; response: number; neuron: string}[] = [];
  const smoothed: {orientation: number; response: number; neuron: string}[] = [];
  for (const j of Array.from(neurons)) {
    const neuron = `neuron ${j}`;
    // Fourier coefficients of harmonics 0–2 (evenly spread stimuli), for the smooth summary.
    const coef = new Float64Array(5);
    for (let s = 0; s < nStimuli; s++) {
      const r = responses[s * nNeurons + j];
      const t = stimuli[s] * RAD;
      measured.push({orientation: stimuli[s], response: r, neuron});
      coef[0] += r / nStimuli;
      coef[1] += (2 * r * Math.cos(t)) / nStimuli;
      coef[2] += (2 * r * Math.sin(t)) / nStimuli;
      coef[3] += (2 * r * Math.cos(2 * t)) / nStimuli;
      coef[4] += (2 * r * Math.sin(2 * t)) / nStimuli;
    }
    for (let deg = 0; deg <= 360; deg += 2) {
      const t = deg * RAD;
      const response =
        coef[0] + coef[1] * Math.cos(t) + coef[2] * Math.sin(t) + coef[3] * Math.cos(2 * t) + coef[4] * Math.sin(2 * t);
      smoothed.push({orientation: deg, response, neuron});
    }
  }
  return Plot.plot({
    width,
    height,
    grid: true,
    x: {label: "stimulus orientation (°)", domain: [0, 360], ticks: [0, 90, 180, 270, 360]},
    y: {label: "z-scored response"},
    color: {legend: true, label: "neuron", domain: labels, range: d3.schemeTableau10 as string[]},
    marks: [
      Plot.ruleY([0], {stroke: "#888"}),
      Plot.line(measured, {
        x: "orientation",
        y: "response",
        stroke: "neuron",
        strokeWidth: 1,
        strokeOpacity: smooth ? 0.45 : 1,
        tip: true,
      }),
      smooth ? Plot.line(smoothed, {x: "orientation", y: "response", stroke: "neuron", strokeWidth: 3}) : null,
    ],
  });
}
