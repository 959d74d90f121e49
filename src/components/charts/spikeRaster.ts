/**
 * A spike raster: one dot per spike at (time, neuron), drawn straight into canvas pixels so that hundreds of
 * thousands of spikes take milliseconds, under Plot axes (see canvasPlot.ts).
 */
import * as Plot from "@observablehq/plot";
import {CanvasPlot, pixelCanvas} from "./canvasPlot.js";
import type {Spikes} from "../core/ifNetwork.js";

/** The spikes to draw: parallel arrays of step and neuron indices (an ifNetwork simulation result is one). */
export type {Spikes};

/** Options of {@link SpikeRaster}. */
export interface SpikeRasterOptions {
  /** Outer width in CSS pixels (default 640). */
  width?: number;
  /** Outer height in CSS pixels (default 360). */
  height?: number;
  /** Time window to show, in model time units (default: the whole run). */
  window?: [number, number];
  /** Spike colour (default near-black). */
  color?: [number, number, number];
  /** Extra marks over the raster (e.g. rules). */
  marks?: Plot.Markish[];
}

/** The raster of `spikes`; pixels darken as more spikes fall in them. */
export function SpikeRaster(spikes: Spikes, options: SpikeRasterOptions = {}): HTMLElement {
  const {n, steps, dt, spikeCount, spikeSteps, spikeNeurons} = spikes;
  const {width = 640, height = 360, window = [0, steps * dt], color = [20, 20, 40], marks = []} = options;
  const margin = {marginTop: 25, marginRight: 10, marginBottom: 40, marginLeft: 50};
  const dpr = typeof devicePixelRatio === "number" ? Math.min(2, devicePixelRatio) : 1;
  const cols = Math.max(1, Math.round((width - margin.marginLeft - margin.marginRight) * dpr));
  const rows = Math.max(1, Math.round((height - margin.marginTop - margin.marginBottom) * dpr));
  const [t0, t1] = window;
  const counts = new Uint16Array(rows * cols);
  const colScale = cols / ((t1 - t0) / dt);
  const rowScale = rows / n;
  let most = 0;
  for (let s = 0; s < spikeCount; s++) {
    const c = Math.floor((spikeSteps[s] - t0 / dt) * colScale);
    if (c < 0 || c >= cols) continue;
    const k = Math.floor(spikeNeurons[s] * rowScale) * cols + c;
    if (++counts[k] > most) most = counts[k];
  }
  const [r, g, b] = color;
  // Opacity grows with the count, so a single spike is visible and dense bursts stand out.
  const alpha = new Uint32Array(most + 1);
  for (let k = 1; k <= most; k++)
    alpha[k] = Math.round(255 * Math.min(1, 0.55 + (0.45 * (k - 1)) / Math.max(1, most - 1)));
  const canvas = pixelCanvas(cols, rows, (pixels) => {
    for (let k = 0; k < counts.length; k++)
      if (counts[k]) pixels[k] = (alpha[counts[k]] << 24) | (b << 16) | (g << 8) | r;
  });
  return CanvasPlot(canvas, {
    width,
    height,
    ...margin,
    pixelated: false,
    x: {domain: window, label: "Time (membrane time constants) →"},
    y: {domain: [0, n], label: "↓ Neuron", reverse: true},
    marks,
    ariaLabel: `Spike raster: ${spikeCount} spikes of ${n} neurons`,
  });
}
