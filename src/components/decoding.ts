/**
 * Glue of the decoding page: splits the V1 data, picks neuron subsets, builds decoders and their train steps with
 * `@brain-nets/models`, trains them with the trainer, and runs them with the runtime. No model math lives here:
 * architectures, losses and optimizers come from models/, sessions from runtime.ts, the loop from trainer.ts.
 */
import {
  adam,
  angularError,
  circularDecoder,
  decodeOrientation,
  mlp,
  nextName,
  oneHot,
  orientationBins,
  orientationClassifier,
  sgd,
  toModelBytes,
  type Activation,
  type Model,
  type Weights
} from "@brain-nets/models";
import {permutation, seededSource} from "./math/random.js";
import {createSession, disposeAll, float32, readFloat32} from "./runtime.js";
import {Trainer, type Feed, type TrainStepSpec, type TrainerOptions} from "./trainer.js";

/** How a decoder reads out orientation: one number (MSE), a direction (circular loss), or bins (NLL). */
export type DecoderKind = "regression" | "circular" | "classifier";

/** Train and test stimulus indices from a seeded shuffle; `trainFraction` of the stimuli train (at least one each). */
export function splitStimuli(nStimuli: number, {trainFraction = 0.6, seed = 0}: {trainFraction?: number; seed?: number} = {}) {
  const order = permutation(nStimuli, seededSource(seed));
  const nTrain = Math.min(nStimuli - 1, Math.max(1, Math.round(nStimuli * trainFraction)));
  return {train: order.slice(0, nTrain).sort(), test: order.slice(nTrain).sort()};
}

/** `count` neuron indices drawn without replacement (seeded), in increasing order; all neurons when count ≥ n. */
export function pickNeurons(nNeurons: number, count: number, seed = 0): Uint32Array {
  if (count >= nNeurons) return Uint32Array.from({length: nNeurons}, (_, i) => i);
  return permutation(nNeurons, seededSource(seed + 7919)).slice(0, count).sort();
}

/** Rows `rows` and columns `cols` of a row-major matrix with `nCols` columns, as a new row-major matrix. */
export function gather(matrix: Float32Array, nCols: number, rows: ArrayLike<number>, cols: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * cols.length);
  const all = cols.length === nCols;
  for (let i = 0; i < rows.length; i++) {
    const offset = rows[i] * nCols;
    if (all) out.set(matrix.subarray(offset, offset + nCols), i * nCols);
    else for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = matrix[offset + cols[j]];
  }
  return out;
}

/** Decoder settings shared by the page's sections. */
export interface DecoderSpec {
  kind: DecoderKind;
  nNeurons: number;
  hidden: number;
  activation: Activation;
  /** Number of orientation bins (classifier only). */
  nClasses?: number;
}

/** The models/ architecture for a decoder spec. */
export function decoderModel({kind, nNeurons, hidden, activation, nClasses = 8}: DecoderSpec): Model {
  const hiddenLayers = hidden > 0 ? [hidden] : [];
  if (kind === "circular") return circularDecoder({nNeurons, hidden: hiddenLayers, activation});
  if (kind === "classifier") return orientationClassifier({nNeurons, hidden: hiddenLayers, activation, nClasses});
  return mlp({inputSize: nNeurons, hidden: hiddenLayers, activation, name: activation === "linear" ? "DeepNet" : "DeepNetReLU"});
}

/** Training targets for `kind`: degrees `[n, 1]` (regression, circular) or one-hot bins `[n, nClasses]`. */
export function targets(stimuli: ArrayLike<number>, kind: DecoderKind, nClasses = 8): Feed {
  const n = stimuli.length;
  if (kind === "classifier") return {data: oneHot(orientationBins(stimuli, nClasses), nClasses), dims: [n, nClasses]};
  return {data: Float32Array.from(stimuli), dims: [n, 1]};
}

/** Decoded orientations (degrees) from a decoder's raw output. */
export function decode(output: Float32Array, spec: DecoderSpec): Float64Array {
  const cols = spec.kind === "classifier" ? (spec.nClasses ?? 8) : spec.kind === "circular" ? 2 : 1;
  return decodeOrientation(output, spec.kind, cols);
}

/** Mean squared error between decoded and true orientations (degrees², no wrap-around: what MSE training sees). */
export function meanSquaredError(decoded: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (decoded[i] - truth[i]) ** 2;
  return s / truth.length;
}

/** Median absolute angular error in degrees (0–180), which counts 359° vs 1° as 2°. */
export function medianAngularError(decoded: ArrayLike<number>, truth: ArrayLike<number>): number {
  const e = Array.from(truth, (t, i) => angularError(decoded[i], t)).sort((a, b) => a - b);
  const m = e.length >> 1;
  return e.length % 2 ? e[m] : (e[m - 1] + e[m]) / 2;
}

/** Runs a decoder with `weights` on `x` (`[n, nNeurons]`) and returns its raw output. */
export async function predict(model: Model, weights: Weights, x: Float32Array, n: number): Promise<Float32Array> {
  const session = await createSession(toModelBytes(model.inferenceGraph(weights)));
  try {
    const out = await session.run({x: float32(x, [n, x.length / n])});
    const y = (await readFloat32(out.y)).slice();
    disposeAll(out);
    return y;
  } finally {
    await session.release();
  }
}

/** The inference model with trained weights as initializers: a `.onnx` any ONNX Runtime opens (input x, output y). */
export function decoderOnnx(model: Model, weights: Weights): Uint8Array {
  return toModelBytes(model.inferenceGraph(weights), {docString: `Decoder of mouse V1 orientation: ${model.arch.name}`});
}

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
  {optimizer, learningRate, batchSize, seed}: TrainSettings
): {spec: TrainStepSpec; options: TrainerOptions} {
  const opt = optimizer === "adam" ? adam({lr: learningRate}) : sgd({lr: learningRate});
  const step = model.trainStepGraph({optimizer: opt});
  const carried = Object.entries(step.initialFeeds(model.initWeights(seed))).map(([input, {data, dims}]) => ({
    input,
    output: nextName(input),
    dims,
    init: Float32Array.from(data)
  }));
  const hyper = Object.fromEntries(Object.entries(step.hyper).map(([h, v]) => [`hyper.${h}`, {data: Float32Array.of(v), dims: []}]));
  const n = y.dims[0];
  const d = x.length / n;
  const spec = {model: step.toBytes(), carried, loss: "loss"};
  if (batchSize >= n) return {spec, options: {feeds: {...hyper, x: {data: x, dims: [n, d]}, target: y}, learningRate}};
  const cols = y.dims[1];
  const perEpoch = Math.floor(n / batchSize);
  let order: Uint32Array = new Uint32Array();
  const source = seededSource(seed + 1);
  const batch = (s: number) => {
    const k = s % perEpoch;
    if (k === 0 || order.length === 0) order = permutation(n, source);
    const rows = order.subarray(k * batchSize, (k + 1) * batchSize);
    const all = Uint32Array.from({length: d}, (_, j) => j);
    const yData = y.data as Float32Array;
    return {
      x: {data: gather(x, d, rows, all), dims: [batchSize, d]},
      target: {data: gather(yData, cols, rows, Uint32Array.from({length: cols}, (_, j) => j)), dims: [batchSize, cols]}
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

/** Trains `model` to `iterations` steps and returns its weights and losses (for sections that just need a result). */
export async function trainDecoder(
  model: Model,
  x: Float32Array,
  y: Feed,
  settings: TrainSettings & {
    iterations: number;
    /** Called with the step count as training streams. */
    onProgress?: (step: number) => void;
    /** Checked as training streams; true pauses training (the page moved on to other settings). */
    shouldStop?: () => boolean;
  }
): Promise<{weights: Weights; losses: readonly number[]; message: string | null}> {
  const {spec, options} = trainingRun(model, x, y, settings);
  const trainer = await Trainer.create(spec, options);
  const stop = trainer.subscribe((s) => {
    if (s.status === "running" && settings.shouldStop?.()) void trainer.pause();
    else settings.onProgress?.(s.step);
  });
  try {
    await trainer.play(settings.iterations);
    const s = trainer.snapshot();
    return {weights: weightsOf(await trainer.parameters()), losses: s.losses, message: s.message};
  } finally {
    stop();
    await trainer.dispose();
  }
}
