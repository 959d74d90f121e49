/**
 * A deterministic synthetic stand-in for the Stringer et al. V1 orientation data, used when the real npz cannot be
 * had (no network at build time). Same schema and default size: 360 stimuli (1° bins over 0–360°) × 23,589 neurons,
 * z-scored per neuron. Its statistics are chosen to resemble the recordings:
 * - a share of neurons is tuned, with von Mises orientation tuning (two peaks 180° apart) of varied width, a
 *   direction preference that lowers the peak opposite the preferred one, and log-normally varied gains;
 * - the rest are untuned;
 * - every neuron has independent trial noise of varied size, and all share a few low-dimensional fluctuations
 *   (stimulus-by-stimulus latent factors with random loadings), as population recordings do.
 */
import {seededNormal, seededSource} from "../src/components/core/random.ts";
import {zScoreColumns} from "../src/components/core/linalg.ts";

/** Generator parameters; every one is recorded in the Arrow metadata of the synthetic artifact. */
export interface SyntheticV1Options {
  /** Seed of the generator; the same seed and options give the same bytes. */
  seed?: number;
  /** Number of stimuli (evenly spread over 0–360°, at bin centres). */
  nStimuli?: number;
  /** Number of neurons. */
  nNeurons?: number;
  /** Share of neurons that are orientation tuned. */
  tunedFraction?: number;
  /** Range of the von Mises concentration κ on the doubled angle (larger = narrower), drawn log-uniformly. */
  kappaMin?: number;
  kappaMax?: number;
  /** Median tuning amplitude relative to a trial-noise SD of `noiseSd`. */
  gainMedian?: number;
  /** SD of log gain. */
  gainLogSd?: number;
  /** Median SD of each neuron's independent trial noise. */
  noiseSd?: number;
  /** Number of shared latent fluctuations. */
  nShared?: number;
  /** SD of each neuron's loadings on the shared fluctuations. */
  sharedSd?: number;
}

/** Resolved generator parameters. */
export type SyntheticV1Params = Required<SyntheticV1Options>;

/** Defaults of {@link SyntheticV1Options}: the size of the real data. */
export const SYNTHETIC_V1_DEFAULTS: SyntheticV1Params = {
  seed: 2019,
  nStimuli: 360,
  nNeurons: 23589,
  tunedFraction: 0.7,
  kappaMin: 0.5,
  kappaMax: 5,
  gainMedian: 2,
  gainLogSd: 0.5,
  noiseSd: 1,
  nShared: 4,
  sharedSd: 0.2,
};

/** The generated population and the ground truth it was generated from (for tests and teaching). */
export interface SyntheticV1 {
  /** nStimuli × nNeurons, stimulus-major, z-scored per neuron. */
  responses: Float32Array;
  /** Stimulus orientations in degrees (bin centres: 0.5, 1.5, …). */
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  params: SyntheticV1Params;
  truth: {
    /** 1 for tuned neurons, 0 for untuned. */
    tuned: Uint8Array;
    /** Preferred direction in degrees, [0, 360) (meaningless for untuned neurons). */
    preferred: Float32Array;
    /** Von Mises concentration κ. */
    kappa: Float32Array;
    /** Direction index in [0, 1]: the opposite peak is (1 − d)/(1 + d) of the preferred one. */
    direction: Float32Array;
    /** Tuning amplitude before z-scoring (0 for untuned neurons). */
    gain: Float32Array;
  };
}

const RAD = Math.PI / 180;

/** Generates the synthetic population. Deterministic in `options`. */
export function syntheticV1(options: SyntheticV1Options = {}): SyntheticV1 {
  const params: SyntheticV1Params = {...SYNTHETIC_V1_DEFAULTS, ...options};
  const {
    seed,
    nStimuli,
    nNeurons,
    tunedFraction,
    kappaMin,
    kappaMax,
    gainMedian,
    gainLogSd,
    noiseSd,
    nShared,
    sharedSd,
  } = params;
  const uniform = seededSource(seed);
  const normal = seededNormal(uniform);

  const stimuli = new Float32Array(nStimuli);
  for (let s = 0; s < nStimuli; s++) stimuli[s] = ((s + 0.5) * 360) / nStimuli;

  // Per-neuron tuning parameters.
  const tuned = new Uint8Array(nNeurons);
  const preferred = new Float32Array(nNeurons);
  const kappa = new Float32Array(nNeurons);
  const direction = new Float32Array(nNeurons);
  const gain = new Float32Array(nNeurons);
  const noise = new Float32Array(nNeurons);
  const loadings = new Float32Array(nNeurons * nShared);
  for (let j = 0; j < nNeurons; j++) {
    tuned[j] = uniform() < tunedFraction ? 1 : 0;
    preferred[j] = uniform() * 360;
    kappa[j] = kappaMin * Math.pow(kappaMax / kappaMin, uniform());
    direction[j] = uniform() ** 2; // most cells weakly direction selective, a few strongly
    gain[j] = tuned[j] ? gainMedian * Math.exp(gainLogSd * normal()) : 0;
    noise[j] = noiseSd * Math.exp(0.25 * normal());
    for (let k = 0; k < nShared; k++) loadings[j * nShared + k] = sharedSd * normal();
  }
  // Shared fluctuations: one value per stimulus and factor.
  const latent = new Float64Array(nStimuli * nShared);
  for (let i = 0; i < latent.length; i++) latent[i] = normal();

  const cosPref = Float64Array.from(preferred, (p) => Math.cos(p * RAD));
  const sinPref = Float64Array.from(preferred, (p) => Math.sin(p * RAD));
  const responses = new Float32Array(nStimuli * nNeurons);
  for (let s = 0; s < nStimuli; s++) {
    const ct = Math.cos(stimuli[s] * RAD);
    const st = Math.sin(stimuli[s] * RAD);
    const z = latent.subarray(s * nShared, (s + 1) * nShared);
    for (let j = 0, o = s * nNeurons; j < nNeurons; j++) {
      let r = noise[j] * normal();
      for (let k = 0; k < nShared; k++) r += loadings[j * nShared + k] * z[k];
      if (tuned[j]) {
        const cosD = ct * cosPref[j] + st * sinPref[j]; // cos(θ − φ)
        const cos2D = 2 * cosD * cosD - 1; // cos 2(θ − φ)
        const d = direction[j];
        r += (gain[j] * Math.exp(kappa[j] * (cos2D - 1)) * (1 + d * cosD)) / (1 + d);
      }
      responses[o + j] = r;
    }
  }
  zScoreColumns(responses, nStimuli, nNeurons);
  return {responses, stimuli, nStimuli, nNeurons, params, truth: {tuned, preferred, kappa, direction, gain}};
}
