/**
 * The population's responses projected on their first two principal components, one dot per stimulus coloured by
 * its orientation on a cyclic scale: orientation tuning makes the stimuli trace a ring.
 */
import * as Plot from "@observablehq/plot";
import type {PCA} from "../core/pca.js";

/** Options of {@link PcaRing}. */
export interface PcaRingOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Height in CSS pixels (default: square up to 440). */
  height?: number;
  /** The two components to plot, 0-based (default [0, 1]). */
  components?: [number, number];
}

/** Scatter of stimuli on two principal components, coloured by orientation, with a path in stimulus order. */
export function PcaRing(result: PCA, stimuli: ArrayLike<number>, {width, height, components = [0, 1]}: PcaRingOptions) {
  const [a, b] = components;
  const k = result.components;
  const points = Array.from(stimuli, (orientation, i) => ({
    orientation,
    x: result.scores[i * k + a],
    y: result.scores[i * k + b],
  }));
  const pct = (c: number) => `${(100 * result.explained[c]).toFixed(1)}% of variance`;
  const size = height ?? Math.min(width, 440);
  return Plot.plot({
    width: Math.min(width, size + 160),
    height: size,
    aspectRatio: 1,
    grid: true,
    x: {label: `PC${a + 1} (${pct(a)})`},
    y: {label: `PC${b + 1} (${pct(b)})`},
    color: {type: "cyclical", scheme: "rainbow", domain: [0, 360], legend: true, label: "stimulus orientation (°)"},
    marks: [
      Plot.line(points, {x: "x", y: "y", stroke: "#bbb", strokeWidth: 0.75, curve: "linear"}),
      Plot.dot(points, {x: "x", y: "y", fill: "orientation", r: 3.5, tip: true}),
    ],
  });
}
