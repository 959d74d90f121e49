/**
 * Per-neuron orientation-tuning summaries from a stimulus-major response matrix, by circular (vector) statistics
 * over the stimulus angles. Shared by the neuron-table loader and the pages.
 *
 * With θ the stimulus angle and r′ = r − min(r) (responses are z-scored, so they are shifted to be non-negative):
 * - orientation selectivity OSI = |Σ r′ e^{2iθ}| / Σ r′ (1 − circular variance on the doubled angle);
 * - direction selectivity DSI = |Σ r′ e^{iθ}| / Σ r′;
 * - preferred orientation: the axis arg(Σ r e^{2iθ}) / 2, turned by 180° towards the direction vector Σ r e^{iθ}
 *   so it lies in [0, 360) like the stimuli;
 * - gain: peak-to-trough range of the tuning curve reduced to its first two harmonics (a smoothed tuning curve),
 *   in the responses' units (z-scores for the V1 data).
 */

/** Tuning summaries, one entry per neuron. */
export interface TuningStats {
  /** Preferred orientation in degrees, [0, 360). */
  preferred: Float32Array;
  /** Orientation selectivity index in [0, 1]. */
  osi: Float32Array;
  /** Direction selectivity index in [0, 1]. */
  dsi: Float32Array;
  /** Peak-to-trough range of the two-harmonic tuning curve. */
  gain: Float32Array;
}

const RAD = Math.PI / 180;

/** Computes {@link TuningStats} for every neuron of `responses` (nStimuli × nNeurons, stimulus-major). */
export function tuningStats(responses: Float32Array, stimuli: ArrayLike<number>, nNeurons: number): TuningStats {
  const nStimuli = stimuli.length;
  if (responses.length !== nStimuli * nNeurons) {
    throw new RangeError(`tuningStats: ${responses.length} responses is not ${nStimuli} stimuli × ${nNeurons} neurons`);
  }
  // One pass over the matrix in memory order, accumulating raw harmonic sums per neuron.
  const sum = new Float64Array(nNeurons);
  const min = new Float64Array(nNeurons).fill(Infinity);
  const c1 = new Float64Array(nNeurons);
  const s1 = new Float64Array(nNeurons);
  const c2 = new Float64Array(nNeurons);
  const s2 = new Float64Array(nNeurons);
  let sumCos1 = 0;
  let sumSin1 = 0;
  let sumCos2 = 0;
  let sumSin2 = 0;
  for (let s = 0; s < nStimuli; s++) {
    const t = stimuli[s] * RAD;
    const [cs1, sn1, cs2, sn2] = [Math.cos(t), Math.sin(t), Math.cos(2 * t), Math.sin(2 * t)];
    sumCos1 += cs1;
    sumSin1 += sn1;
    sumCos2 += cs2;
    sumSin2 += sn2;
    for (let j = 0, o = s * nNeurons; j < nNeurons; j++) {
      const r = responses[o + j];
      sum[j] += r;
      if (r < min[j]) min[j] = r;
      c1[j] += r * cs1;
      s1[j] += r * sn1;
      c2[j] += r * cs2;
      s2[j] += r * sn2;
    }
  }
  const preferred = new Float32Array(nNeurons);
  const osi = new Float32Array(nNeurons);
  const dsi = new Float32Array(nNeurons);
  const gain = new Float32Array(nNeurons);
  // Evaluate the smoothed curve every 5°: plenty to find a two-harmonic curve's extremes.
  const grid = 72;
  const wave = Array.from({length: grid}, (_, g) => {
    const t = (2 * Math.PI * g) / grid;
    return [Math.cos(t), Math.sin(t), Math.cos(2 * t), Math.sin(2 * t)];
  });
  for (let j = 0; j < nNeurons; j++) {
    // Shifting by the minimum changes the harmonic sums by min·Σcos, min·Σsin (zero for evenly spread stimuli).
    const m = min[j];
    const total = sum[j] - nStimuli * m;
    const v1 = Math.hypot(c1[j] - m * sumCos1, s1[j] - m * sumSin1);
    const v2 = Math.hypot(c2[j] - m * sumCos2, s2[j] - m * sumSin2);
    osi[j] = total > 0 ? v2 / total : 0;
    dsi[j] = total > 0 ? v1 / total : 0;
    const axis = Math.atan2(s2[j], c2[j]) / 2; // radians, (−π/2, π/2]
    const towards = c1[j] * Math.cos(axis) + s1[j] * Math.sin(axis);
    const pref = (axis / RAD + (towards < 0 ? 180 : 0) + 360) % 360;
    preferred[j] = pref;
    const [a1, b1, a2, b2] = [c1[j], s1[j], c2[j], s2[j]].map((v) => (2 * v) / nStimuli);
    let lo = Infinity;
    let hi = -Infinity;
    for (const [cs1, sn1, cs2, sn2] of wave) {
      const f = a1 * cs1 + b1 * sn1 + a2 * cs2 + b2 * sn2;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
    gain[j] = hi - lo;
  }
  return {preferred, osi, dsi, gain};
}
