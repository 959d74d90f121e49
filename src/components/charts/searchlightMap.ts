/**
 * A map over the cortical sheet: one cell per searchlight centre, coloured by a value (a layer's correlation, the best
 * layer's name, the planted region). Blank centres (too few neurons) stay empty; centres not significant after
 * correction can be drawn faded. Cells are painted on a canvas, one pixel per centre, under Plot's axes
 * (charts/canvasPlot.ts): thousands of centres draw in a few milliseconds, so streaming maps never block the page.
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {CanvasPlot, pixelCanvas} from "./canvasPlot.js";

/** A colour for every value: named categories, or a continuous range. */
export type MapColor =
  | {type: "categorical"; domain: string[]; range: string[]}
  | {type: "sequential"; domain?: [number, number]; label: string};

/** Options of {@link SearchlightMap}. */
export interface SearchlightMapOptions {
  width?: number;
  title?: string;
  /** Centres along x and y; value index = x + nx·y. */
  shape: [number, number];
  /** Position of the first centre (µm) and the spacing between centres. */
  origin: [number, number];
  spacing: number;
  color: MapColor;
  /** Per centre: draw faded (e.g. not significant). */
  faded?: ArrayLike<boolean> | null;
  /** CSS class of the figure (tests find maps by it). */
  className?: string;
}

/** The map of `values` (nx·ny, null or NaN for blank centres). */
export function SearchlightMap(
  values: ArrayLike<number | string | null>,
  {width = 300, title, shape, origin, spacing, color, faded, className}: SearchlightMapOptions,
): HTMLElement {
  const [nx, ny] = shape;
  let paint: (v: number | string) => string;
  let extent: [number, number] = [0, 1];
  if (color.type === "categorical") {
    const index = new Map(color.domain.map((d, k) => [d, color.range[k]]));
    paint = (v) => index.get(String(v)) ?? "#000";
  } else {
    const numbers = Array.from(values as ArrayLike<number>).filter((v) => typeof v === "number" && !Number.isNaN(v));
    const [lo, hi] = d3.extent(numbers);
    extent = color.domain ?? (lo === undefined || hi === undefined ? [0, 1] : [lo, hi]);
    const scale = d3.scaleSequential(d3.interpolateViridis).domain(extent);
    paint = (v) => scale(Number(v));
  }
  let cells = 0;
  const canvas = pixelCanvas(nx, ny, (pixels) => {
    for (let c = 0; c < nx * ny; c++) {
      const v = values[c];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) continue;
      const rgb = d3.rgb(paint(v));
      const alpha = faded?.[c] ? 60 : 255;
      pixels[c] = ((alpha << 24) | (rgb.b << 16) | (rgb.g << 8) | rgb.r) >>> 0;
      cells++;
    }
  });
  const side = Math.max(180, Math.min(width, 440));
  const half = spacing / 2;
  const figure = CanvasPlot(canvas, {
    width: side,
    height: side,
    marginTop: 24,
    marginLeft: 48,
    marginBottom: 36,
    x: {label: "position on the sheet (µm) →", domain: [origin[0] - half, origin[0] + (nx - 1) * spacing + half]},
    y: {label: "↓ position (µm)", domain: [origin[1] - half, origin[1] + (ny - 1) * spacing + half], reverse: true},
    legend:
      color.type === "sequential"
        ? ({domain: extent, scheme: "viridis", label: color.label, width: side - 20} as Plot.ScaleOptions)
        : undefined,
    ariaLabel: title,
  });
  if (color.type === "categorical") {
    figure.prepend(Plot.legend({color: {type: "categorical", domain: color.domain, range: color.range}}) as Element);
  }
  if (title) {
    const caption = document.createElement("div");
    caption.textContent = title;
    caption.style.fontWeight = "600";
    figure.prepend(caption);
  }
  // The swatches of a categorical legend would otherwise stretch the figure across the page.
  figure.style.width = `${side}px`;
  if (className) figure.classList.add(className);
  figure.dataset.cells = String(cells);
  return figure;
}

/** The values of depth slice `z` of a grid of `shape` (x, y[, z]; index x + nx·(y + ny·z)); all of them in 2-D. */
export function depthSlice<T>(values: ArrayLike<T>, shape: readonly number[], z: number): T[] {
  const plane = shape[0] * shape[1];
  if (shape.length < 3) return Array.from(values);
  const k = Math.max(0, Math.min(shape[2] - 1, Math.round(z)));
  return Array.from({length: plane}, (_, c) => values[k * plane + c]);
}
