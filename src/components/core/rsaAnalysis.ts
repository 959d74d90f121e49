/**
 * The RSA pipeline shared by the build-time loader (`rsa.json`) and the RSA page: choose a neuron subset,
 * bin stimuli by orientation, compute the V1 RDM and every layer's RDM, compare each layer with V1 (with
 * bootstrap intervals over stimuli), estimate the split-half noise ceiling, and embed each RDM with MDS.
 * Steps are separate functions so the page can run the heavy V1 RDM on the GPU and show progress.
 */
import {binByOrientation} from "./binning.js";
import {bootstrapComparisons, type BootstrapInterval} from "./bootstrap.js";
import type {CompareMethod} from "./compare.js";
import {mds} from "./mds.js";
import {splitHalfCeiling, type NoiseCeiling} from "./noiseCeiling.js";
import {seededSource, sampleWithoutReplacement} from "./random.js";
import {rdm, selectColumns, type RdmMetric} from "./rdm.js";
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
  return layers.map((l) => ({
    network: l.network,
    layer: l.layer,
    nUnits: l.nUnits,
    rdm: layerRdm(binLayerGram(l, stimuli, binWidth), {metric}),
  }));
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
  const embed = (name: string, d: Float64Array) => {
    const m = mds(d, n);
    return {name, coords: Array.from(m.coords), explained: m.explained};
  };
  return {
    options,
    stimuli: Array.from(view.stimuli),
    n,
    comparisons: layers.map((l, k) => {
      const {samples: _drop, ...rest} = intervals[k];
      return {network: l.network, layer: l.layer, nUnits: l.nUnits, ...rest};
    }),
    ceiling: {...ceiling, perSplit: Array.from(ceiling.perSplit)},
    mds: [embed("V1", v1), ...layers.map((l) => embed(`${l.network} · ${l.layer}`, l.rdm))],
  };
}
