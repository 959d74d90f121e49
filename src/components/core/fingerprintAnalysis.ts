/**
 * Layer fingerprints (Eickenberg, Gramfort, Varoquaux & Thirion 2017, NeuroImage 152): every target (a V1
 * neuron, or a pseudo-voxel averaging a group of neurons) is predicted from each layer's activations by
 * ridge regression and scored on held-out stimuli; the per-layer scores of a target are its fingerprint.
 * Shared by the build-time loader (`fingerprints.json`) and the fingerprint page.
 */
import {binByOrientation} from "./binning.js";
import {permutation, seededSource} from "./random.js";
import {cvSmoothers, nanMean, predictScores, type RidgeScore} from "./ridge.js";
import {binLayerGram, type LayerGram} from "./layerGrams.js";

/** Inputs of the fingerprint page, with the defaults the loader precomputes. */
export interface FingerprintOptions {
  /** Orientation bin width in degrees (stimuli after binning are the regression's samples). */
  binWidth: number;
  /** Neurons per pseudo-voxel (1: single neurons). */
  groupSize: number;
  /** How neurons are grouped into pseudo-voxels. */
  grouping: "random" | "preferred";
  /** Ridge penalty relative to the layer's kernel scale (see ridge.ts `cvSmoothers`). */
  alpha: number;
  /** Cross-validation folds over stimuli. */
  folds: number;
  score: RidgeScore;
  seed: number;
}

/** Defaults shared by the loader and the page. The loader replaces `alpha` by its cross-validated choice. */
export const FINGERPRINT_DEFAULTS: Readonly<FingerprintOptions> = Object.freeze({
  binWidth: 4,
  groupSize: 1,
  grouping: "random",
  alpha: 1,
  folds: 5,
  score: "r2",
  seed: 1,
});

/** Regression targets: stimuli × targets, row = binned stimulus. */
export interface Targets {
  y: Float32Array;
  n: number;
  t: number;
  stimuli: Float32Array;
}

/**
 * Bins the V1 responses and averages neurons into pseudo-voxels of `groupSize`: random groups (mouse V1
 * has no orientation columns, so neighbouring neurons are tuned to anything: "salt and pepper") or groups of
 * neurons with neighbouring preferred orientations (what a voxel over orientation columns would see).
 * Leftover neurons that do not fill a group are dropped.
 */
export function targets(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  preferred: ArrayLike<number> | null,
  {binWidth, groupSize, grouping, seed}: Pick<FingerprintOptions, "binWidth" | "groupSize" | "grouping" | "seed">,
): Targets {
  const binned = binByOrientation(v1.responses, v1.stimuli, v1.nNeurons, binWidth);
  const n = binned.nStimuli;
  const p = v1.nNeurons;
  if (groupSize <= 1) return {y: binned.responses, n, t: p, stimuli: binned.stimuli};
  let order: ArrayLike<number>;
  if (grouping === "preferred") {
    if (!preferred)
      throw new Error("targets: grouping by preferred orientation needs the neurons' preferred orientations");
    order = Uint32Array.from({length: p}, (_, i) => i).sort((a, b) => preferred[a] - preferred[b]);
  } else order = permutation(p, seededSource(seed));
  const t = Math.floor(p / groupSize);
  const y = new Float32Array(n * t);
  for (let i = 0; i < n; i++)
    for (let v = 0; v < t; v++) {
      let s = 0;
      for (let k = 0; k < groupSize; k++) s += binned.responses[i * p + order[v * groupSize + k]];
      y[i * t + v] = s / groupSize;
    }
  return {y, n, t, stimuli: binned.stimuli};
}

/** Each layer's binned Gram, ready for {@link layerSmoother}. */
export function binnedGrams(layers: LayerGram[], stimuli: ArrayLike<number>, binWidth: number): LayerGram[] {
  return layers.map((l) => binLayerGram(l, stimuli, binWidth));
}

/** The cross-validated ridge smoother P (n × n) of one layer: held-out predictions are P Y. */
export function layerSmoother(
  layer: LayerGram,
  {alpha, folds, seed}: Pick<FingerprintOptions, "alpha" | "folds" | "seed">,
): Float64Array {
  return cvSmoothers(layer.gram, layer.n, [alpha], {folds, seed})[0];
}

/** Per-target held-out scores of every layer (TypeScript path): `scores[l][j]` for layer l, target j. */
export function fingerprintScores(layers: LayerGram[], tg: Targets, options: FingerprintOptions): Float64Array[] {
  return layers.map((l) => predictScores(layerSmoother(l, options), tg.y, tg.n, tg.t, {score: options.score}));
}

/** What the fingerprint page draws about one layer. */
export interface LayerSummary {
  network: string;
  layer: string;
  mean: number;
  /** 95% interval of the mean over targets (mean ± 1.96 standard errors). */
  lo: number;
  hi: number;
  /** Share of targets whose best layer (within the same network) this is. */
  bestShare: number;
}

/** Mean score per layer with a normal-approximation interval, and each layer's share of best-layer wins. */
export function summarizeScores(layers: {network: string; layer: string}[], scores: Float64Array[]): LayerSummary[] {
  const t = scores[0]?.length ?? 0;
  const wins = new Float64Array(layers.length);
  const networks = [...new Set(layers.map((l) => l.network))];
  for (const net of networks) {
    const idx = layers.flatMap((l, i) => (l.network === net ? [i] : []));
    for (let j = 0; j < t; j++) {
      let best = -1;
      for (const i of idx) if (Number.isFinite(scores[i][j]) && (best < 0 || scores[i][j] > scores[best][j])) best = i;
      if (best >= 0) wins[best]++;
    }
  }
  return layers.map((l, i) => {
    const s = scores[i];
    const mean = nanMean(s);
    let ss = 0;
    let m = 0;
    for (const v of s)
      if (Number.isFinite(v)) {
        ss += (v - mean) ** 2;
        m++;
      }
    const se = m > 1 ? Math.sqrt(ss / (m - 1) / m) : NaN;
    return {
      network: l.network,
      layer: l.layer,
      mean,
      lo: mean - 1.96 * se,
      hi: mean + 1.96 * se,
      bestShare: t ? wins[i] / t : NaN,
    };
  });
}
