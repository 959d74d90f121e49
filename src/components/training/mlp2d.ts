/**
 * Glue between the perceptron page and `@brain-nets/models`: small MLPs on 2-D points (binary classifiers
 * trained with binary cross-entropy) and on 1-D functions (ReLU regressors for universal approximation),
 * their data as train-step feeds, and their evaluation on a grid with every hidden unit's activation.
 * The models, gradients and optimizers are models/'s; training runs through trainer.ts and inference through
 * runtime.ts `runOnce` (or any {@link InferenceRunner}, e.g. onnxruntime-node in tests).
 */
import {defineModel, mlp, toModelBytes, type Activation, type Model, type Weights} from "@brain-nets/models";
import {runOnce} from "../runtime/runtime.js";
import type {InferenceRunner} from "../core/inference.js";
import type {Feed} from "./trainer.js";
import type {Point2} from "../core/datasets2d.js";

/** A classifier of 2-D points: 2 → hidden… → 1 logit, trained with binary cross-entropy. */
export function classifierModel({
  hidden = [8],
  activation = "tanh",
}: {hidden?: readonly number[]; activation?: Activation} = {}): Model {
  return mlp({inputSize: 2, hidden, activation, outputSize: 1, loss: "bce", name: "pointClassifier"});
}

/**
 * A 1-D regressor with one hidden layer of `units` ReLUs: 1 → units → 1, trained with MSE. Unit k starts as
 * the ramp relu(±(x − c_k)) with its kink c_k = −1 + (2k + 1)/units spread evenly over [−1, 1] and slopes of
 * alternating sign: with PyTorch's default init a quarter of the units start dead on all of [−1, 1] (zero
 * gradient forever) and small networks stall; spread kinks are the textbook starting point of the
 * universal-approximation construction. The output layer keeps the default random init.
 */
export function reluRegressor(units: number): Model {
  const base = mlp({
    inputSize: 1,
    hidden: [units],
    activation: "relu",
    outputSize: 1,
    loss: "mse",
    name: "reluRegressor",
  });
  const slope = Float32Array.from({length: units}, (_, k) => (k % 2 === 0 ? 1 : -1));
  const bias = Float32Array.from({length: units}, (_, k) => -slope[k] * (-1 + (2 * k + 1) / units));
  const params = base.arch.params.map((p) =>
    p.name === "fc1.weight" ? {...p, init: slope} : p.name === "fc1.bias" ? {...p, init: bias} : p,
  );
  return defineModel({...base.arch, params});
}

/** Points as train-step data: `x` `[n, 2]` and `target` `[n, 1]` holding the 0/1 labels. */
export function pointFeeds(points: readonly Point2[]): {x: Float32Array; y: Feed} {
  const x = new Float32Array(points.length * 2);
  const y = new Float32Array(points.length);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    y[i] = p.label;
  });
  return {x, y: {data: y, dims: [points.length, 1]}};
}

/**
 * A `size × size` grid over [lo, hi]², row-major with the top row first (y = hi), as model input `[size², 2]`:
 * cell (r, c) sits at x = lo + (c + ½)·step, y = hi − (r + ½)·step.
 */
export function grid2d(size: number, {lo = -1, hi = 1}: {lo?: number; hi?: number} = {}): Float32Array {
  const step = (hi - lo) / size;
  const x = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      x[2 * (r * size + c)] = lo + (c + 0.5) * step;
      x[2 * (r * size + c) + 1] = hi - (r + 0.5) * step;
    }
  return x;
}

/** A network evaluated on many inputs. */
export interface Evaluation {
  /** The output for each input (the logit for classifiers, the value for regressors). */
  output: Float32Array;
  /** For each hidden layer, each unit's activation on each input: `layers[l][unit * n + k]` (unit-major). */
  layers: Float32Array[];
}

/** Evaluates `model` with `weights` on `x` (`[n, inputSize]`), returning the output and all hidden activations. */
export async function evaluate(
  model: Model,
  weights: Weights,
  x: Float32Array,
  n: number,
  {run = runOnce}: {run?: InferenceRunner} = {},
): Promise<Evaluation> {
  const bytes = toModelBytes(model.inferenceGraph(weights, {activations: true}));
  const out = await run(bytes, {x: {data: x, dims: [n, x.length / n]}});
  const hidden = ((model.arch.config as {hidden?: number[]}).hidden ?? []) as number[];
  const layers = hidden.map((units, l) => {
    const a = out[`activation.hidden${l + 1}`].data;
    // Activations arrive example-major [n, units]; views want one contiguous surface per unit.
    const byUnit = new Float32Array(units * n);
    for (let k = 0; k < n; k++) for (let u = 0; u < units; u++) byUnit[u * n + k] = a[k * units + u];
    return byUnit;
  });
  return {output: out.y.data, layers};
}

/** The logistic function, turning a classifier's logit into the probability of class 1. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Each hidden ReLU's contribution to a 1-hidden-layer regressor's output: unit k contributes
 * `w2[k] · relu(w1[k]·x + b1[k])`, and the output is the sum of the contributions plus the output bias.
 * Returns `pieces[k * n + i]` for the n inputs (unit-major) from the unit activations of {@link evaluate}.
 */
export function reluPieces(activations: Float32Array, weights: Weights, n: number): Float32Array {
  const w2 = weights["fc2.weight"];
  const pieces = new Float32Array(activations.length);
  for (let k = 0; k < w2.length; k++) for (let i = 0; i < n; i++) pieces[k * n + i] = w2[k] * activations[k * n + i];
  return pieces;
}

/** The 1-D target functions offered for universal approximation, on x ∈ [-1, 1]. */
export const TARGET_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = Object.freeze({
  "sin(πx)": (x: number) => Math.sin(Math.PI * x),
  "|x|": (x: number) => Math.abs(x),
  step: (x: number) => (x < 0 ? 0 : 1),
  bump: (x: number) => Math.exp(-(x * x) / (2 * 0.15 * 0.15)),
  "sin(3πx)·x": (x: number) => x * Math.sin(3 * Math.PI * x),
});
