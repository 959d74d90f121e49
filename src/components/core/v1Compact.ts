/**
 * The compact storage form of the V1 responses: one byte per value. Each neuron's responses (z-scored, so of
 * order 1) are mapped linearly from [min, max] onto the codes 0…255, with the neuron's `offset` (its minimum) and
 * `scale` ((max − min)/255) kept as float32. A value comes back as `offset + code · scale`, within half a step
 * (`scale / 2`) of the original. The evidence that this changes no result that matters is in BENCHMARKS.md
 * ("Compact V1 responses"): the build computes every headline result from these same decoded values, so pages and
 * build agree exactly.
 *
 * Codes are stored neuron-major (one neuron's stimuli together), so each neuron's bytes sit next to its scale; the
 * decoder writes the stimulus-major Float32Array the pages and ONNX Runtime use.
 */

/** Responses quantised to one byte per value (see the module comment). */
export interface CompactResponses {
  /** nNeurons × nStimuli codes, neuron-major: code of (stimulus i, neuron j) at j · nStimuli + i. */
  codes: Uint8Array;
  /** Per neuron: the value of code 0 (the neuron's minimum), float32. */
  offset: Float32Array;
  /** Per neuron: the step between codes ((max − min) / 255; 0 for a neuron whose responses are all equal). */
  scale: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/** Number of steps between the lowest and highest code. */
export const CODE_STEPS = 255;

/**
 * Quantises stimulus-major responses (nStimuli × nNeurons, row = stimulus) to {@link CompactResponses}. Throws a
 * RangeError naming the stimulus and neuron of the first NaN or infinite value.
 */
export function compactResponses(responses: Float32Array, nStimuli: number, nNeurons: number): CompactResponses {
  if (responses.length !== nStimuli * nNeurons)
    throw new RangeError(`compactResponses: ${responses.length} values for ${nStimuli} × ${nNeurons}`);
  const min = new Float64Array(nNeurons).fill(Infinity);
  const max = new Float64Array(nNeurons).fill(-Infinity);
  for (let i = 0; i < nStimuli; i++) {
    const row = i * nNeurons;
    for (let j = 0; j < nNeurons; j++) {
      const v = responses[row + j];
      if (!Number.isFinite(v)) throw new RangeError(`compactResponses: stimulus ${i}, neuron ${j} holds ${v}`);
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  const offset = new Float32Array(nNeurons);
  const scale = new Float32Array(nNeurons);
  for (let j = 0; j < nNeurons; j++) {
    offset[j] = nStimuli ? min[j] : 0;
    scale[j] = nStimuli ? (max[j] - offset[j]) / CODE_STEPS : 0;
  }
  const codes = new Uint8Array(nStimuli * nNeurons);
  for (let i = 0; i < nStimuli; i++) {
    const row = i * nNeurons;
    for (let j = 0; j < nNeurons; j++) {
      const s = scale[j];
      const q = s > 0 ? Math.round((responses[row + j] - offset[j]) / s) : 0;
      codes[j * nStimuli + i] = q < 0 ? 0 : q > CODE_STEPS ? CODE_STEPS : q;
    }
  }
  return {codes, offset, scale, nStimuli, nNeurons};
}

/** The stimulus-major float32 responses the codes stand for: `offset + code · scale`, rounded to float32. */
export function expandResponses({codes, offset, scale, nStimuli, nNeurons}: CompactResponses): Float32Array {
  if (codes.length !== nStimuli * nNeurons)
    throw new RangeError(`expandResponses: ${codes.length} codes for ${nStimuli} × ${nNeurons}`);
  const out = new Float32Array(nStimuli * nNeurons);
  // The values of all 256 codes of one neuron, then a gather: the same float32 result as computing each one.
  const table = new Float32Array(CODE_STEPS + 1);
  for (let j = 0; j < nNeurons; j++) {
    const o = offset[j];
    const s = scale[j];
    for (let q = 0; q <= CODE_STEPS; q++) table[q] = o + q * s;
    const base = j * nStimuli;
    for (let i = 0; i < nStimuli; i++) out[i * nNeurons + j] = table[codes[base + i]];
  }
  return out;
}

/** Largest and root-mean-square difference between responses and their compact form, over all values. */
export function reconstructionError(responses: Float32Array, compact: CompactResponses): {max: number; rms: number} {
  const back = expandResponses(compact);
  let max = 0;
  let sum = 0;
  for (let k = 0; k < responses.length; k++) {
    const d = Math.abs(responses[k] - back[k]);
    if (d > max) max = d;
    sum += d * d;
  }
  return {max, rms: Math.sqrt(sum / Math.max(1, responses.length))};
}
