/**
 * Data handling of the V1 encoding model, shared by its loader and its page: which neurons to model, which
 * stimuli to hold out, the grating images for a set of stimuli, and phase-averaged tuning predictions.
 */
import {gratingBatch} from "./gratings.js";

/**
 * Indices of the `k` neurons whose responses vary most across stimuli (`responses` stimulus-major,
 * `nStimuli × nNeurons`): the strongly tuned cells an orientation model can hope to explain. Ties keep the
 * lower index. Returned in ascending index order.
 */
export function selectTunedNeurons(
  responses: Float32Array,
  nStimuli: number,
  nNeurons: number,
  k: number,
): Uint32Array {
  if (k > nNeurons) throw new RangeError(`selectTunedNeurons: asked for ${k} of ${nNeurons} neurons`);
  const variance = new Float64Array(nNeurons);
  for (let j = 0; j < nNeurons; j++) {
    let s = 0,
      ss = 0;
    for (let i = 0; i < nStimuli; i++) {
      const v = responses[i * nNeurons + j];
      s += v;
      ss += v * v;
    }
    variance[j] = ss / nStimuli - (s / nStimuli) ** 2;
  }
  const order = Array.from({length: nNeurons}, (_, j) => j).sort((a, b) => variance[b] - variance[a] || a - b);
  return Uint32Array.from(order.slice(0, k)).sort();
}

/** Held-out stimuli: every `every`-th one starting at `offset` (default every 4th, from index 2). */
export function heldOutSplit(
  nStimuli: number,
  {every = 4, offset = 2}: {every?: number; offset?: number} = {},
): Uint8Array {
  return Uint8Array.from({length: nStimuli}, (_, i) => (i % every === offset ? 1 : 0));
}

/**
 * Grating images for stimuli `rows` (each at `phases` evenly spaced phases) as an NCHW batch, with each
 * image's target: the measured responses of that stimulus (`measured` is `nStimuli × nNeurons`).
 * Image order is stimulus-major: rows[0] at every phase, then rows[1], …
 */
export function encodingImages(
  stimuli: ArrayLike<number>,
  measured: Float32Array,
  nNeurons: number,
  rows: readonly number[],
  {phases = 4, width = 64, height = 48}: {phases?: number; width?: number; height?: number} = {},
): {x: Float32Array; target: Float32Array; n: number} {
  const angles: number[] = [],
    phaseList: number[] = [];
  for (const s of rows)
    for (let k = 0; k < phases; k++) {
      angles.push(stimuli[s]);
      phaseList.push((2 * Math.PI * k) / phases);
    }
  const x = gratingBatch(angles, {width, height, phases: phaseList});
  const target = new Float32Array(angles.length * nNeurons);
  rows.forEach((s, r) => {
    for (let k = 0; k < phases; k++)
      target.set(measured.subarray(s * nNeurons, (s + 1) * nNeurons), (r * phases + k) * nNeurons);
  });
  return {x, target, n: angles.length};
}

/** Averages predictions `y` (`nStimuli·phases × nNeurons`, stimulus-major as encodingImages orders them) over phases. */
export function tuningPredictions(
  y: ArrayLike<number>,
  nStimuli: number,
  nNeurons: number,
  phases: number,
): Float32Array {
  const out = new Float32Array(nStimuli * nNeurons);
  for (let s = 0; s < nStimuli; s++)
    for (let k = 0; k < phases; k++)
      for (let j = 0; j < nNeurons; j++) out[s * nNeurons + j] += y[(s * phases + k) * nNeurons + j] / phases;
  return out;
}
