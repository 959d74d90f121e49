/**
 * The jobs the compute worker runs (runtime/computeWorker.ts serves them; runtime/compute.ts serves them in the
 * page itself where a browser cannot start the worker). The worker keeps the large data it is given (the V1
 * responses, the layers' Gram matrices) so later jobs send only their inputs; results come back to be drawn.
 *
 * The worker has its own ONNX Runtime, set up as every page's (runtime/page.ts), so the heavy RDMs run on the
 * backend the page asks for, off the main thread.
 */
import {backendState, requestBackend, type Backend, type BackendState} from "./page.js";
import {rdmOnDevice, ridgeScoresOnDevice} from "./analysis.js";
import {adapterSummary, timeBackends, workloadOf, type MeasuredWorkload} from "./measure.js";
import {readV1, type V1Dataset, type V1Source} from "../core/v1.js";
import {readLayerGrams, type LayerGram} from "../core/layerGrams.js";
import {layerRdms, rsaStages, v1View, type RsaOptions, type RsaProgress, type RsaSummary} from "../core/rsaAnalysis.js";
import {
  binnedGrams,
  layerSmoother,
  summarizeScores,
  targets,
  type FingerprintOptions,
  type LayerSummary,
} from "../core/fingerprintAnalysis.js";
import type {Job, JobContext} from "../core/workerProtocol.js";

/** What the page keeps of the V1 responses once the worker has them. */
export interface V1Meta {
  source: V1Source;
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/** What the page keeps of the network layers once the worker has them. */
export interface LayersMeta {
  stimuli: Float32Array;
  layers: {network: string; layer: string; nUnits: number}[];
}

/** A partial result of the "rsa" job: a stage of the analysis, with the backend it runs on. */
export type RsaUpdate = RsaProgress & {backend: BackendState};

const store: {v1?: V1Dataset; layers?: {stimuli: Float32Array; layers: LayerGram[]}} = {};

function need<K extends keyof typeof store>(key: K, job: string): NonNullable<(typeof store)[K]> {
  const value = store[key];
  if (!value) throw new Error(`${job}: the worker has no ${key} yet (run the "${key}" job first)`);
  return value as NonNullable<(typeof store)[K]>;
}

// At most one progress message per this many ms (the first and the last of a stage always go).
const PROGRESS_EVERY_MS = 100;

async function rsa(input: {options: RsaOptions; backend: Backend}, ctx: JobContext): Promise<RsaSummary> {
  const v1 = need("v1", "rsa");
  const net = need("layers", "rsa");
  const {options} = input;
  await requestBackend(input.backend);
  await ctx.checkpoint();
  const view = v1View(v1, options);
  await ctx.checkpoint();
  const layers = layerRdms(net.layers, net.stimuli, options);
  await ctx.checkpoint();
  const stages = rsaStages(view, layers, options, {largeRdm: (x, n, p, o) => rdmOnDevice(x, n, p, o)});
  let last = 0;
  for (;;) {
    const step = await stages.next();
    if (step.done) return step.value;
    const s = step.value;
    const t = performance.now();
    if (s.stage === "point" || s.done === 1 || s.done === s.total || t - last >= PROGRESS_EVERY_MS) {
      ctx.update({...s, backend: backendState()} satisfies RsaUpdate);
      last = t;
    }
    await ctx.checkpoint();
  }
}

/** A partial result of the "fingerprints" job. */
export type FingerprintUpdate =
  | {stage: "targets"; n: number; t: number; backend: BackendState}
  | {stage: "smoothers"; done: number; total: number; backend: BackendState};

/** The result of the "fingerprints" job. */
export interface FingerprintResult {
  /** scores[l][j]: held-out score of target j from layer l. */
  scores: Float64Array[];
  summary: LayerSummary[];
  n: number;
  t: number;
  backend: BackendState;
  /** Milliseconds of the batched prediction (ONNX Runtime). */
  tScores: number;
}

async function fingerprints(
  input: {options: FingerprintOptions; backend: Backend; preferred: Float32Array | null},
  ctx: JobContext,
): Promise<FingerprintResult> {
  const v1 = need("v1", "fingerprints");
  const net = need("layers", "fingerprints");
  const {options} = input;
  await requestBackend(input.backend);
  await ctx.checkpoint();
  const tg = targets(v1, input.preferred, options);
  ctx.update({stage: "targets", n: tg.n, t: tg.t, backend: backendState()} satisfies FingerprintUpdate);
  await ctx.checkpoint();
  const grams = binnedGrams(net.layers, net.stimuli, options.binWidth);
  const smoothers: Float64Array[] = [];
  for (const g of grams) {
    await ctx.checkpoint();
    smoothers.push(layerSmoother(g, options));
    ctx.update({
      stage: "smoothers",
      done: smoothers.length,
      total: grams.length,
      backend: backendState(),
    } satisfies FingerprintUpdate);
  }
  await ctx.checkpoint();
  const t0 = performance.now();
  const scores = await ridgeScoresOnDevice(smoothers, tg.y, tg.n, tg.t, {score: options.score});
  const tScores = performance.now() - t0;
  await ctx.checkpoint();
  ctx.transferResult(scores.map((s) => s.buffer));
  return {scores, summary: summarizeScores(net.layers, scores), n: tg.n, t: tg.t, backend: backendState(), tScores};
}

/** Every job, by name. */
export const COMPUTE_JOBS: Record<string, Job> = {
  /** Asks for a backend; returns the state (which one runs, and why when it is not the one asked for). */
  backend: async (input: {backend: Backend}) => requestBackend(input.backend),
  /** The GPU adapter as this worker sees it (null without WebGPU). */
  adapter: () => adapterSummary(),
  /** Median ms per run of a workload on each backend (runtime/measure.ts), then `restore` requested again. */
  measure: (input: {workload: string; restore?: Backend} & Partial<MeasuredWorkload>) =>
    timeBackends(workloadOf(input), {restore: input.restore}),
  /** Keeps the V1 responses (`v1-responses.arrow` bytes, moved here) and returns what the page draws with. */
  v1: (input: {bytes: ArrayBuffer}): V1Meta => {
    const v1 = (store.v1 = readV1(input.bytes));
    return {source: v1.source, stimuli: v1.stimuli.slice(), nStimuli: v1.nStimuli, nNeurons: v1.nNeurons};
  },
  /** Keeps the layers' Gram matrices (`rsa-layers.arrow` bytes) and returns their names and the stimuli. */
  layers: (input: {bytes: ArrayBuffer}): LayersMeta => {
    const net = (store.layers = readLayerGrams(input.bytes));
    return {
      stimuli: net.stimuli.slice(),
      layers: net.layers.map(({network, layer, nUnits}) => ({network, layer, nUnits})),
    };
  },
  /** The RSA page's analysis: point estimates first, then the noise ceiling and bootstrap as they finish. */
  rsa,
  /** The fingerprint page's fit: every target's held-out score from every layer (ridge, cross-validated). */
  fingerprints,
};
