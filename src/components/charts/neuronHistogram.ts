/** Histogram of one per-neuron quantity (preferred orientation, selectivity, gain) across the population. */
import * as Plot from "@observablehq/plot";

/** Options of {@link NeuronHistogram}. */
export interface NeuronHistogramOptions {
  /** Outer width in CSS pixels. */
  width: number;
  /** Height in CSS pixels (default 240). */
  height?: number;
  /** x-axis label, with units. */
  label: string;
  /** Fixed x domain (e.g. [0, 360] for orientations); default: the values' extent. */
  domain?: [number, number];
  /** Number of bins, or explicit thresholds (default 36). */
  thresholds?: number | number[];
  /** Bar colour. */
  fill?: string;
  /** x-axis tick values (default: Plot's choice). */
  ticks?: number[];
}

/** Histogram (counts of neurons per bin) of `values`. */
export function NeuronHistogram(
  values: ArrayLike<number>,
  {width, height = 240, label, domain, thresholds = 36, fill = "steelblue", ticks}: NeuronHistogramOptions,
): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width,
    height,
    x: {label, domain, ticks},
    y: {label: "neurons", grid: true},
    marks: [
      Plot.rectY(
        Array.from(values),
        Plot.binX<Plot.RectYOptions>(
          {y: "count"},
          {x: (d: number) => d, thresholds, domain, inset: 0.5, tip: true, fill},
        ),
      ),
      Plot.ruleY([0]),
    ],
  });
}
