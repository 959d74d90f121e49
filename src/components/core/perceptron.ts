/**
 * Rosenblatt's perceptron (1958) on 2-D points: a weight vector and a bias, a hard threshold, and the
 * error-driven learning rule `w ← w + η·y·x, b ← b + η·y` applied only to misclassified points
 * (targets y ∈ {-1, +1}). Novikoff's theorem (1962) guarantees convergence on linearly separable data; on
 * XOR (Minsky & Papert, 1969) no line separates the classes and the rule cycles forever.
 * Pure functions over small immutable states, so the page can step, replay and reset freely.
 */
import type {Point2} from "./datasets2d.js";
import {permutation, seededSource} from "./random.js";

/** A perceptron's parameters: decision function `w1·x + w2·y + b`. */
export interface PerceptronState {
  /** Weight on the x coordinate. */
  w1: number;
  /** Weight on the y coordinate. */
  w2: number;
  /** Bias. */
  b: number;
}

/** Learning options. */
export interface PerceptronOptions {
  /** Learning rate η (default 0.1). The rule's decisions do not depend on η when starting from zero. */
  learningRate?: number;
}

/** The perceptron that starts every run: all zeros. */
export const ZERO_PERCEPTRON: PerceptronState = Object.freeze({w1: 0, w2: 0, b: 0});

/** The perceptron's activation `w·x + b` for a point. */
export function perceptronActivation(state: PerceptronState, point: {x: number; y: number}): number {
  return state.w1 * point.x + state.w2 * point.y + state.b;
}

/** Predicted class: 1 when the activation is strictly positive, else 0 (so the zero perceptron says 0). */
export function perceptronPredict(state: PerceptronState, point: {x: number; y: number}): 0 | 1 {
  return perceptronActivation(state, point) > 0 ? 1 : 0;
}

/** The result of presenting one point. */
export interface PerceptronStepResult {
  /** The state after the step (the same object when nothing changed). */
  state: PerceptronState;
  /** Whether the point was misclassified, and so the weights moved. */
  updated: boolean;
}

/** Presents one point: if misclassified, moves the weights toward (class 1) or away from (class 0) it. */
export function perceptronStep(
  state: PerceptronState,
  point: Point2,
  {learningRate = 0.1}: PerceptronOptions = {},
): PerceptronStepResult {
  if (perceptronPredict(state, point) === point.label) return {state, updated: false};
  const y = point.label === 1 ? 1 : -1;
  return {
    state: {
      w1: state.w1 + learningRate * y * point.x,
      w2: state.w2 + learningRate * y * point.y,
      b: state.b + learningRate * y,
    },
    updated: true,
  };
}

/** The result of one pass over the data. */
export interface PerceptronEpochResult {
  /** The state after the pass. */
  state: PerceptronState;
  /** Points misclassified during the pass (each one caused an update). */
  errors: number;
}

/** One pass over `points` in the given order (default: as listed), updating after each mistake. */
export function perceptronEpoch(
  state: PerceptronState,
  points: readonly Point2[],
  {learningRate = 0.1, order}: PerceptronOptions & {order?: ArrayLike<number>} = {},
): PerceptronEpochResult {
  let errors = 0;
  const n = order ? order.length : points.length;
  for (let k = 0; k < n; k++) {
    const step = perceptronStep(state, points[order ? order[k] : k], {learningRate});
    state = step.state;
    if (step.updated) errors++;
  }
  return {state, errors};
}

/** A full training run. */
export interface PerceptronRun {
  /** The final state. */
  state: PerceptronState;
  /** Mistakes made in each epoch. */
  errorsPerEpoch: number[];
  /** True when an epoch made no mistake: every point is classified correctly by `state`. */
  converged: boolean;
}

/**
 * Trains until an epoch makes no mistake (convergence) or `maxEpochs` passes. With `seed`, each epoch
 * visits the points in a fresh seeded random order; without it, in the listed order.
 */
export function trainPerceptron(
  points: readonly Point2[],
  {
    learningRate = 0.1,
    maxEpochs = 100,
    seed,
    initial = ZERO_PERCEPTRON,
  }: PerceptronOptions & {maxEpochs?: number; seed?: number; initial?: PerceptronState} = {},
): PerceptronRun {
  const source = seed === undefined ? undefined : seededSource(seed);
  let state = initial;
  const errorsPerEpoch: number[] = [];
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    const order = source ? permutation(points.length, source) : undefined;
    const result = perceptronEpoch(state, points, {learningRate, order});
    state = result.state;
    errorsPerEpoch.push(result.errors);
    if (result.errors === 0) return {state, errorsPerEpoch, converged: true};
  }
  return {state, errorsPerEpoch, converged: false};
}

/** Number of points `state` misclassifies. */
export function perceptronErrors(state: PerceptronState, points: readonly Point2[]): number {
  let errors = 0;
  for (const p of points) if (perceptronPredict(state, p) !== p.label) errors++;
  return errors;
}

/**
 * The decision line `w1·x + w2·y + b = 0` clipped to the square [lo, hi]², as its two end points, or null
 * when it misses the square or the weights are zero (no line yet).
 */
export function decisionLine(
  state: PerceptronState,
  {lo = -1, hi = 1}: {lo?: number; hi?: number} = {},
): [{x: number; y: number}, {x: number; y: number}] | null {
  const {w1, w2, b} = state;
  const hits: {x: number; y: number}[] = [];
  const eps = 1e-12;
  // Intersect with each edge of the square; keep distinct points.
  if (Math.abs(w2) > eps)
    for (const x of [lo, hi]) {
      const y = -(w1 * x + b) / w2;
      if (y >= lo - eps && y <= hi + eps) hits.push({x, y});
    }
  if (Math.abs(w1) > eps)
    for (const y of [lo, hi]) {
      const x = -(w2 * y + b) / w1;
      if (x >= lo - eps && x <= hi + eps) hits.push({x, y});
    }
  const unique = hits.filter((p, i) => hits.findIndex((q) => Math.hypot(p.x - q.x, p.y - q.y) < 1e-9) === i);
  return unique.length >= 2 ? [unique[0], unique[1]] : null;
}
