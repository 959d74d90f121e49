/**
 * The receptive-field page's "your model" parts: the first-layer filters of a network drawn as images (RGB where the
 * input has three channels) beside their best-fitting Gabors, the fits' orientations and spatial frequencies on one
 * chart for the site's network and the reader's, and the occlusion maps of one unit of a layer of the reader's model.
 * The work runs in the compute worker (runtime/modelJobs.ts "convFilters", "modelOcclusion", "occlusionUnit");
 * {@link jobStates} streams a job's progress to a Framework cell.
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {ImagePlot} from "../../charts/imagePlot.js";
import {isCancelled, type JobClient} from "../../core/workerProtocol.js";
import type {UnitMaps} from "../../core/modelOcclusion.js";
import type {FilterFit, FiltersResult, OcclusionSummary, ProgressUpdate} from "../../runtime/modelJobs.js";

/** A worker job's state as a page cell sees it. */
export type JobState<T> =
  {state: "running"; done: number; total: number} | {state: "done"; result: T} | {state: "failed"; message: string};

/**
 * For `Generators.observe`: runs `job` in the worker (replacing the last run under `replace`) and notifies its
 * progress, then its result or its failure's message.
 */
export function jobStates<T>(
  client: JobClient,
  job: string,
  input: unknown,
  replace: string,
): (notify: (s: JobState<T>) => void) => void {
  return (notify) => {
    notify({state: "running", done: 0, total: 0});
    client
      .run<T>(job, input, {
        replace,
        onUpdate: (u) => notify({state: "running", ...(u as ProgressUpdate)}),
      })
      .then(
        (result) => notify({state: "done", result}),
        (e) => isCancelled(e) || notify({state: "failed", message: String((e as Error)?.message ?? e)}),
      );
  };
}

/** A progress line for a running job (`what`: "Fitting Gabors"), or the failure's message. */
export function jobLine(s: JobState<unknown>, what: string, unit: string): HTMLElement {
  const line = document.createElement("div");
  line.className = "job-progress";
  line.style.cssText = "min-height:1.6em;font:14px var(--sans-serif)";
  if (s.state === "failed") {
    line.setAttribute("role", "alert");
    line.style.color = "var(--theme-red, #b00020)";
    line.textContent = s.message;
  } else if (s.state === "running") {
    const bar = document.createElement("progress");
    if (s.total) ((bar.max = s.total), (bar.value = s.done));
    line.append(
      `${what}${s.total ? `: ${s.done.toLocaleString("en-US")} of ${s.total.toLocaleString("en-US")} ${unit}` : "…"} `,
      bar,
    );
  }
  return line;
}

/**
 * A multi-channel (or grey) image `[channels, height, width]` on a canvas, on its own scale: 0 is mid-grey and the
 * largest |value| full white or black (per channel for colour, one scale for all three so the hue is the filter's).
 * Models trained on RGB take red, green, blue in that order; a BGR-trained model's colours come out swapped.
 */
export function signedImage(
  data: ArrayLike<number>,
  channels: number,
  height: number,
  width: number,
  cssWidth = 56,
  label = "",
): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.style.cssText = `width:${cssWidth}px;height:${Math.round((cssWidth * height) / width)}px;image-rendering:pixelated;border:1px solid #ddd`;
  canvas.setAttribute("role", "img");
  if (label) canvas.setAttribute("aria-label", label);
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]));
  max ||= 1;
  const image = new ImageData(width, height);
  const n = height * width;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      const v = data[(channels === 3 ? c : 0) * n + p];
      image.data[4 * p + c] = Math.round(255 * (0.5 + (0.5 * v) / max));
    }
    image.data[4 * p + 3] = 255;
  }
  canvas.getContext("2d")?.putImageData(image, 0, 0);
  return canvas;
}

const fmt = (v: number, d = 2) => v.toFixed(d);

/** One fit's caption: orientation, period, envelope and R². */
export function fitCaption(f: FilterFit): string {
  const period = f.frequency > 1e-3 ? `${fmt(1 / f.frequency, 1)} px` : "∞";
  return `${fmt(f.orientation, 0)}° · λ ${period} · σ ${fmt(f.sigmaAcross, 1)}/${fmt(f.sigmaAlong, 1)} · R² ${fmt(f.r2)}`;
}

/**
 * A card of a network's first-layer filters: each filter as an image, its Gabor fit (on the filter's leading
 * colour's pattern, in grey) and the fit's parameters.
 */
export function filterGallery(result: FiltersResult, title: string, names: readonly string[] = []): HTMLElement {
  const {filters, fits} = result;
  const root = document.createElement("div");
  root.className = "card filter-gallery";
  const head = document.createElement("strong");
  head.style.cssText = "display:block;font:600 14px var(--sans-serif);margin-bottom:0.4rem";
  head.textContent = `${title}: ${filters.filters} filters of ${filters.channels === 3 ? "3 colour channels" : `${filters.channels} channel${filters.channels === 1 ? "" : "s"}`}, ${filters.height} × ${filters.width} (${filters.label})${fits.length < filters.filters ? `; the first ${fits.length} fitted` : ""}`;
  const grid = document.createElement("div");
  grid.style.cssText = "display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px";
  const n = filters.channels * filters.height * filters.width;
  fits.forEach((fit, o) => {
    const cell = document.createElement("figure");
    cell.className = "filter-fit";
    cell.style.cssText = "margin:0;font:11px var(--sans-serif);color:var(--theme-foreground-muted,#555)";
    const pair = document.createElement("div");
    pair.style.cssText = "display:flex;gap:4px";
    pair.append(
      signedImage(
        filters.weights.subarray(o * n, (o + 1) * n),
        filters.channels,
        filters.height,
        filters.width,
        64,
        `filter ${o + 1}`,
      ),
      signedImage(fit.fitted, 1, filters.height, filters.width, 64, `Gabor fit of filter ${o + 1}`),
    );
    const caption = document.createElement("figcaption");
    caption.textContent = `${names[o] ?? `#${o + 1}`}: ${fitCaption(fit)}`;
    cell.append(pair, caption);
    grid.append(cell);
  });
  const key = document.createElement("small");
  key.textContent =
    "Left: the filter, each on its own scale (mid-grey is 0). Right: its best-fitting Gabor. θ is the grating orientation it prefers (the site's convention), λ the stripe period, σ the envelope across/along the stripes.";
  root.append(head, grid, key);
  return root;
}

/** The fitted filters' orientation and spatial frequency, one colour per network; faint where the fit is poor. */
export function gaborPlot(
  sets: readonly {network: string; fits: readonly FilterFit[]}[],
  width: number,
): SVGSVGElement | HTMLElement {
  const rows = sets.flatMap(({network, fits}) => fits.map((f, i) => ({network, filter: i + 1, ...f})));
  return Plot.plot({
    width,
    height: 280,
    x: {label: "Preferred orientation (°)", domain: [0, 180], ticks: [0, 45, 90, 135, 180], grid: true},
    y: {label: "Spatial frequency (cycles / pixel)", domain: [0, 0.5], grid: true},
    color: {legend: true, domain: sets.map((s) => s.network)},
    opacity: {domain: [0, 1], range: [0.15, 1]},
    marks: [
      Plot.dot(rows, {
        x: "orientation",
        y: "frequency",
        stroke: "network",
        fill: "network",
        fillOpacity: (d: FilterFit) => Math.max(0.1, d.r2),
        r: 5,
        tip: true,
        title: (d: FilterFit & {network: string; filter: number}) =>
          `${d.network}, filter ${d.filter}\n${fitCaption(d)}`,
      }),
    ],
  });
}

/** The stimuli beside one unit's discrepancy maps, the unit's position crossed. */
export function unitPairs(
  stimuli: readonly {angle: number; image: Float32Array}[],
  unit: UnitMaps,
  height: number,
  width: number,
): HTMLElement {
  const card = document.createElement("div");
  card.className = "card model-discrepancy";
  card.style.cssText = "display:flex;flex-wrap:wrap;gap:16px";
  const side = Math.min(150, Math.max(96, width));
  unit.maps.forEach(({map, cx, cy, base}, i) => {
    const cross = Plot.dot([{x: cx + 0.5, y: cy + 0.5}], {
      x: "x",
      y: "y",
      symbol: "plus",
      r: 7,
      stroke: "#e8590c",
      strokeWidth: 2,
    });
    const pair = document.createElement("div");
    pair.style.cssText = "display:flex;gap:6px";
    pair.append(
      ImagePlot(stimuli[i].image, {
        height,
        width,
        plotWidth: side,
        scheme: "grey",
        title: `Stimulus ${stimuli[i].angle.toFixed(1)}°`,
        marks: [cross],
      }),
      ImagePlot(map, {
        height,
        width,
        plotWidth: side,
        scheme: "sequential",
        title: `Discrepancy (unit ${base.toFixed(2)})`,
        marks: [cross],
      }),
    );
    card.append(pair);
  });
  return card;
}

/** The unit's averaged, re-centred field, cropped around its centre to a bit more than its size. */
export function unitField(unit: UnitMaps, summary: OcclusionSummary): SVGSVGElement | HTMLElement {
  const half = Math.min(summary.height - 1, Math.ceil(Math.max(unit.diameter, 4)) + summary.size + 2);
  const side = 2 * half + 1;
  const cy = summary.height - 1;
  const cx = summary.width - 1;
  const crop = new Float32Array(side * side);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const yy = cy - half + y;
      const xx = cx - half + x;
      crop[y * side + x] =
        xx >= 0 && xx < unit.rfWidth && yy >= 0 && yy < unit.rfHeight ? unit.rf[yy * unit.rfWidth + xx] : 0;
    }
  return ImagePlot(crop, {
    height: side,
    width: side,
    plotWidth: 180,
    scheme: "sequential",
    title: `Its field (average of ${summary.angles.length} re-centred map${summary.angles.length === 1 ? "" : "s"}): ⌀ ${unit.diameter.toFixed(1)} px`,
  });
}

/** How big the mapped units' fields are: a histogram of their diameters, the chosen unit marked. */
export function diameterHistogram(summary: OcclusionSummary, unit: number, width: number): SVGSVGElement | HTMLElement {
  // Binned here, so that the count axis can tick at whole numbers only.
  const bins = d3.bin().thresholds(20)(Array.from(summary.diameters));
  const most = Math.max(1, ...bins.map((b) => b.length));
  return Plot.plot({
    width,
    height: 220,
    title: `Field sizes of ${summary.layer}'s ${summary.mapped.toLocaleString("en-US")} mapped unit${summary.mapped === 1 ? "" : "s"}`,
    x: {label: "Receptive field size (px, equal-area diameter above half the peak)"},
    y: {
      label: "Units",
      grid: true,
      ticks: d3.ticks(0, most, Math.min(5, most)).filter(Number.isInteger),
      tickFormat: "d",
    },
    marks: [
      Plot.rectY(bins, {
        // One value only: d3 gives a bin of zero width; draw it one pixel wide.
        x1: (b: d3.Bin<number, number>) => (b.x0 === b.x1 ? b.x0! - 0.5 : b.x0),
        x2: (b: d3.Bin<number, number>) => (b.x0 === b.x1 ? b.x1! + 0.5 : b.x1),
        y: "length",
        fill: "steelblue",
        inset: 0.5,
      }),
      Plot.ruleX([summary.diameters[unit - 1]], {stroke: "#e8590c", strokeWidth: 2}),
      Plot.text([summary.diameters[unit - 1]], {
        x: (d: number) => d,
        frameAnchor: "top",
        dy: 4,
        dx: 4,
        textAnchor: "start",
        text: () => `unit ${unit}`,
        fill: "#e8590c",
      }),
      Plot.ruleY([0]),
    ],
  });
}
