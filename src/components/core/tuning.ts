/**
 * Per-neuron orientation-tuning summaries from a stimulus-major response matrix, by circular (vector) statistics
 * over the stimulus angles. Shared by the neuron-table loader and the pages.
 *
 * With θ the stimulus angle and r′ = r − min(r) (responses are z-scored, so they are shifted to be non-negative):
 * - orientation selectivity OSI = |Σ r′ e^{2iθ}| / Σ r′ (1 − circular variance on the doubled angle);
 * - direction selectivity DSI = |Σ r′ e^{iθ}| / Σ r′;
 * - preferred orientation: the peak, to 1°, of the tuning curve reduced to its first two harmonics (a smoothed
 *   tuning curve), in [0, 360) like the stimuli;
 * - gain: the peak-to-trough range of that smoothed curve, in the responses' units (z-scores for the V1 data).
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
  // The smoothed (two-harmonic) tuning curve, evaluated every 1°: its peak is the preferred orientation, so
  // orientation-tuned cells get the stronger of their two peaks and purely direction-tuned cells their one peak.
  const grid = 360;
  const wave = new Float64Array(4 * grid);
  for (let g = 0; g < grid; g++) {
    const t = (2 * Math.PI * g) / grid;
    wave.set([Math.cos(t), Math.sin(t), Math.cos(2 * t), Math.sin(2 * t)], 4 * g);
  }
  for (let j = 0; j < nNeurons; j++) {
    // Shifting by the minimum changes the harmonic sums by min·Σcos, min·Σsin (zero for evenly spread stimuli).
    const m = min[j];
    const total = sum[j] - nStimuli * m;
    const v1 = Math.hypot(c1[j] - m * sumCos1, s1[j] - m * sumSin1);
    const v2 = Math.hypot(c2[j] - m * sumCos2, s2[j] - m * sumSin2);
    osi[j] = total > 0 ? v2 / total : 0;
    dsi[j] = total > 0 ? v1 / total : 0;
    const [a1, b1, a2, b2] = [c1[j], s1[j], c2[j], s2[j]].map((v) => (2 * v) / nStimuli);
    let lo = Infinity;
    let hi = -Infinity;
    let peak = 0;
    for (let g = 0; g < grid; g++) {
      const w = 4 * g;
      const f = a1 * wave[w] + b1 * wave[w + 1] + a2 * wave[w + 2] + b2 * wave[w + 3];
      if (f < lo) lo = f;
      if (f > hi) {
        hi = f;
        peak = g;
      }
    }
    preferred[j] = (peak * 360) / grid;
    gain[j] = hi - lo;
  }
  return {preferred, osi, dsi, gain};
}
