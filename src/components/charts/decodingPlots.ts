/**
 * Charts of the decoding page (its loss chart is the site's one, charts/lossChart.ts), each `Chart(data, {width, ...options})` returning an Observable Plot figure with
 * labelled axes. Orientations are in degrees on 0–360.
 */
import * as Plot from "@observablehq/plot";

const DEG = {domain: [0, 360], ticks: [0, 90, 180, 270, 360]};

/** One decoded point: the stimulus's true orientation and what the decoder said. */
export interface Decoded {
  truth: number;
  decoded: number;
}

/** Options of {@link PredictionChart}: size, title, dot colour, and the decoded axis's range (default: data and 0–360°). */
export interface PredictionChartOptions {
  width?: number;
  height?: number;
  title?: string;
  fill?: string;
  yDomain?: [number, number];
}

/** Decoded vs true orientation, with the identity line (a perfect decoder sits on it). */
export function PredictionChart(points: readonly Decoded[], options: PredictionChartOptions = {}) {
  const {width = 640, height = 320, title, fill = "steelblue", yDomain} = options;
  const lo = yDomain?.[0] ?? Math.min(0, ...points.map((p) => p.decoded));
  const hi = yDomain?.[1] ?? Math.max(360, ...points.map((p) => p.decoded));
  return Plot.plot({
    width,
    height,
    title,
    marginLeft: 55,
    x: {...DEG, label: "True orientation (°) →"},
    y: {label: "↑ Decoded orientation (°)", domain: [lo, hi], grid: true},
    marks: [
      Plot.line(
        [
          [0, 0],
          [360, 360],
        ],
        {stroke: "#999", strokeDasharray: "4,3"},
      ),
      Plot.text([[350, 350]], {text: ["identity"], fill: "#777", dy: -8, textAnchor: "end"}),
      Plot.dot(points, {x: "truth", y: "decoded", fill, r: 2.5, fillOpacity: 0.8, tip: true}),
    ],
  });
}

/**
 * Absolute angular error by true orientation: where on the circle a decoder fails. `names` and `colors` pin
 * each series to its colour, so a series with no points (a diverged run) does not hand its colour to another.
 */
export function ErrorByOrientationChart(
  series: readonly {name: string; truth: number; error: number}[],
  {
    width = 640,
    height = 260,
    names,
    colors,
  }: {width?: number; height?: number; names?: readonly string[]; colors?: readonly string[]} = {},
) {
  return Plot.plot({
    width,
    height,
    marginLeft: 55,
    color: {legend: true, ...(names && {domain: names}), ...(colors && {range: colors})},
    x: {...DEG, label: "True orientation (°) →"},
    y: {label: "↑ Absolute angular error (°)", domain: [0, 180], grid: true},
    marks: [
      Plot.dot(series, {x: "truth", y: "error", stroke: "name", r: 2.5}),
      Plot.line(
        series,
        Plot.binX<Plot.LineOptions>({y: "median"}, {x: "truth", y: "error", stroke: "name", thresholds: 12}),
      ),
    ],
  });
}

/** Decoded bin centre vs true orientation, with the bin edges drawn. */
export function BinChart(
  points: readonly Decoded[],
  {width = 640, height = 320, nClasses}: {width?: number; height?: number; nClasses: number},
) {
  const w = 360 / nClasses;
  const edges = Array.from({length: nClasses + 1}, (_, k) => k * w);
  return Plot.plot({
    width,
    height,
    marginLeft: 55,
    x: {...DEG, label: "True orientation (°) →"},
    y: {
      domain: [0, 360],
      ticks: edges.length <= 13 ? edges : undefined,
      label: "↑ Decoded bin centre (°)",
      grid: false,
    },
    marks: [
      Plot.ruleX(edges, {stroke: "#bbb"}),
      Plot.ruleY(edges, {stroke: "#bbb"}),
      Plot.rect(
        Array.from({length: nClasses}, (_, k) => ({x1: k * w, x2: (k + 1) * w, y1: k * w, y2: (k + 1) * w})),
        {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "#2e7d32", fillOpacity: 0.08},
      ),
      Plot.dot(points, {x: "truth", y: "decoded", fill: "darkorange", r: 2.5, tip: true}),
    ],
  });
}

/** Decoding error against the number of neurons used (log x), one dot per subset and the median line. */
export function NeuronCountChart(
  results: readonly {neurons: number; error: number}[],
  {width = 640, height = 280}: {width?: number; height?: number} = {},
) {
  return Plot.plot({
    width,
    height,
    marginLeft: 55,
    x: {type: "log", label: "Neurons used (random subset) →"},
    y: {
      label: "↑ Median absolute test error (°)",
      domain: [0, Math.max(90, ...results.map((r) => r.error))],
      grid: true,
    },
    marks: [
      Plot.line(results, {x: "neurons", y: "error", stroke: "steelblue"}),
      Plot.dot(results, {x: "neurons", y: "error", fill: "steelblue", r: 4, tip: true}),
    ],
  });
}

/** Orientations of one stimulus: what the network says vs the truth, on a 0–360 strip. */
export function SingleStimulusChart(
  rows: readonly {network: string; decoded: number}[],
  truth: number,
  {width = 640, height = 140}: {width?: number; height?: number} = {},
) {
  const lo = Math.min(0, ...rows.map((r) => r.decoded));
  const hi = Math.max(360, ...rows.map((r) => r.decoded));
  return Plot.plot({
    width,
    height,
    marginLeft: 110,
    x: {domain: [lo, hi], label: "Orientation (°) →", grid: true},
    y: {label: "↑ Network", labelAnchor: "top"},
    color: {legend: true, domain: ["true orientation", "decoded"], range: ["#2e7d32", "darkorange"]},
    marks: [
      Plot.ruleX([truth], {stroke: "#2e7d32", strokeWidth: 2}),
      Plot.dot(rows, {x: "decoded", y: "network", fill: "darkorange", r: 6, tip: true}),
      Plot.text(rows, {x: "decoded", y: "network", text: (d) => `${d.decoded.toFixed(1)}°`, dy: -12}),
    ],
  });
}

/** Hidden-unit activations for one stimulus, one panel per network (e.g. linear vs ReLU hidden layer). */
export function HiddenUnitsChart(
  rows: readonly {network: string; unit: number; activation: number}[],
  {width = 640, height = 220}: {width?: number; height?: number} = {},
) {
  return Plot.plot({
    width,
    height,
    marginLeft: 55,
    fx: {label: null},
    x: {label: "Hidden unit →", tickFormat: (d: number) => (d % 5 === 0 ? String(d) : "")},
    y: {label: "↑ Activation", grid: true},
    marks: [
      Plot.ruleY([0]),
      Plot.barY(rows, {
        fx: "network",
        x: "unit",
        y: "activation",
        fill: (d) => (d.activation < 0 ? "#c0392b" : "steelblue"),
      }),
    ],
  });
}
