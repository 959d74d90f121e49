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
import {layerGramsBinnedAt, readLayerGrams, type LayerGram} from "../core/layerGrams.js";
import {blobFile, datasetGram, datasetTuning, readUserDataset, type UserDataset} from "../core/userData.js";
import {loadDataset, saveDataset, saveGram, type StoredInfo} from "./datasetStore.js";
import {
  rdmsOfLayers,
  rsaStages,
  v1View,
  type RsaOptions,
  type RsaProgress,
  type RsaSummary,
} from "../core/rsaAnalysis.js";
import {
  layerSmoother,
  summarizeScores,
  targets,
  type FingerprintOptions,
  type LayerSummary,
} from "../core/fingerprintAnalysis.js";
import {
  datasetSheet,
  searchlightStages,
  sheetOf,
  sheetTargets,
  targetsOf,
  type SearchlightOptions,
  type SearchlightProgress,
  type SearchlightResult,
} from "../core/searchlightAnalysis.js";
import type {SimulatedSheet} from "../core/simulatedSheet.js";
import type {LayerTarget, Sheet} from "../core/searchlight.js";
import {runOnce} from "./runtime.js";
import {modelJobs} from "./modelJobs.js";
import type {Job, JobContext} from "../core/workerProtocol.js";

/** What the page keeps of the V1 responses once the worker has them. */
export interface V1Meta {
  source: V1Source;
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  /** Dimensions of the neuron positions when the dataset has them (a reader's npz with `xyz` or `pos`, or CSV rows x, y, z). */
  positionDims?: 2 | 3;
}

/** What the page keeps of the network layers once the worker has them. */
export interface LayersMeta {
  stimuli: Float32Array;
  layers: {network: string; layer: string; nUnits: number}[];
}

/** A partial result of the "rsa" job: a stage of the analysis, with the backend it runs on. */
export type RsaUpdate = RsaProgress & {backend: BackendState};

const store: {
  v1?: V1Dataset;
  /** The layers every analysis reads: the built-in ones, then a reader's model's ("your model"). */
  layers?: {stimuli: Float32Array; layers: LayerGram[]};
  /** The built-in layers (`rsa-layers.arrow`) and the reader's model's layers on the same stimuli. */
  builtin?: {stimuli: Float32Array; layers: LayerGram[]};
  model?: LayerGram[] | null;
  /** Preferred orientations of a reader's neurons (the built-in ones come from `v1-neurons.arrow`). */
  preferred?: Float32Array | null;
  /** The layers' binned Grams on the V1 stimuli (different from the layers' own for a reader's dataset). */
  aligned?: {v1: V1Dataset; layers: {stimuli: Float32Array; layers: LayerGram[]}; binWidth: number; grams: LayerGram[]};
  /** The searchlight's simulated sheet, for the bin width it was drawn at. */
  sheet?: {layers: {stimuli: Float32Array; layers: LayerGram[]}; binWidth: number; sheet: SimulatedSheet};
} = {};

/**
 * The layers' Grams on the V1 data's stimuli, binned by `binWidth` (core/layerGrams.ts `layerGramsBinnedAt`: the
 * layers' own binned Grams for the built-in data), kept for the next job with the same data and bin width.
 */
function layersOnV1(v1: V1Dataset, net: {stimuli: Float32Array; layers: LayerGram[]}, binWidth: number): LayerGram[] {
  let a = store.aligned;
  if (a?.v1 !== v1 || a.layers !== net || a.binWidth !== binWidth)
    a = store.aligned = {
      v1,
      layers: net,
      binWidth,
      grams: layerGramsBinnedAt(net.layers, net.stimuli, v1.stimuli, binWidth),
    };
  return a.grams;
}

/** The built-in layers followed by the reader's model's: a new object, so the caches keyed on it start again. */
function mergeLayers(): LayersMeta {
  const builtin = need("builtin", "layers");
  const net = (store.layers = {stimuli: builtin.stimuli, layers: [...builtin.layers, ...(store.model ?? [])]});
  return {
    stimuli: net.stimuli.slice(),
    layers: net.layers.map(({network, layer, nUnits}) => ({network, layer, nUnits})),
  };
}

/** Keeps a dataset in the worker and returns what the page draws with. */
function keepV1(v1: V1Dataset & Pick<UserDataset, "positions">, preferred: Float32Array | null): V1Meta {
  store.v1 = v1;
  store.preferred = preferred;
  const meta: V1Meta = {source: v1.source, stimuli: v1.stimuli.slice(), nStimuli: v1.nStimuli, nNeurons: v1.nNeurons};
  if (v1.positions) meta.positionDims = v1.positions.dims;
  return meta;
}

/** A partial result of the "readDataset" job. */
export type ReadDatasetUpdate = {stage: "reading"; rows: number} | {stage: "summaries" | "saving"};

/**
 * Reads a reader's file (a File, moved here), z-scores it, computes its summaries, keeps it in IndexedDB and in the
 * worker. Any fault rejects with the reader's message and leaves both the stored and the worker's dataset as they were.
 */
async function readDataset(
  input: {file: Blob & {name: string}; orientationColumn?: string},
  ctx: JobContext,
): Promise<StoredInfo> {
  const dataset = await readUserDataset(blobFile(input.file, input.file.name), {
    orientationColumn: input.orientationColumn,
    onProgress: (rows) => ctx.update({stage: "reading", rows} satisfies ReadDatasetUpdate),
  });
  ctx.update({stage: "summaries"} satisfies ReadDatasetUpdate);
  await ctx.checkpoint();
  // The Gram matrix follows ("storedGram"), so the pages can draw before it is done.
  const summaries = {neurons: datasetTuning(dataset), gram: null};
  ctx.update({stage: "saving"} satisfies ReadDatasetUpdate);
  const saved = await saveDataset(dataset, summaries);
  keepV1(dataset, summaries.neurons.preferred);
  return {source: dataset.source, storedBytes: saved.storedBytes, savedAt: saved.savedAt};
}

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
  const grams = layersOnV1(v1, net, options.binWidth);
  await ctx.checkpoint();
  const view = v1View(v1, options);
  await ctx.checkpoint();
  const layers = rdmsOfLayers(grams, options);
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
  /** Layer `index` is done (`done` of `total`): its every target's score. */
  | {stage: "layer"; index: number; scores: Float64Array; done: number; total: number; backend: BackendState};

/** The result of the "fingerprints" job. */
export interface FingerprintResult {
  /** scores[l][j]: held-out score of target j from layer l. */
  scores: Float64Array[];
  summary: LayerSummary[];
  n: number;
  t: number;
  backend: BackendState;
  /** Milliseconds of the predictions (ONNX Runtime), all layers together. */
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
  const tg = targets(v1, input.preferred ?? store.preferred ?? null, options);
  ctx.update({stage: "targets", n: tg.n, t: tg.t, backend: backendState()} satisfies FingerprintUpdate);
  await ctx.checkpoint();
  const grams = layersOnV1(v1, net, options.binWidth);
  // Layer by layer: the smoother, then every target's score from it (one product on the backend), sent as it is done.
  const scores: Float64Array[] = [];
  let tScores = 0;
  for (const g of grams) {
    await ctx.checkpoint();
    const smoother = layerSmoother(g, options);
    await ctx.checkpoint();
    const t0 = performance.now();
    const [layerScores] = await ridgeScoresOnDevice([smoother], tg.y, tg.n, tg.t, {score: options.score});
    tScores += performance.now() - t0;
    scores.push(layerScores);
    ctx.update({
      stage: "layer",
      index: scores.length - 1,
      scores: layerScores,
      done: scores.length,
      total: grams.length,
      backend: backendState(),
    } satisfies FingerprintUpdate);
  }
  await ctx.checkpoint();
  ctx.transferResult(scores.map((s) => s.buffer));
  return {scores, summary: summarizeScores(net.layers, scores), n: tg.n, t: tg.t, backend: backendState(), tScores};
}

/** A partial result of the "searchlight" job: the grid, then the maps as they fill in (copies), then the test. */
export type SearchlightUpdate =
  | Extract<SearchlightProgress, {stage: "grid"}>
  | (Extract<SearchlightProgress, {stage: "permutations"}> & {backend: BackendState})
  | {
      stage: "maps";
      done: number;
      total: number;
      best: Int16Array;
      bestScore: Float32Array;
    };

/** Which sheet the searchlight runs on: the simulated one, or the worker's dataset on its own neuron positions. */
export type SearchlightSheet = "simulated" | "dataset";

/**
 * The searchlight page's analysis: the maps stream in, then the permutation test. The searchlights' Gram matrices and
 * the test's products (Spearman's ρ; Kendall's τ-a stays in TypeScript) run on ONNX Runtime on the backend asked for.
 */
async function searchlight(
  input: {options: SearchlightOptions; backend: Backend; sheet?: SearchlightSheet},
  ctx: JobContext,
): Promise<SearchlightResult & {backend: BackendState}> {
  const net = need("layers", "searchlight");
  const {options} = input;
  await requestBackend(input.backend);
  await ctx.checkpoint();
  let sheet: Sheet;
  let layerTargets: LayerTarget[];
  if (input.sheet === "dataset") {
    const v1 = need("v1", "searchlight") as V1Dataset & Pick<UserDataset, "positions">;
    if (!v1.positions)
      throw new Error(
        `${v1.source.file ?? "this dataset"} has no neuron positions (an npz key xyz or pos, neurons × 2 or 3)`,
      );
    sheet = datasetSheet(v1, options.binWidth);
    await ctx.checkpoint();
    layerTargets = targetsOf(layersOnV1(v1, net, options.binWidth), options.networks);
  } else {
    let kept = store.sheet;
    if (kept?.layers !== net || kept.binWidth !== options.binWidth)
      kept = store.sheet = {layers: net, binWidth: options.binWidth, sheet: sheetOf(net, options.binWidth)};
    sheet = kept.sheet;
    layerTargets = sheetTargets(net, options);
  }
  await ctx.checkpoint();
  const stages = searchlightStages(sheet, layerTargets, options, {run: runOnce});
  let last = 0;
  for (;;) {
    const step = await stages.next();
    if (step.done) return {...step.value, backend: backendState()};
    const s = step.value;
    const t = performance.now();
    if (s.stage === "grid") ctx.update(s satisfies SearchlightUpdate);
    else if (s.done === s.total || t - last >= PROGRESS_EVERY_MS * 3) {
      if (s.stage === "maps") {
        const {done, total, maps} = s;
        ctx.update({
          stage: "maps",
          done,
          total,
          best: maps.best.slice(),
          bestScore: maps.bestScore.slice(),
        } satisfies SearchlightUpdate);
      } else ctx.update({...s, backend: backendState()} satisfies SearchlightUpdate);
      last = t;
    }
    await ctx.checkpoint();
  }
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
  v1: (input: {bytes: ArrayBuffer}): V1Meta => keepV1(readV1(input.bytes), null),
  /** Reads a reader's own file ("Your data"), keeps it here and in IndexedDB; returns its description. */
  readDataset,
  /**
   * The reader's stored dataset's Gram matrix (null beyond MAX_GRAM_STIMULI stimuli): computed here once, with the
   * build's function, and stored beside the dataset.
   */
  storedGram: async (_input: unknown, ctx: JobContext): Promise<Float64Array | null> => {
    const stored = await loadDataset();
    if (!stored) throw new Error("your dataset is no longer stored in this browser; choose the file again");
    let gram = stored.summaries.gram;
    if (!gram) {
      await ctx.checkpoint();
      gram = datasetGram(stored.dataset);
      if (gram) await saveGram(gram);
    }
    if (gram) ctx.transferResult([gram.buffer]);
    return gram;
  },
  /** Keeps the reader's stored dataset (IndexedDB) in the worker; fails when there is none. */
  storedV1: async (): Promise<V1Meta> => {
    const stored = await loadDataset();
    if (!stored) throw new Error("your dataset is no longer stored in this browser; choose the file again");
    return keepV1(stored.dataset, stored.summaries.neurons.preferred);
  },
  /** Keeps the layers' Gram matrices (`rsa-layers.arrow` bytes) and returns their names and the stimuli. */
  layers: (input: {bytes: ArrayBuffer}): LayersMeta => {
    store.builtin = readLayerGrams(input.bytes);
    return mergeLayers();
  },
  /** A reader's ONNX model: read it, put its chosen layers into the analyses, restore or drop them (modelJobs.ts). */
  ...modelJobs<LayersMeta>({
    stimuli: () => need("builtin", "modelLayers").stimuli,
    setModel: (grams) => ((store.model = grams), mergeLayers()),
  }),
  /** The RSA page's analysis: point estimates first, then the noise ceiling and bootstrap as they finish. */
  rsa,
  /** The fingerprint page's fit: every target's held-out score from every layer (ridge, cross-validated). */
  fingerprints,
  /** The searchlight page: local RDMs over a sheet (simulated, or the dataset's positions) against the layers, then permutations. */
  searchlight,
};
