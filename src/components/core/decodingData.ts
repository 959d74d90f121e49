/**
 * The data side of decoding, free of ONNX Runtime so build-time loaders and pages share it: the seeded
 * train/test split, neuron subsets, row/column gathering, training targets and error measures.
 */
import {angularError, oneHot, orientationBins} from "@brain-nets/models";
import {permutation, seededSource} from "./random.js";

/** How a decoder reads out orientation: one number (MSE), a direction (circular loss), or bins (NLL). */
export type DecoderKind = "regression" | "circular" | "classifier";

/** Train and test stimulus indices from a seeded shuffle; `trainFraction` of the stimuli train (at least one each). */
export function splitStimuli(
  nStimuli: number,
  {trainFraction = 0.6, seed = 0}: {trainFraction?: number; seed?: number} = {},
) {
  const order = permutation(nStimuli, seededSource(seed));
  const nTrain = Math.min(nStimuli - 1, Math.max(1, Math.round(nStimuli * trainFraction)));
  return {train: order.slice(0, nTrain).sort(), test: order.slice(nTrain).sort()};
}

/** `count` neuron indices drawn without replacement (seeded), in increasing order; all neurons when count ≥ n. */
export function pickNeurons(nNeurons: number, count: number, seed = 0): Uint32Array {
  if (count >= nNeurons) return Uint32Array.from({length: nNeurons}, (_, i) => i);
  return permutation(nNeurons, seededSource(seed + 7919))
    .slice(0, count)
    .sort();
}

/** Rows `rows` and columns `cols` of a row-major matrix with `nCols` columns, as a new row-major matrix. */
export function gather(
  matrix: Float32Array,
  nCols: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(rows.length * cols.length);
  const all = cols.length === nCols;
  for (let i = 0; i < rows.length; i++) {
    const offset = rows[i] * nCols;
    if (all) out.set(matrix.subarray(offset, offset + nCols), i * nCols);
    else for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = matrix[offset + cols[j]];
  }
  return out;
}

/** Training targets for `kind`: degrees `[n, 1]` (regression, circular) or one-hot bins `[n, nClasses]`. */
export function targets(
  stimuli: ArrayLike<number>,
  kind: DecoderKind,
  nClasses = 8,
): {data: Float32Array; dims: number[]} {
  const n = stimuli.length;
  if (kind === "classifier") return {data: oneHot(orientationBins(stimuli, nClasses), nClasses), dims: [n, nClasses]};
  return {data: Float32Array.from(stimuli), dims: [n, 1]};
}

/** A linear rescaling of targets: `(value − mean) / sd` and back. */
export interface TargetScale {
  mean: number;
  sd: number;
}

/**
 * Degrees `[n, 1]` rescaled to zero mean and unit standard deviation (the population sd of `stimuli`), with the
 * scale to undo it. MSE on these targets is MSE on degrees divided by sd², so it has the same minimum and the same
 * blindness to the wrap-around; but the network's output need only reach ±1.7, not 360, so plain training reaches
 * that minimum in far fewer steps.
 */
export function standardisedTargets(stimuli: ArrayLike<number>): {
  data: Float32Array;
  dims: number[];
  scale: TargetScale;
} {
  const n = stimuli.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += stimuli[i] / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (stimuli[i] - mean) ** 2 / n;
  const sd = Math.sqrt(v) || 1; // a single orientation: nothing to scale
  return {data: Float32Array.from(stimuli, (t) => (t - mean) / sd), dims: [n, 1], scale: {mean, sd}};
}

/** Network outputs in standardised units back in degrees: `y · sd + mean` (see {@link standardisedTargets}). */
export function unstandardise(outputs: ArrayLike<number>, {mean, sd}: TargetScale): Float64Array {
  return Float64Array.from(outputs, (y) => y * sd + mean);
}

/** Mean squared error between decoded and true orientations (degrees², no wrap-around: what MSE training sees). */
export function meanSquaredError(decoded: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (decoded[i] - truth[i]) ** 2;
  return s / truth.length;
}

/** Median absolute angular error in degrees (0–180), which counts 359° vs 1° as 2°. */
export function medianAngularError(decoded: ArrayLike<number>, truth: ArrayLike<number>): number {
  const e = Array.from(truth, (t, i) => angularError(decoded[i], t)).sort((a, b) => a - b);
  const m = e.length >> 1;
  return e.length % 2 ? e[m] : (e[m - 1] + e[m]) / 2;
}

/**
 * The data a decoding run trains and tests on: a seeded split of the stimuli (`trainFraction` for training) and a
 * seeded subset of `neurons` neurons, gathered into stimulus-major matrices, with the orientations as targets.
 */
export function decodingSet(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  {trainFraction, seed, neurons: count}: {trainFraction: number; seed: number; neurons: number},
) {
  const split = splitStimuli(v1.nStimuli, {trainFraction, seed});
  const neurons = pickNeurons(v1.nNeurons, count, seed);
  return {
    split,
    nIn: neurons.length,
    xTrain: gather(v1.responses, v1.nNeurons, split.train, neurons),
    xTest: gather(v1.responses, v1.nNeurons, split.test, neurons),
    yTrain: Float32Array.from(split.train, (i) => v1.stimuli[i]),
    yTest: Float32Array.from(split.test, (i) => v1.stimuli[i]),
  };
}
