/**
 * One image (a row-major `height × width` array) as a Plot raster: pixels as squares, y down, with a
 * colour legend. Signed images (filters, feature maps, gratings) use a diverging scale centred on 0;
 * non-negative ones (discrepancy maps, receptive fields) a sequential one.
 */
import * as Plot from "@observablehq/plot";

/** Options of {@link ImagePlot}. */
export interface ImagePlotOptions {
  /** Image height in pixels (rows). */
  height: number;
  /** Image width in pixels (columns). */
  width: number;
  /** Plot width in CSS pixels (default 240); the plot keeps square pixels. */
  plotWidth?: number;
  /** Title drawn above the image. */
  title?: string;
  /** "diverging" (default) centres the colours on 0; "sequential" runs from 0 to the maximum. */
  scheme?: "diverging" | "sequential" | "grey";
  /** Fixed colour domain; default: symmetric ±max|v| (diverging) or [0, max] (sequential). */
  domain?: [number, number];
  /** Label of the colour legend (omit for no legend). */
  legend?: string;
  /** Extra marks drawn on top (e.g. a rectangle outlining a receptive field), in pixel coordinates. */
  marks?: Plot.Markish[];
}

/** A raster of `data`; see {@link ImagePlotOptions}. */
export function ImagePlot(data: ArrayLike<number>, options: ImagePlotOptions): SVGSVGElement | HTMLElement {
  const {height, width, plotWidth = 240, title, scheme = "diverging", legend, marks = []} = options;
  let max = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) max = Math.max(max, Math.abs(data[i]));
  max ||= 1;
  const domain = options.domain ?? (scheme === "diverging" ? [-max, max] : scheme === "grey" ? [-max, max] : [0, max]);
  const margin = 4;
  const inner = plotWidth - 2 * margin;
  const plot = Plot.plot({
    width: plotWidth,
    height: Math.round((inner * height) / width) + 2 * margin,
    margin,
    x: {domain: [0, width], axis: null},
    y: {domain: [0, height], axis: null, reverse: true},
    color: {
      type: "linear",
      scheme: scheme === "diverging" ? "RdBu" : scheme === "grey" ? "Greys" : "Viridis",
      reverse: scheme === "diverging" ? true : scheme === "grey",
      domain,
      legend: legend !== undefined,
      label: legend,
    },
    marks: [
      Plot.raster(Array.from(data), {width, height, x1: 0, y1: 0, x2: width, y2: height, imageRendering: "pixelated"}),
      Plot.frame({stroke: "currentColor", strokeOpacity: 0.3}),
      ...marks,
    ],
  });
  if (!title) return plot;
  // Our own caption rather than Plot's title: Plot's figure shifts images with and without legends differently.
  const figure = document.createElement("figure");
  figure.className = "image-plot";
  figure.style.cssText = `margin:0;display:flex;flex-direction:column;gap:2px;max-width:${plotWidth}px;`;
  const caption = document.createElement("figcaption");
  caption.style.cssText = "font:12px var(--sans-serif);line-height:1.3;";
  caption.textContent = title;
  figure.append(caption, plot);
  return figure;
}
