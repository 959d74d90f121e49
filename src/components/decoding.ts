/**
 * Glue of the decoding page (data helpers live in decodingData.ts): builds decoders and their train steps with
 * `@brain-nets/models`, trains them with the trainer, and runs them with the runtime. No model math lives here:
 * architectures, losses and optimizers come from models/, sessions from runtime.ts, the loop from trainer.ts.
 */
import {
  adam,
  circularDecoder,
  decodeOrientation,
  mlp,
  orientationClassifier,
  sgd,
  toModelBytes,
  type Activation,
  type Model,
  type Weights,
} from "@brain-nets/models";
import {permutation, seededSource} from "./math/random.js";
import {gather, type DecoderKind} from "./decodingData.js";
import {float32, runOnce} from "./runtime.js";
import {Trainer, type Feed, type TrainStepSpec, type TrainerOptions} from "./trainer.js";
import {trainStepSpec} from "./liveTraining.js";

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
  return mlp({
    inputSize: nNeurons,
    hidden: hiddenLayers,
    activation,
    name: activation === "linear" ? "DeepNet" : "DeepNetReLU",
  });
}

/** Decoded orientations (degrees) from a decoder's raw output. */
export function decode(output: Float32Array, spec: Pick<DecoderSpec, "kind" | "nClasses">): Float64Array {
  const cols = spec.kind === "classifier" ? (spec.nClasses ?? 8) : spec.kind === "circular" ? 2 : 1;
  return decodeOrientation(output, spec.kind, cols);
}

/** Runs a decoder with `weights` on `x` (`[n, nNeurons]`) and returns its raw output. */
export async function predict(model: Model, weights: Weights, x: Float32Array, n: number): Promise<Float32Array> {
  return (await runOnce(toModelBytes(model.inferenceGraph(weights)), {x: float32(x, [n, x.length / n])}, ["y"])).y;
}

/** The inference model with trained weights as initializers: a `.onnx` any ONNX Runtime opens (input x, output y). */
export function decoderOnnx(model: Model, weights: Weights): Uint8Array {
  return toModelBytes(model.inferenceGraph(weights), {
    docString: `Decoder of mouse V1 orientation: ${model.arch.name}`,
  });
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
  {optimizer, learningRate, batchSize, seed}: TrainSettings,
): {spec: TrainStepSpec; options: TrainerOptions} {
  const opt = optimizer === "adam" ? adam({lr: learningRate}) : sgd({lr: learningRate});
  const {spec, hyper} = trainStepSpec(model.trainStepGraph({optimizer: opt}), model.initWeights(seed));
  const n = y.dims[0];
  const d = x.length / n;
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
  },
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
