/**
 * Views of the perceptron page: the 2-D point cloud with a perceptron's decision line and shaded half-planes
 * (click to add points), an MLP's decision surface under the points, and each hidden unit's own surface as a
 * small heatmap. Class 0 is blue and class 1 orange everywhere on the page.
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {CanvasPlot, paintMatrix} from "./canvasPlot.js";
import {decisionLine, perceptronActivation, type PerceptronState} from "../core/perceptron.js";
import type {Point2} from "../core/datasets2d.js";

/** The two class colours (Observable's categorical palette). */
export const CLASS_COLORS: readonly [string, string] = ["#4269d0", "#efb118"];
const TINTS = ["#dfe6f7", "#fcefcc"];

/** A legend for the two classes. */
export function classLegend(): HTMLElement | SVGSVGElement {
  return Plot.legend({color: {type: "categorical", domain: ["class 0", "class 1"], range: [...CLASS_COLORS]}});
}

/** Options of {@link PointsPlot}. */
export interface PointsPlotOptions {
  /** Width in CSS pixels (default 400); the plot is square. */
  width?: number;
  /** A perceptron whose line and half-planes to draw. */
  perceptron?: PerceptronState;
  /** A point to ring (the one just presented), and whether it moved the line. */
  highlight?: {point: Point2; updated: boolean} | null;
  /** Called with data coordinates when the reader clicks inside the square (to add a point). */
  onClick?: (x: number, y: number) => void;
}

/** The points as dots in their class colours, outlined in `stroke` (dark over a coloured surface). */
function pointMarks(points: readonly Point2[], stroke = "white"): Plot.Markish[] {
  return [
    Plot.dot(points, {
      x: "x",
      y: "y",
      r: 4,
      fill: (d: Point2) => CLASS_COLORS[d.label],
      stroke,
      strokeWidth: stroke === "white" ? 0.8 : 1.2,
    }),
  ];
}

function square(width: number, marginLeft = 40, marginBottom = 36) {
  const inner = width - marginLeft - 10;
  return {
    width,
    height: inner + 22 + marginBottom,
    marginLeft,
    marginRight: 10,
    marginTop: 22,
    marginBottom,
    x: {domain: [-1, 1], label: "x₁ →"},
    y: {domain: [-1, 1], label: "↑ x₂"},
  };
}

/** The points, with a perceptron's decision line and shaded half-planes when given. */
export function PointsPlot(points: readonly Point2[], options: PointsPlotOptions = {}): SVGSVGElement | HTMLElement {
  const {width = 400, perceptron, highlight, onClick} = options;
  const line = perceptron ? decisionLine(perceptron) : null;
  const marks: Plot.Markish[] = [];
  if (perceptron && (perceptron.w1 || perceptron.w2 || perceptron.b)) {
    marks.push(
      Plot.raster({
        x1: -1,
        x2: 1,
        y1: -1,
        y2: 1,
        pixelSize: 4,
        fill: (x: number, y: number) => TINTS[perceptronActivation(perceptron, {x, y}) > 0 ? 1 : 0],
      }),
    );
  }
  marks.push(Plot.frame({strokeOpacity: 0.3}), ...pointMarks(points));
  if (line) {
    marks.push(Plot.line(line, {x: "x", y: "y", stroke: "black", strokeWidth: 2}));
    // The weight vector points from the line toward the class-1 side.
    const mid = {x: (line[0].x + line[1].x) / 2, y: (line[0].y + line[1].y) / 2};
    const norm = Math.hypot(perceptron!.w1, perceptron!.w2);
    const tip = {x: mid.x + (0.2 * perceptron!.w1) / norm, y: mid.y + (0.2 * perceptron!.w2) / norm};
    marks.push(Plot.arrow([{...mid, tx: tip.x, ty: tip.y}], {x1: "x", y1: "y", x2: "tx", y2: "ty", stroke: "black"}));
  }
  if (highlight)
    marks.push(
      Plot.dot([highlight.point], {
        x: "x",
        y: "y",
        r: 9,
        stroke: highlight.updated ? "#e45756" : "black",
        strokeWidth: 2.5,
      }),
    );
  const plot = Plot.plot({...square(width), color: {type: "identity"}, marks});
  if (onClick) {
    const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg")!;
    svg.style.cursor = "crosshair";
    svg.addEventListener("click", (event) => {
      const [px, py] = d3.pointer(event, svg);
      const x = (plot as unknown as {scale: (n: string) => {invert: (v: number) => number}}).scale("x").invert(px);
      const y = (plot as unknown as {scale: (n: string) => {invert: (v: number) => number}}).scale("y").invert(py);
      if (Math.abs(x) <= 1 && Math.abs(y) <= 1) onClick(x, y);
    });
  }
  return plot;
}

/** Class-0 blue through white to class-1 orange: the colour of a probability of class 1. */
export const probabilityColor = d3.interpolateRgbBasis([CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]]);

/**
 * An MLP's decision surface: the probability of class 1 on a `size × size` grid (row-major, top row first, as
 * `grid2d`), painted under the points, with the 50% contour implied by the white band.
 */
export function SurfacePlot(
  probability: ArrayLike<number>,
  size: number,
  points: readonly Point2[],
  {width = 400}: {width?: number} = {},
): HTMLElement {
  const {canvas} = paintMatrix(probability, size, size, {domain: [0, 1], interpolator: probabilityColor});
  const s = square(width);
  return CanvasPlot(canvas, {
    ...s,
    pixelated: false,
    legend: {
      type: "linear",
      domain: [0, 1],
      interpolate: probabilityColor,
      label: "Probability of class 1",
    } as Plot.ScaleOptions,
    marks: pointMarks(points, "#222"),
    ariaLabel: "Decision surface of the network",
  });
}

/** Options of {@link UnitSurfaces}. */
export interface UnitSurfacesOptions {
  /** Side of each small heatmap in CSS pixels (default 72). */
  side?: number;
  /** Label before each unit's number (default "unit"). */
  label?: string;
  /** Colour the activations from 0 up (ReLU) or centred on 0 (tanh, linear) (default "signed"). */
  range?: "signed" | "positive" | "unit";
}

/** One small heatmap per hidden unit: `activations[u * size² + k]` over the grid (unit-major, as `evaluate`). */
export function UnitSurfaces(
  activations: Float32Array,
  units: number,
  size: number,
  {side = 72, label = "unit", range = "signed"}: UnitSurfacesOptions = {},
): HTMLElement {
  const box = document.createElement("div");
  Object.assign(box.style, {display: "flex", flexWrap: "wrap", gap: "6px"});
  const cells = size * size;
  for (let u = 0; u < units; u++) {
    const surface = activations.subarray(u * cells, (u + 1) * cells);
    let max = 0;
    for (const v of surface) max = Math.max(max, Math.abs(v));
    max ||= 1;
    const {canvas} =
      range === "positive"
        ? paintMatrix(surface, size, size, {domain: [0, max], interpolator: d3.interpolateGreys})
        : range === "unit"
          ? paintMatrix(surface, size, size, {domain: [0, 1], interpolator: d3.interpolatePiYG})
          : paintMatrix(surface, size, size, {domain: [-max, max], interpolator: (t) => d3.interpolatePiYG(t)});
    Object.assign(canvas.style, {width: `${side}px`, height: `${side}px`, border: "1px solid #ccc", display: "block"});
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `${label} ${u + 1}`);
    const figure = document.createElement("figure");
    Object.assign(figure.style, {margin: "0", textAlign: "center", font: "11px var(--sans-serif, sans-serif)"});
    const caption = document.createElement("figcaption");
    caption.textContent = `${label} ${u + 1}`;
    figure.append(canvas, caption);
    box.append(figure);
  }
  return box;
}
