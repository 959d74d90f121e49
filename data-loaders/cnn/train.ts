/**
 * Runs a models/ train-step graph on onnxruntime-node: the build-time side of training. Parameters and
 * optimizer state stay ORT tensors between steps (each `.next` output is fed back as the next input).
 * Also evaluates an inference graph in batches, so a data set bigger than one batch is scored in one call.
 */
import * as ort from "onnxruntime-node";
import {nextName, toModelBytes, type Model, type Optimizer, type Weights} from "@brain-nets/models";

/** One mini-batch: images (or any input) and targets, row-major, with their batch size. */
export interface Batch {
  x: Float32Array;
  target: Float32Array;
  n: number;
}

/** Options of {@link trainOnNode}. */
export interface TrainOptions {
  /** The optimizer whose update the train-step graph contains. */
  optimizer: Optimizer;
  /** Number of steps. */
  steps: number;
  /** The batch for step `i` (0-based). */
  batch: (step: number) => Batch;
  /** Called after each step with the step index and loss (e.g. to log to stderr). */
  onStep?: (step: number, loss: number) => void;
  /** Every this many steps, `onCheckpoint` receives a copy of the current weights (default: never). */
  checkpointEvery?: number;
  /** Receives the step count and the weights at each checkpoint (e.g. to score a test set). */
  onCheckpoint?: (steps: number, weights: Weights) => void | Promise<void>;
}

/** Trains `model` from `weights`; returns the trained weights, the loss of every step and the step's ONNX bytes. */
export async function trainOnNode(
  model: Model,
  weights: Weights,
  {optimizer, steps, batch, onStep, checkpointEvery = 0, onCheckpoint}: TrainOptions,
): Promise<{weights: Weights; losses: number[]; trainStepBytes: Uint8Array}> {
  const step = model.trainStepGraph({optimizer});
  const trainStepBytes = step.toBytes();
  const session = await ort.InferenceSession.create(trainStepBytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, {data, dims}] of Object.entries(step.initialFeeds(weights)))
    feeds[name] = new ort.Tensor("float32", Float32Array.from(data), dims);
  for (const [h, v] of Object.entries(step.hyper)) feeds[`hyper.${h}`] = new ort.Tensor("float32", [v], []);
  const inShape = model.arch.inputShape,
    outShape = model.arch.outputShape;
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const b = batch(i);
    feeds.x = new ort.Tensor("float32", b.x, [b.n, ...inShape]);
    feeds.target = new ort.Tensor("float32", b.target, [b.n, ...outShape]);
    const out = await session.run(feeds);
    const loss = (out.loss.data as Float32Array)[0];
    if (!Number.isFinite(loss)) throw new Error(`trainOnNode(${model.arch.name}): loss became ${loss} at step ${i}`);
    losses.push(loss);
    onStep?.(i, loss);
    for (const name of Object.keys(feeds)) if (out[nextName(name)]) feeds[name] = out[nextName(name)];
    if (checkpointEvery && onCheckpoint && (i + 1) % checkpointEvery === 0) await onCheckpoint(i + 1, current());
  }
  function current(): Weights {
    const w: Weights = {};
    for (const name of step.params) w[name] = Float32Array.from(feeds[`param.${name}`].data as Float32Array);
    return w;
  }
  const trained = current();
  await session.release();
  return {weights: trained, losses, trainStepBytes};
}

/**
 * Runs the inference graph of `model` with `weights` on `n` inputs in batches of `batchSize`; returns every
 * output (`y`, and `activation.<name>` when `activations`), concatenated over the batches.
 */
export async function inferOnNode(
  model: Model,
  weights: Weights,
  x: Float32Array,
  n: number,
  {batchSize = 256, activations = false}: {batchSize?: number; activations?: boolean} = {},
): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(toModelBytes(model.inferenceGraph(weights, {activations})));
  const per = model.arch.inputShape.reduce((a, b) => a * b, 1);
  const parts: Record<string, Float32Array[]> = {};
  for (let s = 0; s < n; s += batchSize) {
    const m = Math.min(batchSize, n - s);
    const out = await session.run({
      x: new ort.Tensor("float32", x.subarray(s * per, (s + m) * per), [m, ...model.arch.inputShape]),
    });
    for (const [name, t] of Object.entries(out)) (parts[name] ??= []).push(Float32Array.from(t.data as Float32Array));
  }
  await session.release();
  const result: Record<string, Float32Array> = {};
  for (const [name, list] of Object.entries(parts)) {
    const all = new Float32Array(list.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of list) (all.set(p, o), (o += p.length));
    result[name] = all;
  }
  return result;
}
