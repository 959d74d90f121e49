/**
 * Big matrices drawn on a canvas under Observable Plot's axes. Plot's raster mark calls its colour scale for
 * every cell, which is too slow for the millions of cells of a spike raster or an N×N weight matrix; here
 * cells go through a 256-entry colour lookup table straight into ImageData, and a transparent Plot on top
 * supplies the axes, labels and any extra marks. Used by the spiking and perceptron pages.
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";

/** Options of {@link CanvasPlot}. */
export interface CanvasPlotOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Outer height in CSS pixels. */
  height: number;
  /** Margins around the canvas, where the axes go (defaults 25, 10, 40, 50). */
  marginTop?: number;
  marginRight?: number;
  marginBottom?: number;
  marginLeft?: number;
  /** Plot's x scale: give at least the domain and label. */
  x: Plot.ScaleOptions;
  /** Plot's y scale: give at least the domain and label. */
  y: Plot.ScaleOptions;
  /** A colour scale to draw as a legend above the chart (omit for none). */
  legend?: Plot.ScaleOptions;
  /** Marks drawn over the canvas, in data coordinates. */
  marks?: Plot.Markish[];
  /** Keep cells as crisp squares when the canvas is enlarged (default true). */
  pixelated?: boolean;
  /** Accessible description of the chart. */
  ariaLabel?: string;
}

/** A figure: optional legend, then `canvas` stretched over the plot area with Plot's axes drawn on top. */
export function CanvasPlot(canvas: HTMLCanvasElement, options: CanvasPlotOptions): HTMLElement {
  const {width, height, marginTop = 25, marginRight = 10, marginBottom = 40, marginLeft = 50} = options;
  const {x, y, legend, marks = [], pixelated = true, ariaLabel} = options;
  const figure = document.createElement("figure");
  figure.style.margin = "0";
  figure.style.maxWidth = "none";
  if (legend) figure.append(Plot.legend({color: {type: "linear", ...legend}}));
  const box = document.createElement("div");
  Object.assign(box.style, {position: "relative", width: `${width}px`, height: `${height}px`});
  Object.assign(canvas.style, {
    position: "absolute",
    left: `${marginLeft}px`,
    top: `${marginTop}px`,
    width: `${Math.max(0, width - marginLeft - marginRight)}px`,
    height: `${Math.max(0, height - marginTop - marginBottom)}px`,
    imageRendering: pixelated ? "pixelated" : "auto",
  });
  if (ariaLabel) canvas.setAttribute("aria-label", ariaLabel);
  canvas.setAttribute("role", "img");
  const svg = Plot.plot({
    width,
    height,
    marginTop,
    marginRight,
    marginBottom,
    marginLeft,
    style: {background: "transparent", position: "absolute", left: "0", top: "0"},
    x,
    y,
    marks: [...marks, Plot.frame({strokeOpacity: 0.3})],
  });
  box.append(canvas, svg);
  figure.append(box);
  return figure;
}

/** A colour scheme: a d3 interpolator over [0, 1]. */
export type Interpolator = (t: number) => string;

/** 256 packed RGBA colours (little-endian ABGR words, as a Uint32Array view of ImageData expects). */
export function colorTable(interpolator: Interpolator): Uint32Array {
  const table = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const c = d3.rgb(interpolator(k / 255));
    table[k] = (255 << 24) | (c.b << 16) | (c.g << 8) | c.r;
  }
  return table;
}

/**
 * A `cols` × `rows` canvas whose pixels `paint` fills, one little-endian RGBA word per pixel, row by row
 * (`0xAABBGGRR`; untouched pixels stay transparent).
 */
export function pixelCanvas(cols: number, rows: number, paint: (pixels: Uint32Array) => void): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(cols, rows);
  paint(new Uint32Array(image.data.buffer));
  context.putImageData(image, 0, 0);
  return canvas;
}

/** Options of {@link paintMatrix}. */
export interface PaintOptions {
  /** Values mapped to the ends of the colour scheme (default: the painted values' extent). */
  domain?: [number, number];
  /** Without a domain, centre it on 0 (±largest magnitude), for signed data such as weights (default false). */
  symmetric?: boolean;
  /** Colour scheme (default viridis). */
  interpolator?: Interpolator;
  /** At most this many canvas rows and columns; larger matrices are reduced block by block (default 800). */
  maxRows?: number;
  maxCols?: number;
  /** How a block of cells becomes one pixel: its mean, or its largest magnitude (keeps sparse events). */
  reduce?: "mean" | "max";
}

/**
 * Paints a row-major `rows × cols` matrix onto a new canvas, row 0 at the top, one pixel per cell (or per
 * block of cells when the matrix is bigger than maxRows × maxCols). Returns the canvas and the colour domain used.
 */
export function paintMatrix(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  {
    domain,
    symmetric = false,
    interpolator = d3.interpolateViridis,
    maxRows = 800,
    maxCols = 800,
    reduce = "mean",
  }: PaintOptions = {},
): {canvas: HTMLCanvasElement; domain: [number, number]} {
  const outRows = Math.max(1, Math.min(rows, maxRows));
  const outCols = Math.max(1, Math.min(cols, maxCols));
  const acc = new Float64Array(outRows * outCols);
  const hits = new Uint32Array(outRows * outCols);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor((r * outRows) / rows) * outCols;
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const k = base + Math.floor((c * outCols) / cols);
      if (reduce === "max") {
        if (hits[k] === 0 || Math.abs(v) > Math.abs(acc[k])) acc[k] = v;
      } else acc[k] += v;
      hits[k]++;
    }
  }
  if (reduce === "mean") for (let k = 0; k < acc.length; k++) acc[k] /= hits[k] || 1;
  let [lo, hi] = domain ?? [Infinity, -Infinity];
  if (!domain) for (const v of acc) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  if (!domain && symmetric) hi = -(lo = -Math.max(Math.abs(lo), Math.abs(hi)));
  if (!(hi > lo)) hi = lo + 1; // a constant matrix still gets a valid scale
  const scale = 255 / (hi - lo);
  const table = colorTable(interpolator);
  const canvas = pixelCanvas(outCols, outRows, (pixels) => {
    for (let k = 0; k < acc.length; k++) {
      const level = Math.round((acc[k] - lo) * scale);
      pixels[k] = table[level < 0 ? 0 : level > 255 ? 255 : level];
    }
  });
  return {canvas, domain: [lo, hi]};
}

/** Options of {@link MatrixHeatmap}, beyond those of the canvas and the painting. */
export interface MatrixHeatmapOptions extends PaintOptions, Omit<CanvasPlotOptions, "x" | "y" | "legend"> {
  /** Data range of the columns, as drawn on the x axis (default [0, cols]). */
  xDomain?: [number, number];
  /** Data range of the rows, drawn top to bottom on the y axis (default [0, rows]). */
  yDomain?: [number, number];
  /** Axis labels. */
  xLabel?: string;
  yLabel?: string;
  /** Colour legend label (omit for no legend). */
  colorLabel?: string;
  /** Plot colour scheme name matching `interpolator`, for the legend (default "viridis"). */
  scheme?: string;
  /** Reverse the legend's scheme (when the interpolator is reversed, e.g. blue for negative with RdBu). */
  reverseScheme?: boolean;
}

/** A heatmap of a row-major `rows × cols` matrix with axes and an optional colour legend. */
export function MatrixHeatmap(values: ArrayLike<number>, rows: number, cols: number, options: MatrixHeatmapOptions) {
  const {xDomain = [0, cols], yDomain = [0, rows], xLabel, yLabel, colorLabel, scheme = "viridis"} = options;
  const {canvas, domain} = paintMatrix(values, rows, cols, options);
  return CanvasPlot(canvas, {
    ...options,
    x: {domain: xDomain, label: xLabel},
    y: {domain: yDomain, label: yLabel, reverse: true},
    legend:
      colorLabel === undefined
        ? undefined
        : ({domain, scheme, reverse: options.reverseScheme, label: colorLabel, type: "linear"} as Plot.ScaleOptions),
  });
}
