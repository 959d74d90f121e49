/**
 * Fine-tuning the trained grating CNN on a new task in the page, and watching it forget the old one.
 *
 * The model is the build's network with the chosen layers frozen (constants of the graph, see gratingCnn's
 * `frozen`), so the train-step graph built here in the browser updates only the others. The loop is the
 * shared Trainer (runtime.ts underneath: WebGPU first, WASM fallback). Every `evalEvery` steps the current
 * parameters are scored on held-out images of the old task (tilt) and of the new one, with one evaluation
 * graph whose parameters are inputs, so no session is rebuilt while training.
 */
import {adam, gratingCnnVariant} from "@brain-nets/models";
import {
  binaryAccuracy,
  gratingTask,
  taskRows,
  type GratingTaskData,
  type GratingTaskName,
} from "../core/gratingTasks.js";
import {seededSource} from "../core/random.js";
import {epochBatches} from "../core/batches.js";
import {Trainer, type TrainerSnapshot} from "./trainer.js";
import {scoredRun, trainStepSpec} from "./liveTraining.js";

/** The layers of the shallow tilt network, with the parameters each owns. */
export const TILT_LAYERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "conv1 (filters)": ["conv1.weight", "conv1.bias"],
  "fc1 (hidden)": ["fc1.weight", "fc1.bias"],
  "fc2 (output)": ["fc2.weight", "fc2.bias"],
});

/** Options of {@link createFineTuning}. */
export interface FineTuningOptions {
  /** The new task. */
  task: Exclude<GratingTaskName, "tilt">;
  /** Layers (keys of {@link TILT_LAYERS}) held fixed. */
  frozen: readonly string[];
  /** Adam learning rate. */
  learningRate: number;
  /** Mini-batch size (default 32). */
  batchSize?: number;
  /** Score both tasks every this many steps (default 10). */
  evalEvery?: number;
  /** Training images of the new task (default 512). */
  trainSize?: number;
  /** Held-out images per task for the accuracy curves (default 128). */
  testSize?: number;
  /** Pixel noise, as in the build's training (default 0.5). */
  noise?: number;
  /** Seed of the data and batch order (default 11). */
  seed?: number;
}

/** Accuracy on both tasks after `step` steps. */
export interface TaskAccuracy {
  step: number;
  old: number;
  new: number;
}

/** A fine-tuning run: the trainer plus the accuracy history and the current first-layer filters. */
export interface FineTuning {
  trainer: Trainer;
  /** Accuracy on both tasks, at step 0 and every `evalEvery` steps since. */
  history: TaskAccuracy[];
  /** The current conv1 weights (updated at each evaluation; the trained ones when conv1 is frozen). */
  filters: Float32Array;
  /** Names of the parameters being trained. */
  trainable: readonly string[];
  /** Calls `listener` with the trainer snapshot whenever training or evaluation advances. */
  subscribe(listener: (s: TrainerSnapshot & {history: TaskAccuracy[]; filters: Float32Array}) => void): () => void;
  dispose(): Promise<void>;
}

function concat(a: GratingTaskData, b: GratingTaskData): {x: Float32Array; n: number} {
  const x = new Float32Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  return {x, n: a.n + b.n};
}

/** The defaults of {@link FineTuningOptions}' sizes, noise and seed. */
const FINE_TUNING_DEFAULTS = {batchSize: 32, evalEvery: 10, trainSize: 512, testSize: 128, noise: 0.5, seed: 11};

/** Builds the run from the build's trained weights; see {@link FineTuningOptions}. */
export async function createFineTuning(
  trained: Record<string, Float32Array>,
  options: FineTuningOptions,
): Promise<FineTuning> {
  const {task, frozen, learningRate} = options;
  const {batchSize, evalEvery, trainSize, testSize, noise, seed} = {...FINE_TUNING_DEFAULTS, ...options};
  const frozenNames = new Set(frozen.flatMap((layer) => TILT_LAYERS[layer] ?? []));
  if (frozenNames.size === Object.values(TILT_LAYERS).flat().length)
    throw new Error("Every layer is frozen: nothing is left to train. Unfreeze at least one layer.");
  const model = gratingCnnVariant("tilt", {frozen: Object.fromEntries([...frozenNames].map((n) => [n, trained[n]]))});
  const step = model.trainStepGraph({optimizer: adam({lr: learningRate})});
  const trainable = model.arch.params.map((p) => p.name);
  const start = Object.fromEntries(trainable.map((n) => [n, trained[n]]));
  const {spec, hyper} = trainStepSpec(step, start);

  const newTrain = gratingTask(task, trainSize, {seed, noise});
  const oldTest = gratingTask("tilt", testSize, {seed: seed + 1, noise, maxTilt: 10});
  const newTest = gratingTask(task, testSize, {seed: seed + 2, noise});
  const tests = concat(oldTest, newTest);
  const rowsOf = epochBatches(trainSize, batchSize, seededSource(seed + 3));
  const batch = (s: number) => {
    const {x, target} = taskRows(newTrain, rowsOf(s));
    return {
      x: {data: x, dims: [batchSize, 1, newTrain.height, newTrain.width]},
      target: {data: target, dims: [batchSize, 1]},
    };
  };
  const trainer = await Trainer.create(spec, {feeds: hyper, batch, checkpointEvery: evalEvery, learningRate});
  const run = {
    trainer,
    history: [] as TaskAccuracy[],
    filters: trained["conv1.weight"].slice() as Float32Array,
    trainable,
  };
  // Evaluations run one at a time, at the checkpoints the trainer saves every `evalEvery` steps; a reset
  // starts the history again.
  const x = {data: tests.x, dims: [tests.n, 1, 48, 64]};
  const live = await scoredRun(
    trainer,
    gratingCnnVariant("tilt"),
    x,
    trained,
    (step, y, weights) => {
      const entry = {
        step,
        old: binaryAccuracy(y.subarray(0, oldTest.n), oldTest.target),
        new: binaryAccuracy(y.subarray(oldTest.n), newTest.target),
      };
      run.history = [...run.history.filter((h) => h.step < step), entry];
      run.filters = weights["conv1.weight"];
    },
    () => ({history: run.history, filters: run.filters}),
  );
  return Object.assign(run, live);
}
