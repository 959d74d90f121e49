/**
 * onnxruntime-node sessions for build-time training: one place that picks the session options (measured in
 * tests/bench/train-step.bench.ts) and runs a models/ train-step graph step after step, feeding every `.next` output
 * back as the next step's input so parameters and optimizer state stay ORT tensors. Every build-time trainer
 * (decoders, grating CNNs, encoding model) goes through {@link NodeTrainer}; {@link trainOnNode} is its
 * mini-batch loop, {@link inferOnNode} scores a data set in batches and {@link runOnNode} runs any model once (the
 * Node-side runner of the core's analyses).
 */
import * as ort from "onnxruntime-node";
import {nextName, toModelBytes, type Model, type Optimizer, type TrainStep, type Weights} from "@brain-nets/models";
import type {FloatTensor, InferenceRunner} from "../../src/components/core/inference.ts";

/**
 * Session options used for training and evaluation at build time. One intra-op thread measured fastest on the
 * 2-core build machine (tests/bench/train-step.bench.ts): the step's two large products are memory-bound, and a
 * second thread mostly contends with the other loaders the build runs at the same time.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  intraOpNumThreads: 1,
};

/** Opens a session on ONNX bytes with the build's options (plus `extra`). */
export function openSession(
  bytes: Uint8Array,
  extra: ort.InferenceSession.SessionOptions = {},
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {...SESSION_OPTIONS, ...extra});
}

/** A float32 tensor. */
export function tensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor("float32", data, [...dims]);
}

/** Runs `model` once on onnxruntime-node: the build's {@link InferenceRunner} (pages use runtime/runtime.ts `runOnce`). */
export const runOnNode: InferenceRunner = async (model, feeds, fetches) => {
  const session = await openSession(model);
  try {
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, {data, dims}]) => [k, tensor(data, dims)]));
    const out = await session.run(tensors);
    const result: Record<string, FloatTensor> = {};
    for (const name of fetches ?? Object.keys(out))
      result[name] = {data: Float32Array.from(out[name].data as Float32Array), dims: out[name].dims};
    return result;
  } finally {
    await session.release();
  }
};

/** A train-step graph opened on onnxruntime-node, holding the current parameters and optimizer state. */
export class NodeTrainer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly step: TrainStep,
    private readonly feeds: Record<string, ort.Tensor>,
  ) {}

  /**
   * Opens `step` with initial `weights`, hyper-parameters from the step's defaults overridden by `hyper`,
   * and a fixed batch `x` `[n, …]` / `target` (full-batch training, as the seed's recipe does); with no batch,
   * every {@link NodeTrainer.run} must bring its own.
   */
  static async create(
    step: TrainStep,
    weights: Weights,
    batch: {x: ort.Tensor; target: ort.Tensor} | undefined,
    {hyper = {}, session = {}}: {hyper?: Record<string, number>; session?: ort.InferenceSession.SessionOptions} = {},
  ): Promise<NodeTrainer> {
    const s = await openSession(step.toBytes(), session);
    const feeds: Record<string, ort.Tensor> = batch ? {x: batch.x, target: batch.target} : {};
    for (const [name, {data, dims}] of Object.entries(step.initialFeeds(weights)))
      feeds[name] = tensor(Float32Array.from(data), dims);
    for (const [h, v] of Object.entries({...step.hyper, ...hyper}))
      feeds[`hyper.${h}`] = tensor(Float32Array.of(v), []);
    return new NodeTrainer(s, step, feeds);
  }

  /**
   * Runs one step and returns its loss (before the update). `batch`, when given, replaces the batch from now on
   * (mini-batch training); otherwise the previous one is used again. Throws on a non-finite loss.
   */
  async run(batch?: {x: ort.Tensor; target: ort.Tensor}): Promise<number> {
    if (batch) ((this.feeds.x = batch.x), (this.feeds.target = batch.target));
    const out = await this.session.run(this.feeds);
    const loss = (out.loss.data as Float32Array)[0];
    if (!Number.isFinite(loss)) throw new Error(`train step: loss became ${loss}; lower the learning rate`);
    for (const name of Object.keys(this.feeds)) {
      const next = out[nextName(name)];
      if (next) this.feeds[name] = next;
    }
    return loss;
  }

  /** A copy of the current parameters. */
  weights(): Weights {
    const w: Weights = {};
    for (const p of this.step.params) w[p] = Float32Array.from(this.feeds[`param.${p}`].data as Float32Array);
    return w;
  }

  /** Releases the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

/** One mini-batch: inputs and targets, row-major, with their batch size. */
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

/**
 * The per-example shape of a train step's `target` input, read from the graph itself: it follows the loss, not
 * the model's output (the circular loss takes one angle `[1]` per example for a two-column output).
 */
export function targetShape(step: TrainStep): number[] {
  const input = step.graph.inputs.find((v) => v.name === "target");
  if (!input) throw new Error("train step has no target input");
  const dims = input.shape.slice(1);
  if (!dims.every((d): d is number => typeof d === "number"))
    throw new Error(`train step target has symbolic dims [${input.shape.join(", ")}] beyond the batch`);
  return dims;
}

/**
 * Trains `model` from `weights` with mini-batches on a {@link NodeTrainer}; returns the trained weights, the
 * loss of every step and the step's ONNX bytes.
 */
export async function trainOnNode(
  model: Model,
  weights: Weights,
  {optimizer, steps, batch, onStep, checkpointEvery = 0, onCheckpoint}: TrainOptions,
): Promise<{weights: Weights; losses: number[]; trainStepBytes: Uint8Array}> {
  const step = model.trainStepGraph({optimizer});
  const trainStepBytes = step.toBytes();
  const trainer = await NodeTrainer.create(step, weights, undefined);
  const inShape = model.arch.inputShape,
    tShape = targetShape(step);
  const losses: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const b = batch(i);
      let loss: number;
      try {
        loss = await trainer.run({x: tensor(b.x, [b.n, ...inShape]), target: tensor(b.target, [b.n, ...tShape])});
      } catch (e) {
        throw new Error(`trainOnNode(${model.arch.name}) step ${i}: ${(e as Error).message}`);
      }
      losses.push(loss);
      onStep?.(i, loss);
      if (checkpointEvery && onCheckpoint && (i + 1) % checkpointEvery === 0)
        await onCheckpoint(i + 1, trainer.weights());
    }
    return {weights: trainer.weights(), losses, trainStepBytes};
  } finally {
    await trainer.release();
  }
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
  const session = await openSession(toModelBytes(model.inferenceGraph(weights, {activations})));
  const inShape = model.arch.inputShape;
  const per = inShape.reduce((a, b) => a * b, 1);
  const parts: Record<string, Float32Array[]> = {};
  try {
    for (let s = 0; s < n; s += batchSize) {
      const m = Math.min(batchSize, n - s);
      const out = await session.run({x: tensor(x.subarray(s * per, (s + m) * per), [m, ...inShape])});
      for (const [name, t] of Object.entries(out)) (parts[name] ??= []).push(Float32Array.from(t.data as Float32Array));
    }
  } finally {
    await session.release();
  }
  const result: Record<string, Float32Array> = {};
  for (const [name, list] of Object.entries(parts)) {
    const all = new Float32Array(list.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of list) (all.set(p, o), (o += p.length));
    result[name] = all;
  }
  return result;
}
