/**
 * The measured backend choice for pages whose sessions live on the main thread (the trainers). Kept apart from
 * backendChoice.ts so that pages whose sessions live in the compute worker do not load ONNX Runtime themselves.
 */
import {backendDecider, type BackendDecider} from "./backendChoice.js";
import {requestBackend} from "../runtime/page.js";
import {adapterSummary} from "../runtime/measure.js";
import {withSpareWorker} from "../runtime/compute.js";
import {imageStepWorkload, stepWorkload, trainingRun} from "../training/runs.js";
import {classifierModel} from "../training/mlp2d.js";
import type {Model} from "@brain-nets/models";

export {FASTEST, BACKEND_CHOICES, backendLabel, backendHandle} from "./backendChoice.js";
/**
 * {@link backendDecider} for a page whose sessions live on the main thread (the trainers): requests go to the
 * page's own runtime, the measurement runs in a spare worker on `measureInput` (the page's graph, e.g. a train step
 * from training/runs.ts `stepWorkload`).
 */
export function pageBackend(
  choice: string,
  workload: string,
  options: {unit?: string; measureInput?: () => {model?: Uint8Array; feeds?: Record<string, unknown>}} = {},
): BackendDecider {
  return backendDecider(choice, workload, {
    ...options,
    request: (b) => requestBackend(b),
    findAdapter: adapterSummary,
    measureWith: withSpareWorker,
  });
}

/**
 * For pages that run one of the site's CNNs on batches of images (input `x`, N × C × H × W): the measurement times
 * `model` on a batch of `batch` blank images of `shape` (C, H, W). `name` tells the network apart in the memory.
 */
export function imageBatchBackend(
  choice: string,
  name: string,
  model: Uint8Array,
  shape: readonly [number, number, number],
  batch = 32,
): BackendDecider {
  const dims = [batch, ...shape];
  return pageBackend(choice, `cnn batch ${name} ${dims.join("x")}`, {
    unit: "batch",
    measureInput: () => ({model, feeds: {x: {data: new Float32Array(dims.reduce((a, b) => a * b)), dims}}}),
  });
}

/**
 * For pages that train an image network live (fine-tuning, the encoding model): the measurement times one train
 * step of `model()` (training/runs.ts `imageStepWorkload`) on `batch` blank images of `shape` (C, H, W).
 */
export function imageStepBackend(
  choice: string,
  name: string,
  model: () => Model,
  shape: readonly [number, number, number],
  batch: number,
  outputs: number,
): BackendDecider {
  return pageBackend(choice, `train step ${name} ${[batch, ...shape].join("x")}`, {
    unit: "step",
    measureInput: () => imageStepWorkload(model(), shape, batch, outputs),
  });
}

/**
 * For the perceptron page's small networks on 2-D points: the measurement times one full-batch Adam step of a
 * 2 → 4 (tanh) → 1 classifier on 100 points.
 */
export function pointsBackend(choice: string): BackendDecider {
  const n = 100;
  return pageBackend(choice, `train step points mlp 2x4x1 n=${n}`, {
    unit: "step",
    measureInput: () => {
      const x = Float32Array.from({length: 2 * n}, (_, i) => Math.sin(i));
      const y = {data: Float32Array.from({length: n}, (_, i) => i % 2), dims: [n, 1]};
      const settings = {optimizer: "adam" as const, learningRate: 0.05, batchSize: n, seed: 0};
      return stepWorkload(trainingRun(classifierModel({hidden: [4], activation: "tanh"}), x, y, settings));
    },
  });
}
