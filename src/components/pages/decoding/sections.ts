/**
 * The decoding page's sections that train networks of their own in the background: (e) the wrap-around problem
 * (MSE vs circular loss), (f) decoding as classification and (h) decoders of growing neuron subsets. Each has a
 * `…Run` that trains and streams its state, and a `…Cards` that draws that state; the page wires them to its inputs.
 */
import {angularError, type Activation} from "@brain-nets/models";
import {
  gather,
  medianAngularError,
  pickNeurons,
  standardisedTargets,
  targets,
  unstandardise,
} from "../../core/decodingData.js";
import {decode, decoderModel, type DecoderSpec} from "../../core/decoders.js";
import type {V1Dataset} from "../../core/v1.js";
import {predict, trainDecoder} from "../../training/decoding.js";
import {
  BinChart,
  ErrorByOrientationChart,
  NeuronCountChart,
  PredictionChart,
  type Decoded,
} from "../../charts/decodingPlots.js";
import {card, el, warning} from "../../ui/card.js";
import type {Stopped} from "../../ui/sectionRun.js";
import {recipeNote, type Recipe} from "./recipes.js";

/** The data every section shares: the seeded split and neuron subset of the page's settings. */
export interface DecodingData {
  v1: V1Dataset;
  split: {train: Uint32Array; test: Uint32Array};
  nIn: number;
  xTrain: Float32Array;
  xTest: Float32Array;
  yTrain: Float32Array;
  yTest: Float32Array;
}

/** The reader's network settings from the top of the page. */
export interface NetworkSettings {
  hidden: number;
  activation: Activation;
  seed: number;
}

/** Framework's `resize`: renders at the container's width and again when it changes. */
export type Resize = (render: (width: number) => Node) => Node;

const points = (decoded: ArrayLike<number>, truth: ArrayLike<number>): Decoded[] =>
  Array.from(decoded, (d, i) => ({truth: truth[i], decoded: d})).filter((p) => Number.isFinite(p.decoded));

/** Trains `spec` with `recipe` and decodes the test set; `progress` hears the step. */
async function trainAndDecode(
  d: DecodingData,
  spec: DecoderSpec,
  x: Float32Array,
  y: Parameters<typeof trainDecoder>[2],
  recipe: Recipe,
  seed: number,
  stopped: Stopped,
  progress?: (step: number) => void,
  xTest = d.xTest,
) {
  const model = decoderModel(spec);
  const r = await trainDecoder(model, x, y, {...recipe, seed, onProgress: progress, shouldStop: stopped});
  return {r, out: stopped() ? null : await predict(model, r.weights, xTest, d.split.test.length)};
}

// (e) ---------------------------------------------------------------------------------------------------------

/** One network of section (e), once trained. */
export interface WrapResult {
  name: string;
  points: Decoded[];
  median: number;
  message: string | null;
}
/** Section (e)'s state: a progress line until both networks are trained. */
export interface WrapState {
  progress: string | null;
  results: Partial<Record<"regression" | "circular", WrapResult>>;
}

/**
 * Section (e): the reader's architecture trained with the MSE loss (on standardised degrees, so it can fit at all)
 * and with the circular loss, both with `recipe`; notifies progress and then both results.
 */
export async function wrapRun(
  d: DecodingData,
  net: NetworkSettings,
  recipe: Recipe,
  notify: (s: WrapState) => void,
  stopped: Stopped,
): Promise<void> {
  const results: WrapState["results"] = {};
  for (const [kind, name] of [
    ["regression", "MSE loss"],
    ["circular", "circular loss"],
  ] as const) {
    const spec: DecoderSpec = {kind, nNeurons: d.nIn, hidden: net.hidden, activation: net.activation};
    // MSE learns standardised degrees (same minimum, reachable in a few hundred steps); see the page's prose.
    const scaled = kind === "regression" ? standardisedTargets(d.yTrain) : null;
    const y = scaled ?? targets(d.yTrain, kind);
    const {r, out} = await trainAndDecode(d, spec, d.xTrain, y, recipe, net.seed, stopped, (step) =>
      notify({progress: `Training with ${name}: step ${step} of ${recipe.iterations}`, results}),
    );
    if (!out) return;
    const decoded = scaled ? unstandardise(out, scaled.scale) : decode(out, spec);
    results[kind] = {
      name,
      points: points(decoded, d.yTest),
      median: medianAngularError(decoded, d.yTest),
      message: r.message,
    };
  }
  notify({progress: null, results});
}

/** Section (e)'s recipe line, its two prediction panels (one fragment to display) (`.wrap-regression`, `.wrap-circular`) and the error chart. */
export function wrapCards(s: WrapState, recipe: Recipe, trainSize: number, resize: Resize): DocumentFragment {
  const grid = document.createElement("div");
  grid.className = "grid grid-cols-2";
  const panel = (kind: "regression" | "circular", fill: string) => {
    const r = s.results[kind];
    if (!r) return card(350, el("p", s.progress ?? "Waiting…", "wrap-progress"));
    const title = Number.isFinite(r.median)
      ? `${r.name}: median error ${r.median.toFixed(1)}°`
      : `${r.name}: no finite predictions`;
    const yDomain: [number, number] | undefined = kind === "circular" ? [0, 360] : undefined;
    const c = card(
      350,
      el("h3", title),
      warning(r.message),
      resize((width) => PredictionChart(r.points, {width, height: 300, fill, yDomain})),
    );
    c.classList.add(`wrap-${kind}`);
    Object.assign(c.dataset, {
      median: r.median,
      recipe: JSON.stringify(recipe),
      points: JSON.stringify(r.points.map((p) => [p.truth, p.decoded])),
    });
    return c;
  };
  grid.append(panel("regression", "steelblue"), panel("circular", "darkorange"));
  const {regression, circular} = s.results;
  const errors =
    regression && circular
      ? resize((width) =>
          ErrorByOrientationChart(
            [regression, circular].flatMap((r) =>
              r.points.map((p) => ({name: r.name, truth: p.truth, error: angularError(p.decoded, p.truth)})),
            ),
            {width, names: [regression.name, circular.name], colors: ["steelblue", "darkorange"]},
          ),
        )
      : el("p", "Training both decoders…");
  const out = document.createDocumentFragment();
  out.append(
    recipeNote(recipe, trainSize),
    grid,
    card(
      300,
      el("h3", "Error by true orientation: MSE fails near the ends of the range, the circular loss does not"),
      errors,
    ),
  );
  return out;
}

// (f) ---------------------------------------------------------------------------------------------------------

/** Section (f)'s state: a progress line, then the test predictions and accuracy. */
export interface ClassifierState {
  progress?: string;
  points?: Decoded[];
  accuracy?: number;
  message?: string | null;
}

/** Section (f): a classifier of `nClasses` orientation bins trained with `recipe`; notifies progress and its result. */
export async function classifierRun(
  d: DecodingData,
  net: NetworkSettings,
  nClasses: number,
  recipe: Recipe,
  notify: (s: ClassifierState) => void,
  stopped: Stopped,
): Promise<void> {
  const spec: DecoderSpec = {
    kind: "classifier",
    nNeurons: d.nIn,
    hidden: net.hidden,
    activation: net.activation,
    nClasses,
  };
  const {r, out} = await trainAndDecode(
    d,
    spec,
    d.xTrain,
    targets(d.yTrain, "classifier", nClasses),
    recipe,
    net.seed,
    stopped,
    (step) => notify({progress: `Training the classifier: step ${step} of ${recipe.iterations}`}),
  );
  if (!out) return;
  const decoded = decode(out, spec);
  const width = 360 / nClasses;
  const correct = decoded.filter((v, i) => Math.floor(d.yTest[i] / width) === Math.floor(v / width)).length;
  notify({points: points(decoded, d.yTest), accuracy: correct / d.yTest.length, message: r.message});
}

/** Section (f)'s card: recipe, message, accuracy against chance and the bin chart. */
export function classifierCard(
  s: ClassifierState,
  nClasses: number,
  recipe: Recipe,
  trainSize: number,
  resize: Resize,
): HTMLElement {
  const done = s.points && s.accuracy !== undefined;
  return card(
    410,
    recipeNote(recipe, trainSize),
    warning(s.message),
    done
      ? el(
          "h3",
          `${nClasses} bins: test accuracy ${(100 * s.accuracy!).toFixed(1)}% (chance ${(100 / nClasses).toFixed(1)}%)`,
        )
      : el("p", s.progress ?? "Waiting…"),
    done ? resize((width) => BinChart(s.points!, {width, nClasses})) : null,
  );
}

// (h) ---------------------------------------------------------------------------------------------------------

/** Section (h)'s state: the subset sizes, the results so far and a progress line (null when done). */
export interface SweepState {
  sizes: number[];
  results: {neurons: number; error: number}[];
  progress: string | null;
}

/** The subset sizes of section (h), up to the whole population. */
export function sweepSizes(nNeurons: number): number[] {
  return [10, 30, 100, 300, 1000, 3000, 10000, nNeurons].filter((n, i, all) => n <= nNeurons && all.indexOf(n) === i);
}

/**
 * Section (h): a circular decoder trained on a random subset of each size (drawn anew when `redraw` changes) and
 * scored on the test set; diverged sizes are named, not plotted.
 */
export async function sweepRun(
  d: DecodingData,
  net: NetworkSettings,
  recipe: Recipe,
  redraw: number,
  notify: (s: SweepState) => void,
  stopped: Stopped,
): Promise<void> {
  const sizes = sweepSizes(d.v1.nNeurons);
  const results: SweepState["results"] = [];
  const failures: string[] = [];
  for (const size of sizes) {
    if (stopped()) return;
    notify({results: results.slice(), progress: `Training on ${size.toLocaleString("en-US")} neurons…`, sizes});
    const subset = pickNeurons(d.v1.nNeurons, size, net.seed * 1000 + redraw * 17 + size);
    const spec: DecoderSpec = {
      kind: "circular",
      nNeurons: subset.length,
      hidden: net.hidden,
      activation: net.activation,
    };
    const xTrain = gather(d.v1.responses, d.v1.nNeurons, d.split.train, subset);
    const xTest = gather(d.v1.responses, d.v1.nNeurons, d.split.test, subset);
    const {r, out} = await trainAndDecode(
      d,
      spec,
      xTrain,
      targets(d.yTrain, "circular"),
      recipe,
      net.seed,
      stopped,
      undefined,
      xTest,
    );
    if (!out) return;
    const error = medianAngularError(decode(out, spec), d.yTest);
    if (Number.isFinite(error)) results.push({neurons: subset.length, error});
    else failures.push(`${size.toLocaleString("en-US")} neurons: ${r.message ?? "no finite predictions"}`);
  }
  notify({
    results,
    progress: failures.length ? `Not plotted (training diverged) — ${failures.join("; ")}` : null,
    sizes,
  });
}

/** Section (h)'s card: recipe, a status line with a progress bar (`.sweep-status`) and the error-vs-neurons chart. */
export function sweepCard(s: SweepState, recipe: Recipe, trainSize: number, resize: Resize): HTMLElement {
  const bar = document.createElement("progress");
  bar.max = s.sizes.length;
  bar.value = s.results.length;
  const status = el("div", `${s.progress ?? `Done: ${s.results.length} subset sizes.`} `, "sweep-status");
  status.append(bar);
  return card(
    360,
    recipeNote(recipe, trainSize),
    status,
    resize((width) => NeuronCountChart(s.results, {width})),
  );
}

// (g) ---------------------------------------------------------------------------------------------------------

/** One row of section (g)'s table. */
export interface ComparisonRow {
  decoder: string;
  iterations: number;
  mse: number | null;
  median: number | null;
  accuracy: number | null;
}

/** Section (g)'s table of the build's decoders and the reader's (class `decoder-comparison`). */
export function comparisonTable(rows: readonly ComparisonRow[]): HTMLTableElement {
  const fmt = (x: number | null, digits = 1) => (x == null ? "–" : x.toFixed(digits));
  const table = document.createElement("table");
  table.className = "decoder-comparison";
  table.innerHTML =
    "<thead><tr><th>Decoder</th><th>Iterations</th><th>Test MSE (deg²)</th><th>Median error (°)</th><th>Accuracy</th></tr></thead>";
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    const accuracy = r.accuracy == null ? "–" : `${(100 * r.accuracy).toFixed(1)}%`;
    for (const v of [r.decoder, String(r.iterations), fmt(r.mse, 0), fmt(r.median), accuracy])
      tr.insertCell().textContent = v;
  }
  return table;
}
