/**
 * An encoding model of V1 (the bonus of Neuromatch's deep-learning tutorial 2): from a grating image to
 * the responses of many neurons at once, through one convolutional layer (rectified and pooled) and a
 * linear read-out per neuron. The convolutional layer is the shared "front end"; each neuron's read-out
 * weights say which features, at which places, drive it.
 *
 * Parameters: `conv1.weight` `[channels, 1, K, K]`, `conv1.bias`, `readout.weight` `[neurons, features]`,
 * `readout.bias` `[neurons]`. Activations: `conv1` (after ReLU) and `pool1`. Freezing works as in the grating
 * CNN: parameters named in `frozen` become graph constants.
 */
import {defineModel, type Model, type ParamSpec} from "../model.js";
import type {Graph, Value} from "../graph.js";
import {conv, maxPool} from "../conv.js";
import {flatten, gemm, relu} from "../ops.js";

/** Options of {@link encodingModel}. */
export interface EncodingModelOptions {
  /** Number of neurons predicted. */
  neurons: number;
  /** Image height (default 48). */
  height?: number;
  /** Image width (default 64). */
  width?: number;
  /** Filters of the conv layer (default 6). */
  channels?: number;
  /** Kernel side, odd (default 7). */
  kernel?: number;
  /** Max-pooling window and stride (default 8). */
  pool?: number;
  /** Initial values by parameter name (e.g. a Gabor filter bank for `conv1.weight`). */
  init?: Readonly<Record<string, Float32Array>>;
  /** Parameters held fixed at these values (graph constants). */
  frozen?: Readonly<Record<string, Float32Array>>;
}

/** The conv → ReLU → max-pool → linear encoding model, trained with MSE on (z-scored) responses. */
export function encodingModel(options: EncodingModelOptions): Model {
  const {neurons, height = 48, width = 64, channels = 6, kernel = 7, pool = 8, init = {}, frozen = {}} = options;
  if (!Number.isInteger(neurons) || neurons < 1)
    throw new Error(`encodingModel: neurons must be a positive integer, got ${neurons}`);
  if (kernel % 2 !== 1) throw new Error(`encodingModel: kernel must be odd for 'same' padding, got ${kernel}`);
  const h = Math.floor(height / pool),
    w = Math.floor(width / pool);
  if (h < 1 || w < 1)
    throw new Error(`encodingModel: pooling by ${pool} leaves no pixels of a ${height} × ${width} image`);
  const features = channels * h * w;
  const specs: ParamSpec[] = [
    {name: "conv1.weight", shape: [channels, 1, kernel, kernel], fanIn: kernel * kernel},
    {name: "conv1.bias", shape: [channels], fanIn: kernel * kernel},
    {name: "readout.weight", shape: [neurons, features], fanIn: features},
    {name: "readout.bias", shape: [neurons], fanIn: features},
  ];
  for (const [name, v] of Object.entries({...init, ...frozen})) {
    const spec = specs.find((s) => s.name === name);
    if (!spec)
      throw new Error(`encodingModel: no parameter "${name}"; parameters are ${specs.map((s) => s.name).join(", ")}`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (v.length !== n) throw new Error(`encodingModel: "${name}" needs ${n} values, got ${v.length}`);
  }
  const params = specs.filter((s) => !(s.name in frozen)).map((s) => (init[s.name] ? {...s, init: init[s.name]} : s));
  return defineModel({
    name: "encodingModel",
    config: {neurons, height, width, channels, kernel, pool, frozen: Object.keys(frozen)},
    inputShape: [1, height, width],
    outputShape: [neurons],
    params,
    loss: "mse",
    forward(g: Graph, x: Value, p: Readonly<Record<string, Value>>) {
      const param = (name: string): Value => {
        const f = frozen[name];
        if (!f) return p[name];
        return g.values.get(name) ?? g.initializer(f, specs.find((s) => s.name === name)!.shape, {name});
      };
      const pad = (kernel - 1) / 2;
      const c1 = relu(g, conv(g, x, param("conv1.weight"), param("conv1.bias"), {pads: [pad, pad, pad, pad]}));
      const p1 = maxPool(g, c1, {kernel: [pool, pool]});
      const y = gemm(g, flatten(g, p1, {axis: 1}), param("readout.weight"), param("readout.bias"), {transB: true});
      return {output: y, activations: {conv1: c1, pool1: p1}};
    },
  });
}
