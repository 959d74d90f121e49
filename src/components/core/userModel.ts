/**
 * A reader's own ONNX image network as the analyses see it ("Your model"): the site's grating stimuli drawn at the
 * model's input size, channels and normalisation, the model run on them batch by batch, and each chosen layer reduced
 * to its stimulus Gram matrices (core/layerGrams.ts), the form every built-in layer takes. Reading and editing the
 * model file is `@brain-nets/models` (`inspectOnnx`, `withOutputs`); running it is the caller's (`forward`), so the
 * same code runs in the compute worker and in the tests on onnxruntime-node.
 */
import {gratingBatch, NEUROMATCH_PERIOD} from "./gratings.js";
import {localGramsWith} from "./analysisGraphs.js";
import type {FloatTensor, InferenceRunner} from "./inference.js";
import type {LayerGram} from "./layerGrams.js";

/** How the gratings' pixel values are mapped before the model sees them. */
export type Normalisation = "none" | "unit" | "imagenet";

export const NORMALISATIONS: readonly Normalisation[] = ["none", "unit", "imagenet"];

export const NORMALISATION_LABELS: Record<Normalisation, string> = {
  none: "none (−0.5 … 0.5, as the site's networks see them)",
  unit: "[0, 1]",
  imagenet: "ImageNet mean and std",
};

/** ImageNet's per-channel mean and standard deviation (RGB), as torchvision's models expect their input. */
export const IMAGENET: {readonly mean: readonly number[]; readonly std: readonly number[]} = {
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/** The stimuli as the model takes them. */
export interface ModelStimulusSpec {
  height: number;
  width: number;
  channels: number;
  layout: "NCHW" | "NHWC";
  normalisation: Normalisation;
}

/** The grating period at this height: the site's 64 × 48 stimuli scaled, so each image holds as many cycles. */
export function periodAt(height: number): number {
  return (NEUROMATCH_PERIOD * height) / 48;
}

/**
 * `count` grey images (row-major, the site's values ±0.5) as the model takes them: copied into its channels and
 * layout and normalised: "none" keeps the site's values, "unit" maps them to 0 and 1, "imagenet" maps [0, 1] through
 * each channel's mean and std (grey: their averages).
 */
export function toModelInput(grey: Float32Array, count: number, spec: ModelStimulusSpec): Float32Array {
  const {height, width, channels, layout, normalisation} = spec;
  const size = height * width;
  if (grey.length !== count * size)
    throw new RangeError(`toModelInput: ${grey.length} pixels for ${count} images of ${width} × ${height}`);
  const out = new Float32Array(count * size * channels);
  const mean: readonly number[] =
    channels === 3 ? IMAGENET.mean : [IMAGENET.mean.reduce((a: number, b: number) => a + b) / 3];
  const std: readonly number[] =
    channels === 3 ? IMAGENET.std : [IMAGENET.std.reduce((a: number, b: number) => a + b) / 3];
  for (let i = 0; i < count; i++)
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < size; p++) {
        const v = grey[i * size + p];
        const value = normalisation === "none" ? v : normalisation === "unit" ? v + 0.5 : (v + 0.5 - mean[c]) / std[c];
        out[layout === "NCHW" ? (i * channels + c) * size + p : (i * size + p) * channels + c] = value;
      }
  return out;
}

/**
 * The site's full-field square-wave gratings at `angles` (degrees), drawn at the model's size with the period scaled
 * to its height ({@link periodAt}), in its channels and layout, normalised ({@link toModelInput}).
 */
export function modelGratings(angles: ArrayLike<number>, spec: ModelStimulusSpec): Float32Array {
  const {height, width} = spec;
  return toModelInput(gratingBatch(angles, {height, width, period: periodAt(height)}), angles.length, spec);
}

/** Units a layer keeps per stimulus; larger convolutional maps are average-pooled down to this. */
export const MAX_LAYER_UNITS = 16_384;

/**
 * How a layer's map is pooled, per rank of its [batch, …] shape: a [b, C, H, W] map in f × f blocks of its pixels;
 * a [b, T, D] sequence in blocks of f tokens (its D features kept apart); a [b, D] vector in blocks of f
 * neighbouring features. As [rows, height, width] of one image and the block's [height, width].
 */
function poolGeometry(
  dims: readonly number[],
  f: number,
): {m: number; h: number; w: number; fy: number; fx: number} | null {
  if (dims.length === 4) return {m: dims[1], h: dims[2], w: dims[3], fy: f, fx: f};
  if (dims.length === 3) return {m: 1, h: dims[1], w: dims[2], fy: f, fx: 1};
  if (dims.length === 2) return {m: 1, h: 1, w: dims[1], fy: 1, fx: f};
  return null;
}

/** How a layer of one image's shape `perImage` is pooled by `f > 1`, in words ("2 × 2 pixel blocks"). */
export function poolBlocks(perImage: readonly number[], f: number): string {
  const g = poolGeometry([1, ...perImage], f);
  if (!g) return "not pooled";
  return g.fy > 1 && g.fx > 1
    ? `${f} × ${f} pixel blocks`
    : g.fy > 1
      ? `blocks of ${f} tokens`
      : `blocks of ${f} features`;
}

/** Units per image of a [batch, …] layer after pooling by `f` ({@link poolMaps}); other ranks are kept whole. */
export function pooledUnits(dims: readonly number[], f: number): number {
  const g = poolGeometry(dims, f);
  if (!g) return dims.slice(1).reduce((a, b) => a * b, 1);
  return g.m * Math.ceil(g.h / g.fy) * Math.ceil(g.w / g.fx);
}

/**
 * The block size that average-pools a layer to at most `maxUnits` units per image (1: as it is), for [b, C, H, W]
 * maps, [b, T, D] sequences and [b, D] vectors ({@link poolMaps}); other ranks are kept as they are.
 */
export function poolFactor(dims: readonly number[], maxUnits = MAX_LAYER_UNITS): number {
  const g = poolGeometry(dims, 1);
  if (!g) return 1;
  const largest = Math.max(g.h, g.w);
  let f = 1;
  while (pooledUnits(dims, f) > maxUnits && f < largest) f++;
  return f;
}

/**
 * Averages blocks of a layer's values (edge blocks over the values they have): [b, C, H, W] in f × f pixel blocks
 * to [b, C, ⌈H/f⌉, ⌈W/f⌉]; [b, T, D] in blocks of f tokens to [b, ⌈T/f⌉, D]; [b, D] in blocks of f features to
 * [b, ⌈D/f⌉]. Flattened per image.
 */
export function poolMaps(data: Float32Array, dims: readonly number[], f: number): Float32Array {
  const g = poolGeometry(dims, f);
  if (f === 1 || !g) return data;
  const {h, w, fy, fx} = g;
  const rows = dims[0] * g.m;
  const ho = Math.ceil(h / fy);
  const wo = Math.ceil(w / fx);
  const out = new Float32Array(rows * ho * wo);
  for (let m = 0; m < rows; m++)
    for (let y = 0; y < ho; y++)
      for (let x = 0; x < wo; x++) {
        let s = 0;
        let count = 0;
        for (let yy = y * fy; yy < Math.min(h, (y + 1) * fy); yy++)
          for (let xx = x * fx; xx < Math.min(w, (x + 1) * fx); xx++, count++) s += data[(m * h + yy) * w + xx];
        out[(m * ho + y) * wo + x] = s / count;
      }
  return out;
}

/** A chosen layer as the page lists it. */
export interface ModelLayerInfo {
  tensor: string;
  label: string;
  /** The layer's shape for one image, as the model computes it. */
  dims: number[];
  /** Units kept per stimulus, after {@link poolFactor}'s pooling. */
  units: number;
  pool: number;
}

/** Options of {@link modelLayerGrams}. */
export interface ModelLayerOptions {
  /** Images per forward pass (default: as many as keep every batch's outputs under 64 MB). */
  batch?: number;
  maxUnits?: number;
  network?: string;
  /** Called after each batch, with stimuli done and in all. */
  onProgress?: (done: number, total: number) => void;
  /** Awaited between batches (the worker's cancellation point). */
  checkpoint?: () => Promise<void>;
  /** Bytes one image's chosen outputs may take (default {@link ONE_IMAGE_BYTES}). */
  imageBudget?: number;
}

/** One forward pass: a batch of images [b, …input] in, the chosen tensors out. */
export type ModelForward = (images: Float32Array, b: number) => Promise<Record<string, FloatTensor>>;

/** Bytes of the outputs of one batch above which batches are split further. */
const BATCH_BYTES = 64 * 2 ** 20;

/**
 * Runs the model on the gratings at `angles` and reduces each of `layers` (tensor names with their labels) to its
 * Gram matrices: activations collected batch by batch (pooled where a map is large), then both Grams (raw and
 * centred per stimulus) by one batched MatMul through `run`.
 */
export async function modelLayerGrams(
  forward: ModelForward,
  run: InferenceRunner,
  angles: ArrayLike<number>,
  spec: ModelStimulusSpec,
  layers: readonly {tensor: string; label: string}[],
  {
    batch,
    maxUnits = MAX_LAYER_UNITS,
    network = "your model",
    onProgress,
    checkpoint,
    imageBudget = ONE_IMAGE_BYTES,
  }: ModelLayerOptions = {},
): Promise<{grams: LayerGram[]; info: ModelLayerInfo[]}> {
  const n = angles.length;
  const perImage = spec.channels * spec.height * spec.width;
  const all = modelGratings(angles, spec);
  const inputOf = (start: number, count: number) => all.subarray(start * perImage, (start + count) * perImage);
  // The first image tells each layer's shape and the size of a batch's outputs.
  const first = await forward(inputOf(0, 1), 1);
  const info: ModelLayerInfo[] = layers.map(({tensor, label}) => {
    const t = first[tensor];
    if (!t) throw new Error(`the model gave no output ${tensor}`);
    const dims = [...t.dims];
    const pool = poolFactor(dims, maxUnits);
    const units = pooledUnits(dims, pool);
    return {tensor, label, dims: dims.slice(1), units, pool};
  });
  const bytesPerImage = Object.values(first).reduce((s, t) => s + t.data.byteLength, 0);
  if (bytesPerImage > imageBudget)
    throw new RangeError(
      `the chosen layers' outputs for one ${spec.width} × ${spec.height} image take ${megabytes(bytesPerImage)}, more than the ${megabytes(imageBudget)} the page allows; ` +
        `an input of ${sideThatFits(Math.max(spec.width, spec.height), bytesPerImage, imageBudget)} pixels would fit (or choose fewer or later layers)`,
    );
  const size = batch ?? Math.max(1, Math.min(n, Math.floor(BATCH_BYTES / Math.max(1, bytesPerImage))));
  const acts = info.map((l) => new Float32Array(n * l.units));
  const keep = (out: Record<string, FloatTensor>, start: number, count: number) =>
    info.forEach((l, k) => {
      const t = out[l.tensor];
      const pooled = l.pool > 1 ? poolMaps(t.data, t.dims, l.pool) : t.data;
      if (pooled.length !== count * l.units)
        throw new Error(`${l.label}: ${pooled.length / count} values per image where the first image gave ${l.units}`);
      acts[k].set(pooled, start * l.units);
    });
  keep(first, 0, 1);
  onProgress?.(1, n);
  for (let start = 1; start < n; start += size) {
    await checkpoint?.();
    const count = Math.min(size, n - start);
    keep(await forward(inputOf(start, count), count), start, count);
    onProgress?.(start + count, n);
  }
  const grams: LayerGram[] = [];
  for (let k = 0; k < info.length; k++) {
    await checkpoint?.();
    grams.push(await gramsOf(run, acts[k], n, info[k].units, network, info[k].label));
  }
  return {grams, info};
}

/**
 * Both Grams of a stimuli × units matrix, as `layerGram` defines them (raw X Xᵀ, and of X with each stimulus's mean
 * over units removed), by one batched MatMul through `run` (float32 products, returned as Float64).
 */
export async function gramsOf(
  run: InferenceRunner,
  x: Float32Array,
  n: number,
  units: number,
  network: string,
  layer: string,
): Promise<LayerGram> {
  const both = new Float32Array(2 * n * units);
  both.set(x);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let k = 0; k < units; k++) mean += x[i * units + k];
    mean /= units;
    const at = (n + i) * units;
    for (let k = 0; k < units; k++) both[at + k] = x[i * units + k] - mean;
  }
  const g = await localGramsWith(run, both, 2, n, units);
  return {
    network,
    layer,
    nUnits: units,
    n,
    gram: Float64Array.from(g.subarray(0, n * n)),
    centered: Float64Array.from(g.subarray(n * n)),
  };
}

/** Bytes as the messages write them ("1.5 MB"). */
const megabytes = (b: number) =>
  `${(b / 2 ** 20).toLocaleString("en-US", {maximumFractionDigits: b < 2 ** 24 ? 2 : 0})} MB`;

/** Bytes of one image's chosen outputs above which the page asks for a smaller input. */
export const ONE_IMAGE_BYTES = 512 * 2 ** 20;

/**
 * The largest square input side whose outputs for one image fit in `budget` bytes, given that `side0` took `bytes0`
 * (activations grow with the pixel count), rounded down to a multiple of 8 (at least 8).
 */
export function sideThatFits(side0: number, bytes0: number, budget = ONE_IMAGE_BYTES): number {
  return Math.max(8, Math.floor((side0 * Math.sqrt(budget / bytes0)) / 8) * 8);
}
