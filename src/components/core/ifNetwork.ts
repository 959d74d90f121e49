/**
 * A recurrent network of integrate-and-fire neurons, as in the introduction of "Weekly Neural Networks":
 *
 *   dx_i/dt = -(x_i - x_rest) + Σ_j W_ij s_j(t) + I_i(t)
 *
 * integrated with Euler steps `x ← x + dt·(…)`; a neuron whose voltage reaches the threshold spikes
 * (s_i = 1 on that step only) and is reset. Time is in units of the membrane time constant.
 *
 * Built for speed (N = 1,000, T = 5,000 in well under a second): Float32Array state, weights stored
 * column-major so the outgoing weights of a neuron are contiguous, and sparse spike propagation — only
 * the columns of neurons that spiked are added into next step's recurrent input. The loop allocates
 * nothing except when the spike buffer doubles.
 */
import {pca} from "./pca.js";
import {seededNormal, seededSource} from "./random.js";

/** How the recurrent weights are drawn. */
export type WeightStructure = "random" | "dale" | "ring";

/** Every weight structure, in the order the page lists them. */
export const WEIGHT_STRUCTURES: readonly WeightStructure[] = ["random", "dale", "ring"];

/** Defaults of the simulation, as in the model's statement. */
export const IF_DEFAULTS = Object.freeze({
  n: 100,
  steps: 1000,
  dt: 0.1,
  threshold: 0,
  reset: -70,
  rest: -60,
  weightScale: 50,
  structure: "random" as WeightStructure,
  inputMean: 70,
  inputSpread: 5,
  noise: 0,
  seed: 1,
  excitatoryFraction: 0.8,
  ringWidth: 0.05,
});

/** Options of the weight generator. */
export interface WeightOptions {
  /** Overall weight scale g; entries have magnitude of order g/√N (default 50). */
  weightScale?: number;
  /** Structure: Gaussian "random", excitatory/inhibitory "dale", or local-excitation "ring" (default "random"). */
  structure?: WeightStructure;
  /** Seed for the weights (default 1). */
  seed?: number;
  /** Share of excitatory neurons under "dale" (default 0.8). */
  excitatoryFraction?: number;
  /** Width of the excitatory bump under "ring", as a fraction of the ring (default 0.05). */
  ringWidth?: number;
}

/**
 * An N×N weight matrix, stored column-major: `w[j * n + i] = W_ij`, the weight from neuron j onto neuron i,
 * so column j (what a spike of j sends out) is contiguous. No self-connections (W_ii = 0).
 * - "random": W_ij ~ N(0, 1)·g/√N.
 * - "dale": the first round(f·N) neurons are excitatory (their whole column ≥ 0), the rest inhibitory
 *   (column ≤ 0), magnitudes |N(0, 1)|·g/√N; inhibitory columns are scaled by f/(1−f) so that excitation
 *   and inhibition balance on average, as in balanced networks (van Vreeswijk & Sompolinsky, 1996).
 * - "ring": neurons sit on a ring; W_ij = g/√N·(bump(d_ij) − mean bump)/rms, with a Gaussian bump of the ring
 *   distance d_ij: near neighbours excite, far ones inhibit (a "Mexican hat", as in ring attractor models).
 */
export function ifWeights(n: number, options: WeightOptions = {}): Float32Array {
  const {weightScale, structure, seed, excitatoryFraction, ringWidth} = {...IF_DEFAULTS, ...options};
  const w = new Float32Array(n * n);
  const scale = weightScale / Math.sqrt(n);
  const source = seededSource(seed);
  const normal = seededNormal(source);
  switch (structure) {
    case "random":
      for (let k = 0; k < n * n; k++) w[k] = normal() * scale;
      break;
    case "dale": {
      const nE = Math.round(excitatoryFraction * n);
      const inhibitoryGain = nE < n ? nE / (n - nE) : 1;
      for (let j = 0; j < n; j++) {
        const sign = j < nE ? scale : -scale * inhibitoryGain;
        for (let i = 0; i < n; i++) w[j * n + i] = Math.abs(normal()) * sign;
      }
      break;
    }
    case "ring": {
      // The profile depends only on ring distance, so compute it once per offset.
      const profile = new Float64Array(n);
      let mean = 0;
      for (let d = 0; d < n; d++) {
        const dist = Math.min(d, n - d) / n;
        profile[d] = Math.exp(-(dist * dist) / (2 * ringWidth * ringWidth));
        mean += profile[d] / n;
      }
      let rms = 0;
      for (let d = 0; d < n; d++) rms += (profile[d] - mean) ** 2 / n;
      rms = Math.sqrt(rms) || 1;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) w[j * n + i] = ((profile[(i - j + n) % n] - mean) / rms) * scale;
      break;
    }
    default:
      throw new Error(
        `ifWeights: unknown structure ${JSON.stringify(structure)}; expected ${WEIGHT_STRUCTURES.join(", ")}`,
      );
  }
  for (let i = 0; i < n; i++) w[i * n + i] = 0;
  return w;
}

/** Options of a simulation; the weight options apply when `weights` is not given. */
export interface IfNetworkOptions extends WeightOptions {
  /** Number of neurons N (default 100). */
  n?: number;
  /** Number of Euler steps T (default 1000). */
  steps?: number;
  /** Step size (default 0.1). */
  dt?: number;
  /** Spike threshold (default 0). */
  threshold?: number;
  /** Voltage after a spike (default −70). */
  reset?: number;
  /** Resting voltage (default −60). */
  rest?: number;
  /** Mean constant drive across neurons (default 70: a lone neuron settles at rest + 70 = 10 > 0, so it fires). */
  inputMean?: number;
  /** Standard deviation of the constant drive across neurons, I_i ~ N(mean, spread²) (default 5). */
  inputSpread?: number;
  /** Standard deviation of fresh Gaussian input noise on every step, added to I_i(t) (default 0). */
  noise?: number;
  /** Explicit column-major weights (`w[j * n + i] = W_ij`); overrides the weight options. */
  weights?: Float32Array;
  /** Explicit constant drive I_i; overrides inputMean and inputSpread. */
  input?: Float32Array;
  /** Initial voltages; default uniform in [reset, threshold) from the seed. */
  initial?: Float32Array;
}

/** The spikes of a run as parallel arrays (what a raster draws). */
export interface Spikes {
  /** Number of neurons. */
  n: number;
  /** Number of steps. */
  steps: number;
  /** Step size (model time units per step). */
  dt: number;
  /** Number of spikes. */
  spikeCount: number;
  /** Step index (0..T−1) of each spike, in time order; length spikeCount. */
  spikeSteps: Int32Array;
  /** Neuron index of each spike; length spikeCount. */
  spikeNeurons: Int32Array;
}

/** What a simulation returns. */
export interface IfNetworkResult extends Spikes {
  /** Voltages, time-major: `voltages[t * n + i]` is x_i after step t (after any reset). */
  voltages: Float32Array;
  /** Spikes of each neuron. */
  counts: Int32Array;
  /** Firing rate of each neuron: spikes per unit time (per membrane time constant). */
  rates: Float32Array;
  /** The constant drive I_i of each neuron. */
  input: Float32Array;
  /** The weights used, column-major. */
  weights: Float32Array;
}

/** A simulation that advances in chunks, so a page can yield to the browser and show progress between them. */
export interface IfSimulation {
  /** Total steps T. */
  readonly steps: number;
  /** Steps taken so far. */
  readonly done: number;
  /** Advances by up to `k` steps (fewer at the end); returns the steps taken so far. */
  advance(k: number): number;
  /** The result; throws unless all T steps are done. */
  result(): IfNetworkResult;
}

/**
 * Prepares a simulation of T Euler steps; see {@link ifNetwork}. The weights, drive and initial voltages are
 * drawn here, in that order, from the seed, so a chunked run equals a run in one go.
 */
export function ifSimulation(options: IfNetworkOptions = {}): IfSimulation {
  const o = {...IF_DEFAULTS, ...options};
  const {n, steps, dt, threshold, reset, rest, noise} = o;
  const source = seededSource(o.seed);
  const weights = o.weights ?? ifWeights(n, o);
  if (weights.length !== n * n)
    throw new RangeError(`ifNetwork: weights have ${weights.length} entries, expected ${n * n}`);
  let input = o.input;
  if (!input) {
    input = new Float32Array(n);
    const drive = seededNormal(source, {mean: o.inputMean, sd: o.inputSpread});
    for (let i = 0; i < n; i++) input[i] = drive();
  }
  const x = new Float32Array(n);
  if (o.initial) x.set(o.initial);
  else for (let i = 0; i < n; i++) x[i] = reset + (threshold - reset) * source();
  const noiseSource = noise > 0 ? seededNormal(source, {sd: noise}) : null;

  const voltages = new Float32Array(n * steps);
  const counts = new Int32Array(n);
  let recurrent = new Float32Array(n); // Σ_j W_ij s_j from the previous step
  let next = new Float32Array(n); // being accumulated for the next step
  let spikeSteps: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let spikeNeurons: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let spikeCount = 0;
  let done = 0;

  function advance(k: number): number {
    const stop = Math.min(steps, done + k);
    for (let t = done; t < stop; t++) {
      const row = t * n;
      for (let i = 0; i < n; i++) {
        let drive = recurrent[i] + input![i];
        if (noiseSource) drive += noiseSource();
        // The Euler step exactly as the model states it, so a hand-stepped case reproduces it bit for bit.
        // Rounded to float32 before the threshold test: the state is float32.
        let v = Math.fround(x[i] + dt * (-(x[i] - rest) + drive));
        if (v >= threshold) {
          if (spikeCount === spikeSteps.length) {
            spikeSteps = grow(spikeSteps);
            spikeNeurons = grow(spikeNeurons);
          }
          spikeSteps[spikeCount] = t;
          spikeNeurons[spikeCount++] = i;
          counts[i]++;
          v = reset;
          // Sparse propagation: only a spiking neuron's column reaches next step's input.
          const col = i * n;
          for (let j = 0; j < n; j++) next[j] += weights[col + j];
        }
        x[i] = v;
        voltages[row + i] = v;
      }
      const used = recurrent;
      recurrent = next;
      next = used;
      next.fill(0);
    }
    return (done = stop);
  }

  function result(): IfNetworkResult {
    if (done < steps) throw new Error(`ifNetwork: only ${done} of ${steps} steps are done`);
    const rates = new Float32Array(n);
    const duration = steps * dt;
    for (let i = 0; i < n; i++) rates[i] = counts[i] / duration;
    return {
      n,
      steps,
      dt,
      spikeCount,
      spikeSteps: spikeSteps.slice(0, spikeCount),
      spikeNeurons: spikeNeurons.slice(0, spikeCount),
      voltages,
      counts,
      rates,
      input: input!,
      weights,
    };
  }

  return {
    steps,
    get done() {
      return done;
    },
    advance,
    result,
  };
}

/**
 * Simulates the network for T Euler steps. On step t, every voltage moves by
 * dt·(−(x_i − rest) + Σ_j W_ij s_j(t−1) + I_i + noise), where s(t−1) marks the neurons that spiked on the
 * previous step; then each neuron with x_i ≥ threshold spikes on step t and is reset.
 */
export function ifNetwork(options: IfNetworkOptions = {}): IfNetworkResult {
  const simulation = ifSimulation(options);
  simulation.advance(simulation.steps);
  return simulation.result();
}

/**
 * The firing rate of a lone neuron (no recurrent input, no noise) with constant drive `input`, in closed form
 * for the Euler scheme: from reset, x_k = x∞ + (reset − x∞)(1 − dt)^k with x∞ = rest + input, so it spikes
 * every k = ⌈ln((x∞ − threshold)/(x∞ − reset)) / ln(1 − dt)⌉ steps, a rate of 1/(k·dt); 0 when x∞ < threshold.
 */
export function isolatedRate(
  input: number,
  {dt = IF_DEFAULTS.dt, threshold = IF_DEFAULTS.threshold, reset = IF_DEFAULTS.reset, rest = IF_DEFAULTS.rest} = {},
): number {
  const xInf = rest + input;
  if (xInf <= threshold) return 0; // at equality the threshold is approached but never reached
  const k = Math.max(1, Math.ceil(Math.log((xInf - threshold) / (xInf - reset)) / Math.log(1 - dt)));
  return 1 / (k * dt);
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Spike counts in bins of `binSteps` steps, time-major (`counts[b * n + i]`): the population activity as a
 * matrix with one row per time bin, ready for a heatmap or for PCA (rows = samples).
 */
export function binnedActivity(
  result: Pick<IfNetworkResult, "n" | "steps" | "spikeCount" | "spikeSteps" | "spikeNeurons">,
  {binSteps = 10}: {binSteps?: number} = {},
): {bins: number; binSteps: number; counts: Float32Array} {
  const {n, steps, spikeCount, spikeSteps, spikeNeurons} = result;
  const bins = Math.ceil(steps / binSteps);
  const counts = new Float32Array(bins * n);
  for (let s = 0; s < spikeCount; s++) counts[Math.floor(spikeSteps[s] / binSteps) * n + spikeNeurons[s]]++;
  return {bins, binSteps, counts};
}

/**
 * Exponentially filtered spike trains, sampled every `every` steps: each neuron's trace decays with time constant
 * `tau` and jumps by 1 at each of its spikes, a smooth estimate of its rate (as a synapse would see it).
 * Time-major: `trace[s * n + i]` is neuron i's trace at the end of step (s + 1)·every − 1.
 */
export function activityTrace(
  result: Pick<IfNetworkResult, "n" | "steps" | "dt" | "spikeCount" | "spikeSteps" | "spikeNeurons">,
  {tau = 1, every = 10}: {tau?: number; every?: number} = {},
): {samples: number; every: number; trace: Float32Array} {
  const {n, steps, dt, spikeCount, spikeSteps, spikeNeurons} = result;
  const samples = Math.floor(steps / every);
  const trace = new Float32Array(samples * n);
  const r = new Float64Array(n);
  // Decay once per sample rather than once per step (N × samples, not N × T, multiplications): a spike at step t
  // enters already decayed to the end of its sample window, by decay^(end − t).
  const decayPow = Float64Array.from({length: every + 1}, (_, m) => Math.exp((-m * dt) / tau));
  let k = 0;
  for (let sample = 0; sample < samples; sample++) {
    const end = (sample + 1) * every - 1;
    if (sample > 0) for (let i = 0; i < n; i++) r[i] *= decayPow[every];
    for (; k < spikeCount && spikeSteps[k] <= end; k++) r[spikeNeurons[k]] += decayPow[end - spikeSteps[k]];
    trace.set(r, sample * n);
  }
  return {samples, every, trace};
}

/**
 * The population's path through its first two principal components. The filtered activity
 * ({@link activityTrace}) is sampled `samples` times; PCA (`pca.ts`) is fitted on an evenly spaced subset of at
 * most `fitSamples` of them (the covariance is estimated as well, and the Gram eigenproblem stays small), and
 * every sample is projected onto the fitted components. Returns each point's time and PC coordinates, and the
 * share of the fitted variance each PC explains.
 */
export function activityTrajectory(
  result: Pick<IfNetworkResult, "n" | "steps" | "dt" | "spikeCount" | "spikeSteps" | "spikeNeurons">,
  {tau = 1, samples = 2000, fitSamples = 120}: {tau?: number; samples?: number; fitSamples?: number} = {},
): {points: {time: number; pc1: number; pc2: number}[]; explained: [number, number]} {
  const {n} = result;
  const every = Math.max(1, Math.floor(result.steps / samples));
  const {samples: m, trace} = activityTrace(result, {tau, every});
  const stride = Math.max(1, Math.ceil(m / fitSamples));
  const f = Math.ceil(m / stride);
  const fit = new Float64Array(f * n);
  for (let r = 0; r < f; r++) fit.set(trace.subarray(r * stride * n, (r * stride + 1) * n), r * n);
  const {scores, variance, explained, components} = pca(fit, f, n, {components: 2});
  const mean = new Float64Array(n);
  for (let r = 0; r < f; r++) for (let i = 0; i < n; i++) mean[i] += fit[r * n + i] / f;
  // Loadings from the scores: with centred X = UΣVᵀ, scores = UΣ, so Xᵀ·score_c = σ_c²·v_c, and σ_c² = f·variance_c.
  const loadings = new Float64Array(2 * n);
  for (let c = 0; c < components; c++) {
    const lambda = variance[c] * f;
    if (!(lambda > 0)) continue;
    for (let r = 0; r < f; r++) {
      const weight = scores[r * components + c] / lambda;
      for (let i = 0; i < n; i++) loadings[c * n + i] += (fit[r * n + i] - mean[i]) * weight;
    }
  }
  const points = Array.from({length: m}, (_, s) => {
    let pc1 = 0;
    let pc2 = 0;
    for (let i = 0; i < n; i++) {
      const v = trace[s * n + i] - mean[i];
      pc1 += v * loadings[i];
      pc2 += v * loadings[n + i];
    }
    return {time: ((s + 1) * every - 1) * result.dt, pc1, pc2};
  });
  return {points, explained: [explained[0] ?? 0, explained[1] ?? 0]};
}

/**
 * Histogram of `values` over [lo, hi] in `bins` equal bins (values outside are clamped into the end bins).
 * A typed-array loop, because the page bins all N×T voltages (millions) on every redraw.
 */
export function histogram(
  values: ArrayLike<number>,
  {bins = 50, lo, hi}: {bins?: number; lo: number; hi: number},
): {x0: number; x1: number; count: number}[] {
  const counts = new Float64Array(bins);
  const scale = bins / (hi - lo);
  for (let k = 0; k < values.length; k++) {
    let b = Math.floor((values[k] - lo) * scale);
    if (b < 0) b = 0;
    else if (b >= bins) b = bins - 1;
    counts[b]++;
  }
  return Array.from(counts, (count, b) => ({x0: lo + b / scale, x1: lo + (b + 1) / scale, count}));
}
