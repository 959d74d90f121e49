/**
 * Finite-difference gradient checks run through onnxruntime-node. A graph computes `y = build(inputs)`; the
 * scalar `L = Σ y ⊙ R` (R a fixed random tensor, so every output element counts) is differentiated with
 * `gradients`, and each analytic ∂L/∂input is compared with central differences of L.
 */
import {expect} from "vitest";
import {Graph, gradients, mul, reduceSum, shapeSize, type Value} from "../../models/src/index.js";
import type * as ort from "onnxruntime-node";
import {run, session, uniform, type Feed} from "./ort.js";

/** One input of a checked graph. */
export interface InputSpec {
  /** Static shape. */
  shape: number[];
  /** Range of the random values (default [−1, 1]). */
  range?: [number, number];
  /** Explicit values instead of random ones. */
  values?: number[];
  /** Whether to check this input's gradient (default true). */
  check?: boolean;
}

/** Options of `gradCheck`. */
export interface GradCheckOptions {
  dtype?: "float32" | "float64";
  eps?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Check at most this many elements per input (spread evenly). */
  maxElements?: number;
}

/** Builds the graph, runs analytic and numeric gradients and asserts they agree. Returns the max abs error. */
export async function gradCheck(
  build: (g: Graph, xs: Value[]) => Value,
  specs: InputSpec[],
  options: GradCheckOptions = {},
): Promise<number> {
  const {dtype = "float64", seed = 7, maxElements = 40} = options;
  const eps = options.eps ?? (dtype === "float64" ? 1e-6 : 1e-2);
  const rtol = options.rtol ?? (dtype === "float64" ? 1e-5 : 2e-2);
  const atol = options.atol ?? (dtype === "float64" ? 1e-7 : 2e-3);
  const g = new Graph({dtype});
  const xs = specs.map((s, i) => g.input(`in${i}`, s.shape));
  const y = build(g, xs);
  const r = g.initializer(uniform(shapeSize(y.shape), seed + 100), y.shape as number[]);
  const loss = reduceSum(g, mul(g, y, r));
  const checked = xs.filter((_, i) => specs[i].check !== false);
  const grads = gradients(g, loss, checked);
  g.output(loss, "loss");
  grads.forEach((d, i) => g.output(d, `grad.${checked[i].name}`));
  const sess = await session(g);
  const Typed = dtype === "float64" ? Float64Array : Float32Array;
  const feeds: Record<string, Feed> = {};
  specs.forEach((s, i) => {
    const [lo, hi] = s.range ?? [-1, 1];
    feeds[`in${i}`] = {data: Typed.from(s.values ?? uniform(shapeSize(s.shape), seed + i, lo, hi)), dims: s.shape};
  });
  const inputs = checked.map((x) => ({feed: x.name, grad: `grad.${x.name}`}));
  return compareWithFiniteDifferences(sess, feeds, inputs, {eps, rtol, atol, samples: maxElements});
}

/** Step size, tolerances and sample count of {@link compareWithFiniteDifferences}. */
export interface FiniteDifferenceOptions {
  eps: number;
  rtol: number;
  atol: number;
  /** Check about this many elements per input, spread evenly. */
  samples: number;
}

/**
 * Runs `sess` on `feeds` once for the analytic gradients (outputs `grad`), then nudges evenly spread elements of
 * each input `feed` by ±eps and asserts each central difference of the `loss` output matches within
 * atol + rtol·|numeric|. Feeds are restored afterwards. Returns the largest absolute error.
 */
export async function compareWithFiniteDifferences(
  sess: ort.InferenceSession,
  feeds: Record<string, Feed>,
  inputs: readonly {feed: string; grad: string}[],
  {eps, rtol, atol, samples}: FiniteDifferenceOptions,
): Promise<number> {
  const analytic = await run(sess, feeds);
  // The numeric side only needs the loss: a forward-only session would do, but the same graph keeps it honest.
  let worst = 0;
  for (const {feed, grad} of inputs) {
    const data = feeds[feed].data;
    const n = data.length;
    const stride = Math.max(1, Math.floor(n / samples));
    for (let j = 0; j < n; j += stride) {
      const orig = data[j];
      data[j] = orig + eps;
      const plus = (await run(sess, feeds)).loss[0];
      data[j] = orig - eps;
      const minus = (await run(sess, feeds)).loss[0];
      data[j] = orig;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic[grad][j];
      const err = Math.abs(a - numeric);
      worst = Math.max(worst, err);
      expect(err, `∂L/∂${feed}[${j}]: analytic ${a}, numeric ${numeric}`).toBeLessThanOrEqual(
        atol + rtol * Math.abs(numeric),
      );
    }
  }
  return worst;
}
