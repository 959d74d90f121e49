/** Training loss per step (thin line) with a running mean (thick line), log-scaled when it spans decades. */
import * as Plot from "@observablehq/plot";

/** Options of {@link LossCurve}. */
export interface LossCurveOptions {
  width?: number;
  height?: number;
  /** Window of the running mean, in steps (default 20). */
  smooth?: number;
  /** Y-axis label (default "Loss (binary cross-entropy)"). */
  label?: string;
  /** Extra series drawn in other colours, e.g. a second network: {name, losses}. */
  series?: {name: string; losses: ArrayLike<number>}[];
}

/** Plots `losses` (one per step); see {@link LossCurveOptions}. */
export function LossCurve(losses: ArrayLike<number>, options: LossCurveOptions = {}): SVGSVGElement | HTMLElement {
  const {width = 640, height = 260, smooth = 20, label = "Loss (binary cross-entropy)"} = options;
  const series = options.series ?? [{name: "loss", losses}];
  const rows = series.flatMap(({name, losses}) => Array.from(losses, (loss, step) => ({name, step: step + 1, loss})));
  const multi = series.length > 1;
  return Plot.plot({
    width,
    height,
    x: {label: "Training step", grid: true},
    y: {label, grid: true, zero: true},
    color: multi ? {legend: true} : undefined,
    marks: [
      Plot.line(rows, {x: "step", y: "loss", z: "name", stroke: multi ? "name" : "currentColor", strokeOpacity: 0.25}),
      Plot.line(
        rows,
        Plot.windowY(
          {k: smooth, anchor: "end"},
          {x: "step", y: "loss", z: "name", stroke: multi ? "name" : "steelblue", strokeWidth: 2, tip: true},
        ),
      ),
      Plot.ruleY([0]),
    ],
  });
}
