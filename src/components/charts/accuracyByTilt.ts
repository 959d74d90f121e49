/**
 * Accuracy as a function of signed tilt (a psychometric curve): fraction correct for each tilt, one line per
 * network, with chance (50%) marked.
 */
import * as Plot from "@observablehq/plot";

/** One point: a network's accuracy at one tilt. */
export interface TiltAccuracy {
  network: string;
  tilt: number;
  accuracy: number;
}

/** Plots accuracy against tilt; `width`, `height` in CSS pixels. */
export function AccuracyByTilt(
  rows: readonly TiltAccuracy[],
  {width = 640, height = 280}: {width?: number; height?: number} = {},
): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height,
    x: {label: "Tilt from vertical (°; negative = left, positive = right)", grid: true},
    y: {label: "Accuracy (%)", domain: [0, 100], grid: true, percent: true},
    color: {legend: true},
    marks: [
      Plot.ruleY([0.5], {stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.6}),
      Plot.text([{tilt: 0, accuracy: 0.5}], {
        x: "tilt",
        y: "accuracy",
        text: () => "chance",
        dy: -8,
        fill: "currentColor",
        fillOpacity: 0.7,
      }),
      Plot.ruleX([0], {strokeOpacity: 0.3}),
      Plot.line(rows, {x: "tilt", y: "accuracy", stroke: "network", z: (d) => `${d.network}${d.tilt > 0}`}),
      Plot.dot(rows, {x: "tilt", y: "accuracy", fill: "network", r: 2.5, tip: true}),
    ],
  });
}
