/**
 * Losses as graph nodes. Each turns a prediction and a target into a scalar mean over the batch; the gradient
 * pass differentiates them like any other nodes.
 */
import type {Dim, Graph, Value} from "./graph.js";
import {
  add,
  cos,
  div,
  exp,
  log,
  mul,
  neg,
  reduceMax,
  reduceMean,
  reduceSum,
  slice,
  softplus,
  sin,
  sqrt,
  square,
  sub,
} from "./ops.js";

/** Names of the losses `loss()` builds. */
export type LossName = "mse" | "nll" | "bce" | "circular";

/** Options of the losses. */
export interface LossOptions {
  /** Period of the angles for the circular loss, in the target's unit (default 360: degrees). */
  period?: number;
}

/**
 * The target's per-example shape a loss expects for a prediction of per-example shape `out`:
 * `mse`, `bce`: like the prediction; `nll`: a one-hot (or soft) class distribution like the logits;
 * `circular`: one angle per example (`[1]`).
 */
export function lossTargetShape(name: LossName, out: readonly Dim[]): Dim[] {
  return name === "circular" ? [1] : [...out];
}

/** Mean squared error `mean((ŷ − t)²)` over every element (PyTorch's `nn.MSELoss()`). */
export function mse(g: Graph, prediction: Value, target: Value): Value {
  return reduceMean(g, square(g, sub(g, prediction, target)));
}

/**
 * Negative log-likelihood of classes from logits `[batch, C]` and one-hot targets `[batch, C]`:
 * `−mean_n Σ_c t_nc · logSoftmax(z)_nc` (PyTorch's `NLLLoss(LogSoftmax(z))`, i.e. cross-entropy).
 * The log-softmax is written out as `z − m − log Σ exp(z − m)` with `m` the row maximum (stable), because
 * ONNX Runtime's WebGPU provider has no LogSoftmax kernel and would run it on the CPU; the gradient through `m`
 * cancels, so the result and its gradient are those of LogSoftmax.
 */
export function nll(g: Graph, logits: Value, target: Value): Value {
  const shifted = sub(g, logits, reduceMax(g, logits, {axes: [-1], keepdims: true}));
  const logp = sub(g, shifted, log(g, reduceSum(g, exp(g, shifted), {axes: [-1], keepdims: true})));
  return neg(g, reduceMean(g, reduceSum(g, mul(g, target, logp), {axes: [-1]})));
}

/** Binary cross-entropy from logits: `mean(softplus(z) − t · z)`, the stable form of `−t log σ(z) − (1−t) log(1−σ(z))`. */
export function bce(g: Graph, logits: Value, target: Value): Value {
  return reduceMean(g, sub(g, softplus(g, logits), mul(g, target, logits)));
}

/**
 * Circular loss `mean(1 − cos(θ̂ − θ))`, which treats angles a period apart as equal. `target` holds angles
 * `[batch, 1]` in units of `period`. A one-column prediction is itself an angle; a two-column prediction is a
 * vector (x, y) whose direction is the angle, so `cos(θ̂ − θ) = (x cos θ + y sin θ) / ‖(x, y)‖`.
 */
export function circular(g: Graph, prediction: Value, target: Value, {period = 360}: LossOptions = {}): Value {
  const k = g.scalar((2 * Math.PI) / period, prediction.dtype);
  const one = g.scalar(1, prediction.dtype);
  const cols = prediction.shape[prediction.shape.length - 1];
  if (cols === 1) return reduceMean(g, sub(g, one, cos(g, mul(g, sub(g, prediction, target), k))));
  if (cols !== 2) throw new Error(`circular loss: prediction must have 1 (angle) or 2 (vector) columns, got ${cols}`);
  const theta = mul(g, target, k);
  const x = slice(g, prediction, {starts: [0], ends: [1], axes: [-1]});
  const y = slice(g, prediction, {starts: [1], ends: [2], axes: [-1]});
  // A tiny epsilon keeps the norm differentiable at the origin.
  const norm = sqrt(g, add(g, add(g, square(g, x), square(g, y)), g.scalar(1e-12, prediction.dtype)));
  const cosine = div(g, add(g, mul(g, x, cos(g, theta)), mul(g, y, sin(g, theta))), norm);
  return reduceMean(g, sub(g, one, cosine));
}

/** Builds the loss `name` of a prediction against a target. */
export function loss(g: Graph, name: LossName, prediction: Value, target: Value, options: LossOptions = {}): Value {
  switch (name) {
    case "mse":
      return mse(g, prediction, target);
    case "nll":
      return nll(g, prediction, target);
    case "bce":
      return bce(g, prediction, target);
    case "circular":
      return circular(g, prediction, target, options);
    default:
      throw new Error(`loss: unknown loss "${name as string}"; choose mse, nll, bce or circular`);
  }
}
