/**
 * The decoders of the V1 decoding page as models/ architectures: which network a decoder spec means, how its raw
 * output becomes an orientation, and its `.onnx` with trained weights. No ONNX Runtime here.
 */
import {
  circularDecoder,
  decodeOrientation,
  mlp,
  orientationClassifier,
  toModelBytes,
  type Activation,
  type Model,
  type Weights,
} from "@brain-nets/models";
import type {DecoderKind} from "./decodingData.js";

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

/** The inference model with trained weights as initializers: a `.onnx` any ONNX Runtime opens (input x, output y). */
export function decoderOnnx(model: Model, weights: Weights): Uint8Array {
  return toModelBytes(model.inferenceGraph(weights), {
    docString: `Decoder of mouse V1 orientation: ${model.arch.name}`,
  });
}
