/**
 * ONNX graphs for the heavy steps of the analysis, built with @brain-nets/models' graph builder so they run
 * on onnxruntime-web (WebGPU or WASM) in the pages and on onnxruntime-node in benchmarks. Each mirrors a
 * TypeScript function that stays the reference:
 * - {@link rdmGraph}: the RDM of a stimuli × features matrix (rdm.ts `rdm`): prepare rows, one MatMul.
 * - {@link ridgeScoreGraph}: held-out ridge scores of every target for several layers at once
 *   (ridge.ts `predictScores`): one batched MatMul Ŷ = P Y, then per-target R² or Pearson r.
 */
import {
  Graph,
  add,
  div,
  matmul,
  mul,
  reduceMean,
  reduceSum,
  relu,
  square,
  sqrt,
  sub,
  toModelBytes,
  transpose,
} from "@brain-nets/models";
import type {RdmMetric} from "./math/rdm.js";
import type {RidgeScore} from "./math/ridge.js";

// Keeps an all-zero row at zero after normalising (as prepareRows does) instead of 0/0.
const TINY = 1e-30;

/**
 * Graph with input `x` [n, p] (float32) and output `rdm` [n, n]: correlation distance (rows centered and
 * scaled to unit norm, 1 − X Xᵀ), cosine (rows scaled, 1 − X Xᵀ) or Euclidean (√max(0, |xᵢ|² + |xⱼ|² − 2xᵢ·xⱼ)).
 * The diagonal is masked to exactly 0 like the TypeScript version.
 */
export function rdmGraph(n: number, p: number | string, {metric = "correlation"}: {metric?: RdmMetric} = {}): Graph {
  const g = new Graph({name: `rdm_${metric}`});
  let x = g.input("x", [n, p]);
  if (metric === "correlation") x = sub(g, x, reduceMean(g, x, {axes: [1], keepdims: true}));
  const ss = reduceSum(g, square(g, x), {axes: [1], keepdims: true});
  let d: ReturnType<typeof sub>;
  if (metric === "euclidean") {
    const gram = matmul(g, x, transpose(g, x, [1, 0]));
    const sq = add(g, ss, transpose(g, ss, [1, 0]));
    d = sqrt(g, relu(g, sub(g, sq, mul(g, g.scalar(2), gram))));
  } else {
    const xn = div(g, x, sqrt(g, add(g, ss, g.scalar(TINY))));
    d = sub(g, g.scalar(1), matmul(g, xn, transpose(g, xn, [1, 0])));
  }
  const mask = new Float32Array(n * n).fill(1);
  for (let i = 0; i < n; i++) mask[i * n + i] = 0;
  g.output(mul(g, d, g.initializer(mask, [n, n], {name: "offDiagonal"})), "rdm");
  return g;
}

/**
 * Graph with inputs `smoothers` [layers, n, n] (each layer's cross-validated ridge smoother) and `targets`
 * [n, t] (row = stimulus), and output `scores` [layers, t]: each target's held-out R² or Pearson r per layer.
 */
export function ridgeScoreGraph(layers: number, n: number, {score = "r2"}: {score?: RidgeScore} = {}): Graph {
  const g = new Graph({name: `ridge_scores_${score}`});
  const p = g.input("smoothers", [layers, n, n]);
  const y = g.input("targets", [n, "t"]);
  const pred = matmul(g, p, y);
  const yc = sub(g, y, reduceMean(g, y, {axes: [0], keepdims: true}));
  const syy = reduceSum(g, square(g, yc), {axes: [0]});
  let out;
  if (score === "r2") {
    const sse = reduceSum(g, square(g, sub(g, pred, y)), {axes: [1]});
    out = sub(g, g.scalar(1), div(g, sse, syy));
  } else {
    const pc = sub(g, pred, reduceMean(g, pred, {axes: [1], keepdims: true}));
    const spy = reduceSum(g, mul(g, pc, yc), {axes: [1]});
    const spp = reduceSum(g, square(g, pc), {axes: [1]});
    out = div(g, spy, sqrt(g, mul(g, spp, syy)));
  }
  g.output(out, "scores");
  return g;
}

/** ONNX bytes of {@link rdmGraph}. */
export function rdmModel(n: number, p: number | string, options: {metric?: RdmMetric} = {}): Uint8Array {
  return toModelBytes(rdmGraph(n, p, options));
}

/** ONNX bytes of {@link ridgeScoreGraph}. */
export function ridgeScoreModel(layers: number, n: number, options: {score?: RidgeScore} = {}): Uint8Array {
  return toModelBytes(ridgeScoreGraph(layers, n, options));
}

/** Stacks per-layer n × n smoothers into the Float32 [layers, n, n] feed of {@link ridgeScoreGraph}. */
export function stackSmoothers(smoothers: readonly Float64Array[], n: number): Float32Array {
  const stacked = new Float32Array(smoothers.length * n * n);
  smoothers.forEach((s, l) => stacked.set(s, l * n * n));
  return stacked;
}

/** Splits the [layers, t] `scores` output of {@link ridgeScoreGraph} into one Float64Array per layer. */
export function splitScores(scores: Float32Array, layers: number, t: number): Float64Array[] {
  return Array.from({length: layers}, (_, l) => Float64Array.from(scores.subarray(l * t, (l + 1) * t)));
}
