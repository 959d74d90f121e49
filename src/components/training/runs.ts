/**
 * A training run of any models/ network on the live trainer: the optimizer and learning rate, full-batch or
 * epoch-shuffled mini-batches, the seed. Shared by the decoding and perceptron pages; the trained parameters come
 * back as models/ weights with {@link weightsOf}.
 */
import {adam, sgd, type Model, type Weights} from "@brain-nets/models";
import {seededSource} from "../core/random.js";
import {epochBatches} from "../core/batches.js";
import {gather} from "../core/decodingData.js";
import type {Feed, TrainStepSpec, TrainerOptions} from "./trainer.js";
import {trainStepSpec} from "./liveTraining.js";

/** Optimizer names the page offers. */
export type OptimizerName = "sgd" | "adam";

/** Settings of one training run. */
export interface TrainSettings {
  optimizer: OptimizerName;
  learningRate: number;
  /** Examples per step; the whole training set when ≥ its size. */
  batchSize: number;
  /** Seed of the initial weights and minibatch order. */
  seed: number;
}

/** The train-step spec and feeds for `model` on the data `x`, `y` (n rows), ready for {@link Trainer.create}. */
export function trainingRun(
  model: Model,
  x: Float32Array,
  y: Feed,
  {optimizer, learningRate, batchSize, seed}: TrainSettings,
): {spec: TrainStepSpec; options: TrainerOptions} {
  const opt = optimizer === "adam" ? adam({lr: learningRate}) : sgd({lr: learningRate});
  const {spec, hyper} = trainStepSpec(model.trainStepGraph({optimizer: opt}), model.initWeights(seed));
  const n = y.dims[0];
  const d = x.length / n;
  if (batchSize >= n) return {spec, options: {feeds: {...hyper, x: {data: x, dims: [n, d]}, target: y}, learningRate}};
  const cols = y.dims[1];
  const rowsOf = epochBatches(n, batchSize, seededSource(seed + 1));
  const batch = (s: number) => {
    const rows = rowsOf(s);
    const all = Uint32Array.from({length: d}, (_, j) => j);
    const yData = y.data as Float32Array;
    return {
      x: {data: gather(x, d, rows, all), dims: [batchSize, d]},
      target: {
        data: gather(
          yData,
          cols,
          rows,
          Uint32Array.from({length: cols}, (_, j) => j),
        ),
        dims: [batchSize, cols],
      },
    };
  };
  return {spec, options: {feeds: hyper, batch, learningRate}};
}

/** Parameters from a trainer (`param.<p>` inputs) as models/ `Weights` (`<p>`). */
export function weightsOf(parameters: Map<string, Float32Array>): Weights {
  const w: Weights = {};
  for (const [name, data] of parameters) if (name.startsWith("param.")) w[name.slice(6)] = data;
  return w;
}

/**
 * One train step of a run as a workload to time (runtime/measure.ts): the graph and every input it takes, the
 * parameters at their initial values and the first batch. For the measured backend choice.
 */
export function stepWorkload({spec, options}: {spec: TrainStepSpec; options: TrainerOptions}): {
  model: Uint8Array;
  feeds: Record<string, Feed>;
} {
  const feeds: Record<string, Feed> = {...options.feeds, ...(options.batch?.(0) ?? {})};
  for (const c of spec.carried) feeds[c.input] = {data: c.init, dims: c.dims};
  return {model: spec.model, feeds};
}

/**
 * A train step of an image network (input `x`, batch × C × H × W; `target`, batch × outputs) on blank images, with
 * Adam from the model's initial weights: the workload the CNN pages time to choose their backend.
 */
export function imageStepWorkload(
  model: Model,
  [channels, height, width]: readonly [number, number, number],
  batch: number,
  outputs: number,
): {model: Uint8Array; feeds: Record<string, Feed>} {
  const {spec, hyper} = trainStepSpec(model.trainStepGraph({optimizer: adam({lr: 1e-3})}), model.initWeights(0));
  const feeds: Record<string, Feed> = {
    ...hyper,
    x: {data: new Float32Array(batch * channels * height * width), dims: [batch, channels, height, width]},
    target: {data: new Float32Array(batch * outputs), dims: [batch, outputs]},
  };
  return stepWorkload({spec, options: {feeds}});
}
