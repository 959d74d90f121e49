/**
 * Fully connected decoders of the V1 population: a general MLP and the named variants the site uses
 * (the seed's DeepNet and DeepNetReLU, an orientation classifier and a circular decoder).
 * Layers follow PyTorch's `nn.Linear` (weight `[out, in]`, `y = x Wᵀ + b`), computed by one Gemm each.
 */
import {defineModel, type Model, type ParamSpec} from "../model.js";
import type {Graph, Value} from "../graph.js";
import type {LossName} from "../losses.js";
import {gemm, relu, sigmoid, tanh} from "../ops.js";

/** Activation functions of hidden layers. */
export type Activation = "linear" | "relu" | "sigmoid" | "tanh";

/** Options of `mlp`. */
export interface MlpOptions {
  /** Size of one input example (e.g. the number of neurons). */
  inputSize: number;
  /** Widths of the hidden layers (default `[20]`; `[]` is a linear model). */
  hidden?: readonly number[];
  /** Activation of every hidden layer (default `"relu"`). */
  activation?: Activation;
  /** Number of outputs (default 1). */
  outputSize?: number;
  /** The loss the model is meant for (default `"mse"`). */
  loss?: LossName;
  /** Name written to the model metadata (default `"mlp"`). */
  name?: string;
}

function activate(g: Graph, x: Value, activation: Activation): Value {
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return relu(g, x);
    case "sigmoid":
      return sigmoid(g, x);
    case "tanh":
      return tanh(g, x);
    default:
      throw new Error(`mlp: unknown activation "${activation as string}"; choose linear, relu, sigmoid or tanh`);
  }
}

/**
 * A multilayer perceptron `inputSize → hidden… → outputSize`. Parameters are `fc<k>.weight` `[out, in]` and
 * `fc<k>.bias` `[out]` for k = 1…(hidden.length + 1); activations are exposed as `hidden<k>`.
 */
export function mlp({
  inputSize,
  hidden = [20],
  activation = "relu",
  outputSize = 1,
  loss = "mse",
  name = "mlp",
}: MlpOptions): Model {
  const widths = [inputSize, ...hidden, outputSize];
  for (const w of widths)
    if (!Number.isInteger(w) || w < 1)
      throw new Error(`mlp: layer widths must be positive integers, got [${widths.join(", ")}]`);
  const params: ParamSpec[] = [];
  for (let k = 1; k < widths.length; k++) {
    const fanIn = widths[k - 1];
    params.push({name: `fc${k}.weight`, shape: [widths[k], fanIn], fanIn});
    params.push({name: `fc${k}.bias`, shape: [widths[k]], fanIn});
  }
  return defineModel({
    name,
    config: {inputSize, hidden: [...hidden], activation, outputSize},
    inputShape: [inputSize],
    outputShape: [outputSize],
    params,
    loss,
    forward(g, x, p) {
      let h = x;
      const activations: Record<string, Value> = {};
      for (let k = 1; k < widths.length; k++) {
        h = gemm(g, h, p[`fc${k}.weight`], p[`fc${k}.bias`], {transB: true});
        if (k < widths.length - 1) activations[`hidden${k}`] = h = activate(g, h, activation);
      }
      return {output: h, activations};
    },
  });
}

/** The seed's `DeepNet`: `nNeurons → nHidden` (linear) `→ 1`, trained with MSE on orientation in degrees. */
export function deepNet({nNeurons, nHidden = 20}: {nNeurons: number; nHidden?: number}): Model {
  return mlp({inputSize: nNeurons, hidden: [nHidden], activation: "linear", name: "DeepNet"});
}

/** The seed's `DeepNetReLU`: `nNeurons → nHidden` (ReLU) `→ 1`, trained with MSE on orientation in degrees. */
export function deepNetReLU({nNeurons, nHidden = 20}: {nNeurons: number; nHidden?: number}): Model {
  return mlp({inputSize: nNeurons, hidden: [nHidden], activation: "relu", name: "DeepNetReLU"});
}

/** Options of `orientationClassifier` and `circularDecoder`. */
export interface DecoderOptions {
  /** Number of input neurons. */
  nNeurons: number;
  /** Hidden widths (default `[20]`). */
  hidden?: readonly number[];
  /** Hidden activation (default `"relu"`). */
  activation?: Activation;
}

/** Classifies orientation into `nClasses` equal bins over 0–360°: logits out, trained with NLL on one-hot targets. */
export function orientationClassifier({nClasses = 8, ...options}: DecoderOptions & {nClasses?: number}): Model {
  return mlp({
    inputSize: options.nNeurons,
    hidden: options.hidden,
    activation: options.activation,
    outputSize: nClasses,
    loss: "nll",
    name: "orientationClassifier",
  });
}

/**
 * Decodes orientation as a direction: two outputs (x, y) whose angle atan2(y, x) is the decoded orientation,
 * trained with the circular loss `1 − cos(θ̂ − θ)`, so 359° and 1° count as 2° apart.
 */
export function circularDecoder(options: DecoderOptions): Model {
  return mlp({
    inputSize: options.nNeurons,
    hidden: options.hidden,
    activation: options.activation,
    outputSize: 2,
    loss: "circular",
    name: "circularDecoder",
  });
}
