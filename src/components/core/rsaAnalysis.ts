/**
 * The RSA pipeline shared by the build-time loader (`rsa.json`) and the RSA page: choose a neuron subset,
 * bin stimuli by orientation, compute the V1 RDM and every layer's RDM, compare each layer with V1 (with
 * bootstrap intervals over stimuli), estimate the split-half noise ceiling, and embed each RDM with MDS.
 * Steps are separate functions so the page can run the heavy V1 RDM on the GPU and show progress;
 * {@link rsaStages} runs them in the order the page draws (point estimates first, then the noise ceiling and
 * the bootstrap intervals, one split or resample at a time) and ends with the same summary as {@link summarize}.
 */
import {binByOrientation} from "./binning.js";
import {bootstrapComparisons, bootstrapSteps, pointComparisons, type BootstrapInterval} from "./bootstrap.js";
import {correlate, type CompareMethod} from "./compare.js";
import {mds} from "./mds.js";
import {ceilingFromSplits, neuronHalves, splitHalfCeiling, type NoiseCeiling} from "./noiseCeiling.js";
import {seededSource, sampleWithoutReplacement} from "./random.js";
import {rdm, selectColumns, upperTriangle, type RdmMetric} from "./rdm.js";
import {binLayerGram, layerRdm, type LayerGram} from "./layerGrams.js";

/** Inputs of the RSA page, with the defaults the loader precomputes. */
export interface RsaOptions {
  metric: RdmMetric;
  method: CompareMethod;
  /** Orientation bin width in degrees. */
  binWidth: number;
  /** Number of neurons used (random subset); the whole population when ≥ nNeurons. */
  neurons: number;
  /** Seed of the neuron subset, bootstrap and splits. */
  seed: number;
  /** Bootstrap resamples. */
  samples: number;
  /** Random split halves for the noise ceiling. */
  splits: number;
}

/** The defaults shared by the loader and the page's inputs. */
export const RSA_DEFAULTS: Readonly<RsaOptions> = Object.freeze({
  metric: "correlation",
  method: "spearman",
  binWidth: 5,
  neurons: 23589,
  seed: 1,
  samples: 200,
  splits: 10,
});

/** V1 responses after choosing neurons and binning. */
export interface V1View {
  responses: Float32Array;
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/** A random subset of `neurons` neurons (sorted, seeded), binned by orientation. */
export function v1View(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  {neurons, binWidth, seed}: Pick<RsaOptions, "neurons" | "binWidth" | "seed">,
): V1View {
  let responses = v1.responses;
  let k = v1.nNeurons;
  if (neurons < v1.nNeurons) {
    const chosen = Uint32Array.from(sampleWithoutReplacement(v1.nNeurons, neurons, seededSource(seed))).sort();
    responses = selectColumns(v1.responses, v1.nStimuli, v1.nNeurons, chosen);
    k = neurons;
  }
  const binned = binByOrientation(responses, v1.stimuli, k, binWidth);
  return {responses: binned.responses, stimuli: binned.stimuli, nStimuli: binned.nStimuli, nNeurons: k};
}

/** The V1 RDM of a view, computed in TypeScript (the page's GPU path gives the same numbers). */
export function v1Rdm(view: V1View, {metric}: Pick<RsaOptions, "metric">): Float64Array {
  return rdm(view.responses, view.nStimuli, view.nNeurons, {metric});
}

/** A layer's RDM on the binned stimuli. */
export interface LayerRdm {
  network: string;
  layer: string;
  nUnits: number;
  rdm: Float64Array;
}

/** Every layer's RDM after binning its 1° Grams (`stimuli` are the 1° stimuli the Grams were computed on). */
export function layerRdms(
  layers: LayerGram[],
  stimuli: ArrayLike<number>,
  {binWidth, metric}: Pick<RsaOptions, "binWidth" | "metric">,
): LayerRdm[] {
  return rdmsOfLayers(
    layers.map((l) => binLayerGram(l, stimuli, binWidth)),
    {metric},
  );
}

/** Every layer's RDM from Grams already on the binned stimuli (e.g. `layerGramsBinnedAt` for a reader's data). */
export function rdmsOfLayers(layers: LayerGram[], {metric}: Pick<RsaOptions, "metric">): LayerRdm[] {
  return layers.map((l) => ({network: l.network, layer: l.layer, nUnits: l.nUnits, rdm: layerRdm(l, {metric})}));
}

/** Everything the RSA page draws, as plain arrays (JSON-friendly). */
export interface RsaSummary {
  options: RsaOptions;
  stimuli: number[];
  n: number;
  comparisons: ({network: string; layer: string; nUnits: number} & Omit<BootstrapInterval, "samples">)[];
  ceiling: Omit<NoiseCeiling, "perSplit"> & {perSplit: number[]};
  /** 2-D MDS of V1's RDM and each layer's, in the order V1, layers. */
  mds: {name: string; coords: number[]; explained: number}[];
}

/**
 * Compares every layer with V1, adds the noise ceiling (computed here unless `ceiling` is given, e.g. by the
 * page's GPU path) and the MDS embeddings.
 */
export function summarize(
  view: V1View,
  v1: Float64Array,
  layers: LayerRdm[],
  options: RsaOptions,
  {ceiling: given}: {ceiling?: NoiseCeiling} = {},
): RsaSummary {
  const n = view.nStimuli;
  const {method, samples, seed, metric, splits} = options;
  const intervals = bootstrapComparisons(
    v1,
    layers.map((l) => l.rdm),
    n,
    {method, samples, seed},
  );
  const ceiling = given ?? splitHalfCeiling(view.responses, n, view.nNeurons, {metric, method, splits, seed});
  return assemble(view, layers, options, intervals, ceiling, embedAll(v1, layers, n));
}

/** 2-D MDS of V1's RDM and of each layer's, in that order. */
function embedAll(v1: Float64Array, layers: LayerRdm[], n: number): RsaSummary["mds"] {
  const embed = (name: string, d: Float64Array) => {
    const m = mds(d, n);
    return {name, coords: Array.from(m.coords), explained: m.explained};
  };
  return [embed("V1", v1), ...layers.map((l) => embed(`${l.network} · ${l.layer}`, l.rdm))];
}

function assemble(
  view: V1View,
  layers: LayerRdm[],
  options: RsaOptions,
  intervals: BootstrapInterval[],
  ceiling: NoiseCeiling,
  embeddings: RsaSummary["mds"],
): RsaSummary {
  return {
    options,
    stimuli: Array.from(view.stimuli),
    n: view.nStimuli,
    comparisons: layers.map((l, k) => {
      const {samples: _drop, ...rest} = intervals[k];
      return {network: l.network, layer: l.layer, nUnits: l.nUnits, ...rest};
    }),
    ceiling: {...ceiling, perSplit: Array.from(ceiling.perSplit)},
    mds: embeddings,
  };
}

/** An RDM routine for the large matrices (V1's and, when big, the split halves'): ONNX Runtime in the pages. */
export type RdmRoutine = (
  x: Float32Array,
  n: number,
  p: number,
  options: {metric: RdmMetric},
) => Float64Array | Promise<Float64Array>;

/** What the page can draw before the intervals: every RDM, each layer's correlation with V1, the MDS maps. */
export interface RsaPoint {
  stimuli: Float32Array;
  v1Rdm: Float64Array;
  layers: LayerRdm[];
  /** Each layer's comparison with V1 on all stimuli (the bars before their whiskers). */
  estimates: number[];
  mds: RsaSummary["mds"];
}

/** What {@link rsaStages} yields as it goes. */
export type RsaProgress =
  | ({stage: "point"} & RsaPoint)
  | {stage: "ceiling"; done: number; total: number}
  | {stage: "bootstrap"; done: number; total: number};

/**
 * The analysis in the order the page draws it: V1's RDM (through `largeRdm` when given, e.g. ONNX Runtime),
 * point estimates and MDS; then the noise ceiling, one random split at a time (halves with more than
 * `largeAbove` multiply-adds also go through `largeRdm`); then the bootstrap, one resample at a time.
 * Returns the summary {@link summarize} gives for the same V1 RDM and ceiling (the unit tests check they are equal).
 */
export async function* rsaStages(
  view: V1View,
  layers: LayerRdm[],
  options: RsaOptions,
  {largeRdm, largeAbove = 5e8}: {largeRdm?: RdmRoutine; largeAbove?: number} = {},
): AsyncGenerator<RsaProgress, RsaSummary> {
  const {nStimuli: n, nNeurons: p, responses} = view;
  const {metric, method, samples, seed, splits} = options;
  const v1 = largeRdm ? await largeRdm(responses, n, p, {metric}) : rdm(responses, n, p, {metric});
  const rdms = layers.map((l) => l.rdm);
  const embeddings = embedAll(v1, layers, n);
  yield {
    stage: "point",
    stimuli: view.stimuli,
    v1Rdm: v1,
    layers,
    estimates: pointComparisons(v1, rdms, n, {method}),
    mds: embeddings,
  };

  const perSplit = new Float64Array(splits);
  let s = 0;
  for (const halves of neuronHalves(p, {splits, seed})) {
    const tri: Float64Array[] = [];
    for (const cols of halves) {
      const x = selectColumns(responses, n, p, cols);
      const d =
        largeRdm && n * n * cols.length > largeAbove
          ? await largeRdm(x, n, cols.length, {metric})
          : rdm(x, n, cols.length, {metric});
      tri.push(upperTriangle(d, n));
    }
    perSplit[s++] = correlate(tri[0], tri[1], {method});
    yield {stage: "ceiling", done: s, total: splits};
  }
  const ceiling = ceilingFromSplits(perSplit);

  const steps = bootstrapSteps(v1, rdms, n, {method, samples, seed});
  let step = steps.next();
  while (!step.done) {
    yield {stage: "bootstrap", done: step.value, total: samples};
    step = steps.next();
  }
  return assemble(view, layers, options, step.value, ceiling, embeddings);
}
