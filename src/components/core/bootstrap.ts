/**
 * Bootstrap confidence intervals for RDM comparisons, resampling stimuli with replacement (Nili et al.
 * 2014; Schütt et al. 2023). Every resample draws n stimulus indices, builds the sub-RDMs of the reference
 * and of each candidate on those indices, and correlates them. The same resamples serve every candidate,
 * so differences between candidates are paired.
 *
 * Duplicated stimuli: a stimulus drawn twice gives cells that compare it with itself (dissimilarity 0 by
 * construction, not a measurement). Those cells are left out, as the rsatoolbox does, rather than counted
 * as perfectly similar pairs, which would inflate every correlation.
 */
import {quantileSorted} from "d3-array";
import {correlate, type CompareOptions} from "./compare.js";
import {seededSource} from "./random.js";

/** Options for {@link bootstrapComparisons}. */
export interface BootstrapOptions extends CompareOptions {
  /** Number of bootstrap resamples (default 200). */
  samples?: number;
  /** Seed of the resampling (default 1). */
  seed?: number;
  /** Coverage of the percentile interval (default 0.95). */
  level?: number;
}

/** A comparison with its bootstrap percentile interval. */
export interface BootstrapInterval {
  /** The comparison on all stimuli. */
  estimate: number;
  /** Lower and upper percentile bounds. */
  lo: number;
  hi: number;
  /** Standard deviation of the bootstrap distribution (the bootstrap standard error). */
  se: number;
  /** Every resample's value (NaN-free; resamples whose correlation is undefined are dropped). */
  samples: Float64Array;
}

/**
 * Compares each candidate RDM with the reference RDM (all n × n) on the full stimulus set and on `samples`
 * bootstrap resamples of the stimuli, returning the estimate and a percentile interval for each candidate.
 */
export function bootstrapComparisons(
  reference: ArrayLike<number>,
  candidates: ArrayLike<number>[],
  n: number,
  options: BootstrapOptions = {},
): BootstrapInterval[] {
  const steps = bootstrapSteps(reference, candidates, n, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link bootstrapComparisons} one resample at a time: yields the number of resamples done after each, and
 * returns the same intervals. The compute worker checks for a newer request between resamples.
 */
export function* bootstrapSteps(
  reference: ArrayLike<number>,
  candidates: ArrayLike<number>[],
  n: number,
  {samples = 200, seed = 1, level = 0.95, method = "spearman"}: BootstrapOptions = {},
): Generator<number, BootstrapInterval[]> {
  for (const m of [reference, ...candidates])
    if (m.length !== n * n) throw new RangeError(`bootstrapComparisons: every RDM must be ${n} × ${n}`);
  const random = seededSource(seed);
  const draws = candidates.map(() => [] as number[]);
  const idx = new Uint32Array(n);
  const maxPairs = (n * (n - 1)) / 2;
  const ref = new Float64Array(maxPairs);
  const cand = new Float64Array(maxPairs);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(random() * n);
    const m = gatherPairs(reference, idx, n, ref);
    candidates.forEach((c, k) => {
      gatherPairs(c, idx, n, cand);
      const r = correlate(ref.subarray(0, m), cand.subarray(0, m), {method});
      if (Number.isFinite(r)) draws[k].push(r);
    });
    yield s + 1;
  }
  const estimates = pointComparisons(reference, candidates, n, {method});
  return candidates.map((_, k) => {
    const sorted = draws[k].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    const se = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, sorted.length - 1));
    return {
      estimate: estimates[k],
      lo: quantileSorted(sorted, (1 - level) / 2) ?? NaN,
      hi: quantileSorted(sorted, (1 + level) / 2) ?? NaN,
      se,
      samples: Float64Array.from(sorted),
    };
  });
}

/** Each candidate compared with the reference on all stimuli: the estimates of {@link bootstrapComparisons}. */
export function pointComparisons(
  reference: ArrayLike<number>,
  candidates: ArrayLike<number>[],
  n: number,
  {method = "spearman"}: CompareOptions = {},
): number[] {
  const maxPairs = (n * (n - 1)) / 2;
  const ref = new Float64Array(maxPairs);
  const cand = new Float64Array(maxPairs);
  const all = Uint32Array.from({length: n}, (_, i) => i);
  const m = gatherPairs(reference, all, n, ref);
  return candidates.map((c) => {
    gatherPairs(c, all, n, cand);
    return correlate(ref.subarray(0, m), cand.subarray(0, m), {method});
  });
}

/** Writes the cells (idx[i], idx[j]), i < j, with idx[i] ≠ idx[j], into `out`; returns how many. */
function gatherPairs(matrix: ArrayLike<number>, idx: Uint32Array, n: number, out: Float64Array): number {
  let m = 0;
  for (let i = 0; i < idx.length; i++) {
    const row = idx[i] * n;
    for (let j = i + 1; j < idx.length; j++) if (idx[i] !== idx[j]) out[m++] = matrix[row + idx[j]];
  }
  return m;
}
