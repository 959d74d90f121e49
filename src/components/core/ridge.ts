/**
 * Ridge regression from a layer's activations to many targets (neurons or pseudo-voxels) at once, in its
 * dual (kernel) form: everything about the features enters through the stimulus Gram matrix K = X Xᵀ,
 * so a layer with 20,000 units costs no more than one with 20 once K is known, and every target shares
 * one decomposition. This is the encoding model of Eickenberg et al. (2017, NeuroImage 152), per target.
 *
 * With an unpenalised intercept (features and targets centered on the training stimuli) the prediction for
 * held-out stimuli is ŷ = K̃ₜₑ,ₜᵣ (K̃ₜᵣ + αI)⁻¹ (yₜᵣ − ȳₜᵣ) + ȳₜᵣ, K̃ the Gram matrix of centered features.
 * That is linear in yₜᵣ, so k-fold cross-validated predictions of all targets are one product Ŷ = P Y with an
 * n × n "smoother" P built from k small eigendecompositions; the page runs that product as an ONNX MatMul.
 */
import {symmetricEigen} from "./linalg.js";
import {permutation, seededSource} from "./random.js";

/** How held-out predictions are scored per target. */
export type RidgeScore = "r2" | "pearson";

/**
 * Ridge smoothers for one train/test split of the stimuli: for each absolute penalty α, a
 * test.length × train.length matrix W with ŷ_test = W y_train (intercept included), for any target y.
 * `kernel` is the n × n Gram matrix of the raw (uncentered) features; centering happens here.
 */
export function ridgeSmoothers(
  kernel: Float64Array,
  n: number,
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  alphas: readonly number[],
): Float64Array[] {
  const nTr = train.length;
  const nTe = test.length;
  // Centering features on the training mean μ: (xᵢ−μ)·(xⱼ−μ) = Kᵢⱼ − mᵢ − mⱼ + c with mᵢ = xᵢ·μ, c = μ·μ.
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < nTr; t++) s += kernel[i * n + train[t]];
    m[i] = s / nTr;
  }
  let c = 0;
  for (let t = 0; t < nTr; t++) c += m[train[t]];
  c /= nTr;
  const kTr = new Float64Array(nTr * nTr);
  for (let a = 0; a < nTr; a++)
    for (let b = 0; b < nTr; b++) kTr[a * nTr + b] = kernel[train[a] * n + train[b]] - m[train[a]] - m[train[b]] + c;
  const kTe = new Float64Array(nTe * nTr);
  for (let a = 0; a < nTe; a++)
    for (let b = 0; b < nTr; b++) kTe[a * nTr + b] = kernel[test[a] * n + train[b]] - m[test[a]] - m[train[b]] + c;
  const {values, vectors} = symmetricEigen(kTr, nTr);
  // M = K̃ₜₑ,ₜᵣ V, shared by every α.
  const mv = new Float64Array(nTe * nTr);
  for (let a = 0; a < nTe; a++)
    for (let p = 0; p < nTr; p++) {
      const kap = kTe[a * nTr + p];
      if (kap === 0) continue;
      for (let k = 0; k < nTr; k++) mv[a * nTr + k] += kap * vectors[p * nTr + k];
    }
  return alphas.map((alpha) => {
    if (!(alpha > 0)) throw new RangeError(`ridge: alpha must be positive, got ${alpha}`);
    // W = M diag(1/(λ+α)) Vᵀ; λ clamped at 0 because K̃ is positive semi-definite up to rounding.
    const w = new Float64Array(nTe * nTr);
    const g = values.map((l) => 1 / (Math.max(l, 0) + alpha));
    for (let a = 0; a < nTe; a++) {
      for (let k = 0; k < nTr; k++) {
        const coef = mv[a * nTr + k] * g[k];
        if (coef === 0) continue;
        for (let b = 0; b < nTr; b++) w[a * nTr + b] += coef * vectors[b * nTr + k];
      }
      // Intercept: ŷ = W(y − ȳ) + ȳ = (W + (1 − rowsum W)/nTr) y.
      let rowSum = 0;
      for (let b = 0; b < nTr; b++) rowSum += w[a * nTr + b];
      const shift = (1 - rowSum) / nTr;
      for (let b = 0; b < nTr; b++) w[a * nTr + b] += shift;
    }
    return w;
  });
}

/** Balanced fold labels: a seeded permutation of the stimuli dealt into `k` folds (sizes differ by at most 1). */
export function foldLabels(n: number, k: number, seed = 1): Uint8Array {
  if (k < 2 || k > n) throw new RangeError(`ridge: folds must be between 2 and ${n}, got ${k}`);
  const order = permutation(n, seededSource(seed));
  const labels = new Uint8Array(n);
  order.forEach((stimulus, position) => (labels[stimulus] = position % k));
  return labels;
}

/** The mean of the diagonal of the training-centered kernel: the unit in which relative alphas are given. */
export function kernelScale(kernel: Float64Array, n: number): number {
  let trace = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    trace += kernel[i * n + i];
    for (let j = 0; j < n; j++) total += kernel[i * n + j];
  }
  // trace(J K J)/n with J the centering matrix = (trace K − sum K / n) / n.
  return Math.max((trace - total / n) / n, Number.MIN_VALUE);
}

/** Options for {@link cvSmoothers}. */
export interface CvOptions {
  /** Number of folds (default 5). */
  folds?: number;
  /** Seed of the fold assignment (default 1). */
  seed?: number;
}

/**
 * k-fold cross-validated smoothers: for each relative penalty a, the n × n matrix P with Ŷ = P Y the
 * held-out predictions of every stimulus (row i uses only the folds that do not contain stimulus i).
 * Penalties are relative: α = a · {@link kernelScale}(K), so one slider means the same for a layer of
 * 20 units and one of 20,000.
 */
export function cvSmoothers(
  kernel: Float64Array,
  n: number,
  relativeAlphas: readonly number[],
  {folds = 5, seed = 1}: CvOptions = {},
): Float64Array[] {
  const labels = foldLabels(n, folds, seed);
  const scale = kernelScale(kernel, n);
  const ps = relativeAlphas.map(() => new Float64Array(n * n));
  for (let f = 0; f < folds; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < n; i++) (labels[i] === f ? test : train).push(i);
    const ws = ridgeSmoothers(
      kernel,
      n,
      train,
      test,
      relativeAlphas.map((a) => a * scale),
    );
    ws.forEach((w, a) => {
      for (let r = 0; r < test.length; r++)
        for (let c = 0; c < train.length; c++) ps[a][test[r] * n + train[c]] = w[r * train.length + c];
    });
  }
  return ps;
}

/**
 * Scores held-out predictions per target: with `predictions` and `targets` both n × t (row = stimulus),
 * returns t scores, R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (can be negative) or Pearson's r of ŷ and y.
 * A target with no variance scores NaN.
 */
export function scoreTargets(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  n: number,
  t: number,
  {score = "r2"}: {score?: RidgeScore} = {},
): Float64Array {
  const out = new Float64Array(t);
  const my = new Float64Array(t);
  const mp = new Float64Array(t);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < t; j++) {
      my[j] += targets[i * t + j];
      mp[j] += predictions[i * t + j];
    }
  for (let j = 0; j < t; j++) {
    my[j] /= n;
    mp[j] /= n;
  }
  const syy = new Float64Array(t);
  const spp = new Float64Array(t);
  const spy = new Float64Array(t);
  const sse = new Float64Array(t);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < t; j++) {
      const y = targets[i * t + j];
      const p = predictions[i * t + j];
      const dy = y - my[j];
      const dp = p - mp[j];
      syy[j] += dy * dy;
      spp[j] += dp * dp;
      spy[j] += dp * dy;
      sse[j] += (y - p) * (y - p);
    }
  for (let j = 0; j < t; j++) {
    if (!(syy[j] > 0)) out[j] = NaN;
    else if (score === "r2") out[j] = 1 - sse[j] / syy[j];
    else out[j] = spp[j] > 0 ? spy[j] / Math.sqrt(spp[j] * syy[j]) : 0;
  }
  return out;
}

/**
 * Held-out scores of every target from smoother P (n × n) and targets Y (n × t): Ŷ = P Y computed in
 * blocks of targets so memory stays at n × block, then {@link scoreTargets}.
 */
export function predictScores(
  smoother: Float64Array,
  targets: ArrayLike<number>,
  n: number,
  t: number,
  {score = "r2", block = 2048}: {score?: RidgeScore; block?: number} = {},
): Float64Array {
  const out = new Float64Array(t);
  for (let start = 0; start < t; start += block) {
    const w = Math.min(block, t - start);
    const y = new Float64Array(n * w);
    for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) y[i * w + j] = targets[i * t + start + j];
    const p = new Float64Array(n * w);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const pik = smoother[i * n + k];
        if (pik === 0) continue;
        for (let j = 0; j < w; j++) p[i * w + j] += pik * y[k * w + j];
      }
    out.set(scoreTargets(p, y, n, w, {score}), start);
  }
  return out;
}

/** Options for {@link selectAlpha}. */
export interface SelectAlphaOptions extends CvOptions {
  /** Candidate relative penalties (default 10⁻³ … 10³ in decades). */
  alphas?: readonly number[];
  /** Score used to compare penalties (default "r2"). */
  score?: RidgeScore;
}

/**
 * Picks one relative penalty for all targets: the candidate with the highest mean cross-validated score.
 * Returns the choice and every candidate's mean score (NaN scores ignored).
 */
export function selectAlpha(
  kernel: Float64Array,
  targets: ArrayLike<number>,
  n: number,
  t: number,
  {alphas = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000], score = "r2", folds = 5, seed = 1}: SelectAlphaOptions = {},
): {alpha: number; meanScores: Float64Array} {
  const smoothers = cvSmoothers(kernel, n, alphas, {folds, seed});
  const meanScores = Float64Array.from(smoothers, (p) => nanMean(predictScores(p, targets, n, t, {score})));
  let best = 0;
  for (let a = 1; a < alphas.length; a++) if (meanScores[a] > meanScores[best]) best = a;
  return {alpha: alphas[best], meanScores};
}

/** Mean of the finite values (NaN when there are none). */
export function nanMean(values: ArrayLike<number>): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++)
    if (Number.isFinite(values[i])) {
      s += values[i];
      m++;
    }
  return m ? s / m : NaN;
}
