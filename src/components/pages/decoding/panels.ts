/**
 * The decoding page's sections (a), (d) and (g): the untrained networks' answers, the live trainer's status and
 * test card, and the build-time decoders rerun next to the reader's.
 */
import {angularError, toModelBytes, type Model, type Weights} from "@brain-nets/models";
import {gather, meanSquaredError, medianAngularError, pickNeurons} from "../../core/decodingData.js";
import {decode, decoderModel, type DecoderSpec} from "../../core/decoders.js";
import type {V1Dataset} from "../../core/v1.js";
import {runOnce} from "../../runtime/runtime.js";
import {predict} from "../../training/decoding.js";
import type {TrainerSnapshot} from "../../training/trainer.js";
import {PredictionChart, type Decoded} from "../../charts/decodingPlots.js";
import {LossChart} from "../../charts/lossChart.js";
import {card, el, warning} from "../../ui/card.js";
import type {DecodingData, NetworkSettings, Resize} from "./sections.js";

/** Section (a): the linear and the ReLU decoder of the reader's architecture, at their initial weights. */
export function untrainedNetworks(nIn: number, {hidden, seed}: NetworkSettings) {
  const models = {
    linear: decoderModel({kind: "regression", nNeurons: nIn, hidden, activation: "linear"}),
    relu: decoderModel({kind: "regression", nNeurons: nIn, hidden, activation: "relu"}),
  };
  return {models, weights: {linear: models.linear.initWeights(seed), relu: models.relu.initWeights(seed)}};
}

/** Section (a): what both untrained networks answer to test stimulus `pick`, and their hidden units' activations. */
export async function untrainedAnswers(untrained: ReturnType<typeof untrainedNetworks>, d: DecodingData, pick: number) {
  const x = d.xTest.subarray(pick * d.nIn, (pick + 1) * d.nIn);
  const rows: {network: string; decoded: number}[] = [];
  const hidden: {network: string; unit: number; activation: number}[] = [];
  for (const name of ["linear", "relu"] as const) {
    const network = `${name} hidden layer`;
    const g = untrained.models[name].inferenceGraph(untrained.weights[name], {activations: true});
    const out = await runOnce(toModelBytes(g), {x: {data: x, dims: [1, d.nIn]}}, ["y", "activation.hidden1"]);
    rows.push({network, decoded: out.y.data[0]});
    out["activation.hidden1"].data.forEach((activation, unit) => hidden.push({network, unit, activation}));
  }
  return {rows, hidden, truth: d.yTest[pick]};
}

/** Section (d)'s status line (`.train-status`, with the state in data attributes), message and loss chart. */
export function trainStatusCard(
  s: TrainerSnapshot,
  {architecture, settings, iterations}: {architecture: string; settings: string; iterations: number},
  resize: Resize,
): HTMLElement {
  const status = el(
    "div",
    `${architecture}, ${settings}: step ${s.step} of ${iterations} (${s.status}) `,
    "train-status",
  );
  Object.assign(status.dataset, {status: s.status, step: s.step, losses: JSON.stringify(s.losses), architecture});
  const progress = document.createElement("progress");
  progress.max = iterations;
  progress.value = s.step;
  status.append(progress);
  return card(
    330,
    status,
    warning(s.message),
    resize((width) => LossChart(s.losses, {width, iterations, label: "Training loss (MSE, deg²)"})),
  );
}

/** A trained decoder's test-set result. */
export interface TestResult {
  weights: Weights;
  points: Decoded[];
  mse: number;
  median: number;
}

/** Scores `model` with `weights` on the test set. */
export async function testResult(
  model: Model,
  spec: DecoderSpec,
  weights: Weights,
  d: DecodingData,
): Promise<TestResult> {
  const decoded = decode(await predict(model, weights, d.xTest, d.split.test.length), spec);
  const points = Array.from(decoded, (v, i) => ({truth: d.yTest[i], decoded: v}));
  return {weights, points, mse: meanSquaredError(decoded, d.yTest), median: medianAngularError(decoded, d.yTest)};
}

/** Section (d)'s test card (`.test-predictions`, with the step and predictions in data attributes). */
export function testCard(r: TestResult, step: number, resize: Resize): HTMLElement {
  const title = `Test set after ${step} steps: MSE = ${r.mse.toFixed(0)} deg², median error ${r.median.toFixed(1)}°`;
  const c = card(
    370,
    el("h3", title),
    resize((width) => PredictionChart(r.points, {width})),
  );
  c.classList.add("test-predictions");
  Object.assign(c.dataset, {step, predictions: JSON.stringify(r.points.map((p) => p.decoded)), mse: r.mse});
  return c;
}

/** A build-time decoder's report (`data/decoders/<name>.json`), as far as the page reads it. */
export interface DecoderReport {
  name: string;
  kind: DecoderSpec["kind"];
  nClasses?: number;
  source: unknown;
  test: {stimulus: number[]; truth: number[]; decoded: number[]};
}

/**
 * Section (g): reruns a build-time decoder (`bytes`) here on its test stimuli and all neurons; returns its
 * predictions, its median error and the largest difference from the build's own predictions (degrees).
 */
export async function rerunBuildDecoder(report: DecoderReport, bytes: Uint8Array, v1: V1Dataset) {
  // The build's decoders read the built-in recording's neurons: on a reader's own data they have nothing to read.
  if (v1.source.kind === "user") return null;
  const rows = report.test.stimulus;
  const x = gather(v1.responses, v1.nNeurons, rows, pickNeurons(v1.nNeurons, v1.nNeurons));
  const {y} = await runOnce(bytes, {x: {data: x, dims: [rows.length, v1.nNeurons]}}, ["y"]);
  const decoded = decode(y.data, {kind: report.kind, nClasses: report.nClasses ?? 8});
  const maxDiff = Math.max(...Array.from(decoded, (v, i) => angularError(v, report.test.decoded[i])));
  const points = Array.from(decoded, (v, i) => ({truth: report.test.truth[i], decoded: v}));
  return {report, points, maxDiff, median: medianAngularError(decoded, report.test.truth)};
}

/**
 * Section (g): the build's decoder beside the reader's, the rerun check (`.pretrained-check`) and, when the build's
 * decoders saw other data than the page loaded, a warning to rebuild.
 */
export function buildVersusYours(
  build: Awaited<ReturnType<typeof rerunBuildDecoder>>,
  yours: TestResult,
  {step, backend, v1}: {step: number; backend: string; v1: V1Dataset},
  resize: Resize,
): DocumentFragment {
  const grid = document.createElement("div");
  grid.className = "grid grid-cols-2";
  const yoursCard = card(
    350,
    el("h3", `Yours, ${step} steps: median error ${yours.median.toFixed(1)}°`),
    resize((width) => PredictionChart(yours.points, {width, height: 290})),
  );
  if (!build) {
    const out = document.createDocumentFragment();
    grid.append(
      yoursCard,
      card(
        350,
        el("h3", "Build-time decoders"),
        el(
          "p",
          `They were trained on the built-in recording's neurons, so they cannot read your ${v1.nNeurons.toLocaleString("en-US")} neurons. Go back to the built-in data (top of the page) to compare with them.`,
          "pretrained-user-data",
        ),
      ),
    );
    out.append(grid);
    return out;
  }
  grid.append(
    card(
      350,
      el("h3", `Build "${build.report.name}": median error ${build.median.toFixed(1)}°`),
      resize((width) => PredictionChart(build.points, {width, height: 290, fill: "#6a51a3"})),
    ),
    yoursCard,
  );
  const ran = backend === "webgpu" ? "WebGPU" : "WASM";
  const check = el(
    "p",
    `Rerun in this browser on ${ran}: the largest difference from the build's own predictions is ${build.maxDiff.toFixed(3)}°.`,
    "pretrained-check",
  );
  const stale = JSON.stringify(build.report.source) !== JSON.stringify(v1.source) || build.maxDiff > 1;
  const note = stale
    ? warning(
        "⚠ The build-time decoders were trained on other data than this page loaded (a stale build cache: rebuild with `npm run clean && npm run build`), so their predictions here differ from the build's.",
        "pretrained-warning",
      )
    : null;
  const out = document.createDocumentFragment();
  out.append(grid, check, ...(note ? [note] : []));
  return out;
}
