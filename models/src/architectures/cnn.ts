/**
 * Convolutional networks for grating images (one channel, `height × width`, NCHW), after Neuromatch's
 * deep-learning tutorial 2: a shallow "tilt" network (one conv layer with Gabor/centre-surround initial
 * filters, max pooling, two fully connected layers) and a deeper variant (four conv layers) whose per-layer
 * activations the RSA and fingerprint pages compare with V1.
 *
 * Layers follow PyTorch: `conv<k>.weight` `[out, in, K, K]`, `conv<k>.bias` `[out]`, `fc<k>.weight` `[out, in]`.
 * Every layer's output after its non-linearity is exposed as an activation (`conv1`, `pool1`, `fc1`, ...).
 *
 * Freezing: parameters named in `frozen` become constants of the graph instead of parameters, so a train-step
 * graph built from the model neither computes their gradients nor updates them (fine-tuning only the rest).
 */
import {defineModel, type Model, type ParamSpec} from "../model.js";
import type {Graph, Value} from "../graph.js";
import type {LossName} from "../losses.js";
import {conv, maxPool} from "../conv.js";
import {flatten, gemm, relu} from "../ops.js";

/** One conv layer of a {@link gratingCnn}: `channels` filters of `kernel × kernel`, 'same' padding, then ReLU and max pooling. */
export interface ConvLayerSpec {
  /** Number of output channels (filters). */
  channels: number;
  /** Kernel side (odd; padding keeps the map size). */
  kernel: number;
  /** Max-pooling window and stride after the ReLU (1: no pooling). */
  pool: number;
}

/** Options of {@link gratingCnn}. */
export interface GratingCnnOptions {
  /** Image height (default 48). */
  height?: number;
  /** Image width (default 64). */
  width?: number;
  /** The conv layers, in order (default: one layer of 6 filters 7 × 7, pooled 8 × 8, as in Neuromatch). */
  convs?: readonly ConvLayerSpec[];
  /** Widths of the hidden fully connected layers after flattening (default `[10]`). */
  hidden?: readonly number[];
  /** Number of outputs (default 1: one logit for a binary task). */
  outputs?: number;
  /** The loss (default `"bce"`: binary cross-entropy on logits). */
  loss?: LossName;
  /** Initial values by parameter name (e.g. `conv1.weight` from a Gabor filter bank, or trained weights). */
  init?: Readonly<Record<string, Float32Array>>;
  /** Parameters held fixed at these values: constants of the graph, not parameters (see module doc). */
  frozen?: Readonly<Record<string, Float32Array>>;
  /** Name written to model metadata (default `"gratingCnn"`). */
  name?: string;
}

/** Neuromatch's shallow tilt network: conv 6 × 7 × 7 → ReLU → max-pool 8 → fc 10 → ReLU → 1 logit. */
export const TILT_CNN: readonly ConvLayerSpec[] = Object.freeze([{channels: 6, kernel: 7, pool: 8}]);

/** The deeper variant: four conv layers (6, 8, 12, 16 channels), each followed by ReLU and 2 × 2 max pooling. */
export const DEEP_CNN: readonly ConvLayerSpec[] = Object.freeze([
  {channels: 6, kernel: 7, pool: 2},
  {channels: 8, kernel: 5, pool: 2},
  {channels: 12, kernel: 3, pool: 2},
  {channels: 16, kernel: 3, pool: 2},
]);

/**
 * The two networks the site trains on gratings, by name: `tilt` (Neuromatch's shallow net, one hidden fc
 * layer of 10) and `deep` (DEEP_CNN straight into the output). Loaders and pages build them through
 * {@link gratingCnnVariant} so trained weights always fit.
 */
export const GRATING_CNN_VARIANTS = Object.freeze({
  tilt: Object.freeze({convs: TILT_CNN, hidden: Object.freeze([10]) as readonly number[]}),
  deep: Object.freeze({convs: DEEP_CNN, hidden: Object.freeze([]) as readonly number[]}),
});

/** Names of {@link GRATING_CNN_VARIANTS}. */
export type GratingCnnVariant = keyof typeof GRATING_CNN_VARIANTS;

/** The named variant's CNN (`gratingCnn-<variant>`), with any other options (init, frozen, outputs, loss). */
export function gratingCnnVariant(
  variant: GratingCnnVariant,
  options: Omit<GratingCnnOptions, "convs" | "hidden"> = {},
): Model {
  const v = GRATING_CNN_VARIANTS[variant];
  if (!v)
    throw new Error(
      `gratingCnnVariant: unknown variant "${variant}"; choose ${Object.keys(GRATING_CNN_VARIANTS).join(", ")}`,
    );
  return gratingCnn({name: `gratingCnn-${variant}`, ...options, convs: v.convs, hidden: v.hidden});
}

/** Spatial size of the maps after each conv layer's pooling, for images of `height × width`. */
export function cnnMapSizes(
  convs: readonly ConvLayerSpec[],
  height: number,
  width: number,
): {height: number; width: number}[] {
  const sizes: {height: number; width: number}[] = [];
  let h = height,
    w = width;
  for (const c of convs) {
    h = Math.floor(h / c.pool);
    w = Math.floor(w / c.pool);
    if (h < 1 || w < 1)
      throw new Error(`gratingCnn: pooling by ${c.pool} leaves no pixels of a ${height} × ${width} image`);
    sizes.push({height: h, width: w});
  }
  return sizes;
}

/**
 * A CNN for `height × width` grating images; see {@link GratingCnnOptions}. Activations: `conv<k>` (after
 * ReLU, before pooling), `pool<k>` (after pooling, when it pools), `fc<k>` (hidden layers after ReLU).
 */
export function gratingCnn(options: GratingCnnOptions = {}): Model {
  const {
    height = 48,
    width = 64,
    convs = TILT_CNN,
    hidden = [10],
    outputs = 1,
    loss = "bce",
    init = {},
    frozen = {},
  } = options;
  const sizes = cnnMapSizes(convs, height, width);
  const specs: ParamSpec[] = [];
  let inChannels = 1;
  convs.forEach((c, i) => {
    if (c.kernel % 2 !== 1) throw new Error(`gratingCnn: conv kernels must be odd for 'same' padding, got ${c.kernel}`);
    const fanIn = inChannels * c.kernel * c.kernel;
    specs.push({name: `conv${i + 1}.weight`, shape: [c.channels, inChannels, c.kernel, c.kernel], fanIn});
    specs.push({name: `conv${i + 1}.bias`, shape: [c.channels], fanIn});
    inChannels = c.channels;
  });
  const last = sizes[sizes.length - 1] ?? {height, width};
  const widths = [inChannels * last.height * last.width, ...hidden, outputs];
  for (let k = 1; k < widths.length; k++) {
    specs.push({name: `fc${k}.weight`, shape: [widths[k], widths[k - 1]], fanIn: widths[k - 1]});
    specs.push({name: `fc${k}.bias`, shape: [widths[k]], fanIn: widths[k - 1]});
  }
  for (const [name, w] of Object.entries({...init, ...frozen})) {
    const spec = specs.find((s) => s.name === name);
    if (!spec)
      throw new Error(`gratingCnn: no parameter "${name}"; parameters are ${specs.map((s) => s.name).join(", ")}`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (w.length !== n)
      throw new Error(`gratingCnn: "${name}" needs ${n} values [${spec.shape.join(", ")}], got ${w.length}`);
  }
  const params = specs.filter((s) => !(s.name in frozen)).map((s) => (init[s.name] ? {...s, init: init[s.name]} : s));
  const frozenSpecs = specs.filter((s) => s.name in frozen);
  return defineModel({
    name: options.name ?? "gratingCnn",
    config: {
      height,
      width,
      convs: convs.map((c) => ({...c})),
      hidden: [...hidden],
      outputs,
      frozen: frozenSpecs.map((s) => s.name),
    },
    inputShape: [1, height, width],
    outputShape: [outputs],
    params,
    loss,
    forward(g: Graph, x: Value, p: Readonly<Record<string, Value>>) {
      const param = (name: string): Value => {
        const f = frozen[name];
        if (!f) return p[name];
        // A frozen parameter is a constant: no gradient flows to it. One initializer per graph, named like the parameter.
        return g.values.get(name) ?? g.initializer(f, frozenSpecs.find((s) => s.name === name)!.shape, {name});
      };
      const activations: Record<string, Value> = {};
      let h = x;
      convs.forEach((c, i) => {
        const k = i + 1;
        const pad = (c.kernel - 1) / 2;
        h = relu(g, conv(g, h, param(`conv${k}.weight`), param(`conv${k}.bias`), {pads: [pad, pad, pad, pad]}));
        activations[`conv${k}`] = h;
        if (c.pool > 1) activations[`pool${k}`] = h = maxPool(g, h, {kernel: [c.pool, c.pool]});
      });
      h = flatten(g, h, {axis: 1});
      for (let k = 1; k < widths.length; k++) {
        h = gemm(g, h, param(`fc${k}.weight`), param(`fc${k}.bias`), {transB: true});
        if (k < widths.length - 1) activations[`fc${k}`] = h = relu(g, h);
      }
      return {output: h, activations};
    },
  });
}
