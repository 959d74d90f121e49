/**
 * ONNX graphs for the heavy steps of the analysis, built with @brain-nets/models' graph builder so they run
 * on onnxruntime-web (WebGPU or WASM) in the pages and on onnxruntime-node in benchmarks. Each mirrors a
 * TypeScript function that stays the reference:
 * - {@link rdmGraph}: the RDM of a stimuli × features matrix (rdm.ts `rdm`): prepare rows, one MatMul.
 * - {@link ridgeScoreGraph}: held-out ridge scores of every target for several layers at once
 *   (ridge.ts `predictScores`): one batched MatMul Ŷ = P Y, then per-target R² or Pearson r.
 * - {@link localGramGraph}: the searchlight's local Gram matrices (searchlight.ts `localRdm`), a batch of centres
 *   at once: one batched MatMul.
 * - {@link permutationBestGraph}: the searchlight's permutation test (searchlight.ts `permutationSteps`): every
 *   centre's best correlation with a batch of permuted layers, one MatMul and a max over layers.
 * - {@link evaluationGraph}: a model's forward pass with its parameters as inputs, to score weights that change
 *   (a live fine-tuning run) without rebuilding the graph.
 * {@link rdmWith} and {@link ridgeScoresWith} run them through any {@link InferenceRunner}: the page's ONNX Runtime
 * (runtime/analysis.ts) or the build's (data-loaders/analysis/ridgeNode.ts).
 */
import {
  Graph,
  add,
  div,
  matmul,
  mul,
  reduceMax,
  reduceMean,
  reduceSum,
  reshape,
  relu,
  square,
  sqrt,
  sub,
  toModelBytes,
  transpose,
  type Model,
} from "@brain-nets/models";
import type {InferenceRunner} from "./inference.js";
import type {RdmMetric} from "./rdm.js";
import type {RidgeScore} from "./ridge.js";

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

/** The RDM (n × n, Float64) of a stimuli × features matrix `x`, computed by {@link rdmGraph} through `run`. */
export async function rdmWith(
  run: InferenceRunner,
  x: Float32Array,
  n: number,
  p: number,
  {metric = "correlation"}: {metric?: RdmMetric} = {},
): Promise<Float64Array> {
  const {rdm} = await run(rdmModel(n, p, {metric}), {x: {data: x, dims: [n, p]}}, ["rdm"]);
  return Float64Array.from(rdm.data);
}

/**
 * Held-out ridge scores of every target for every layer, from the layers' smoothers (each n × n) and the targets
 * (n × t), computed by {@link ridgeScoreGraph} (one batched MatMul) through `run`. One Float64Array of t per layer.
 */
export async function ridgeScoresWith(
  run: InferenceRunner,
  smoothers: Float64Array[],
  targets: Float32Array,
  n: number,
  t: number,
  {score = "r2"}: {score?: RidgeScore} = {},
): Promise<Float64Array[]> {
  const layers = smoothers.length;
  const feeds = {
    smoothers: {data: stackSmoothers(smoothers, n), dims: [layers, n, n]},
    targets: {data: targets, dims: [n, t]},
  };
  const out = await run(ridgeScoreModel(layers, n, {score}), feeds, ["scores"]);
  return splitScores(out.scores.data, layers, t);
}

/**
 * Graph with input `x` [b, n, m] (a batch of searchlights: each its n stimuli × m neurons, zero-padded to the widest)
 * and output `gram` [b, n, n]: each searchlight's raw Gram matrix X Xᵀ.
 */
export function localGramGraph(n: number): Graph {
  const g = new Graph({name: "searchlight_grams"});
  const x = g.input("x", ["b", n, "m"]);
  g.output(matmul(g, x, transpose(g, x, [0, 2, 1])), "gram");
  return g;
}

/** ONNX bytes of {@link localGramGraph}. */
export function localGramModel(n: number): Uint8Array {
  return toModelBytes(localGramGraph(n));
}

/** The raw Gram matrices [b, n, n] of a batch of searchlights `x` [b, n, m], by {@link localGramGraph} through `run`. */
export async function localGramsWith(
  run: InferenceRunner,
  x: Float32Array,
  b: number,
  n: number,
  m: number,
): Promise<Float32Array> {
  const {gram} = await run(localGramModel(n), {x: {data: x, dims: [b, n, m]}}, ["gram"]);
  return gram.data;
}

/**
 * Graph with inputs `centres` [c, pairs] (each centre's standardized local RDM vector, searchlight.ts `standardize`)
 * and `permuted` [pairs, batch · layers] (column b·layers + l: layer l's standardized vector under permutation b), and
 * output `best` [c, batch]: each centre's largest correlation over the layers under each permutation.
 */
export function permutationBestGraph(layers: number, batch: number): Graph {
  const g = new Graph({name: `searchlight_permutations_${layers}x${batch}`});
  const v = g.input("centres", ["c", "pairs"]);
  const p = g.input("permuted", ["pairs", batch * layers]);
  const products = reshape(g, matmul(g, v, p), [0, batch, layers]);
  g.output(reduceMax(g, products, {axes: [2]}), "best");
  return g;
}

/** ONNX bytes of {@link permutationBestGraph}. */
export function permutationBestModel(layers: number, batch: number): Uint8Array {
  return toModelBytes(permutationBestGraph(layers, batch));
}

/**
 * Every centre's best correlation under each of `batch` permutations (row-major [c, batch]), by
 * {@link permutationBestGraph} through `run`: `centres` is c × pairs, `permuted` pairs × (batch · layers).
 */
export async function permutationBestWith(
  run: InferenceRunner,
  centres: Float32Array,
  c: number,
  pairs: number,
  permuted: Float32Array,
  layers: number,
  batch: number,
): Promise<Float32Array> {
  const feeds = {
    centres: {data: centres, dims: [c, pairs]},
    permuted: {data: permuted, dims: [pairs, batch * layers]},
  };
  const {best} = await run(permutationBestModel(layers, batch), feeds, ["best"]);
  return best.data;
}

/** An inference graph of `model` whose parameters are graph inputs `param.<p>` (output `y`). */
export function evaluationGraph(model: Model): Uint8Array {
  const g = new Graph({name: `${model.arch.name}_eval`});
  const x = g.input("x", ["batch", ...model.arch.inputShape]);
  const p = Object.fromEntries(model.arch.params.map((s) => [s.name, g.input(`param.${s.name}`, s.shape)]));
  const r = model.arch.forward(g, x, p);
  g.output("output" in r ? r.output : r, "y");
  return toModelBytes(g);
}
