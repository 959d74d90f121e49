/**
 * Occlusion receptive fields (occlusion.ts, after Zhou et al., 2015) of the units of one layer of a reader's ONNX
 * network ("your model"). A unit is one channel of a convolutional map, read where that channel responds most to
 * the intact image; units of a dense layer are its outputs. The occluder is drawn on the grey stimulus, which then
 * goes through the model's channels, layout and normalisation (userModel.ts `toModelInput`), batch by batch within a
 * memory budget. What is kept is compact: for each image and unit its activation on the intact image, its position
 * and its activation under every occluder placement; {@link unitMaps} turns one unit's into maps when the page asks.
 * Running the model is the caller's (`forward`), so the same code runs in the worker and in onnxruntime-node tests.
 */
import {
  averageMaps,
  discrepancyMap,
  occludedBatch,
  occluderPositions,
  recenter,
  rfSize,
  type Position,
} from "./occlusion.js";
import {seededSource} from "./random.js";
import {toModelInput, type ModelStimulusSpec} from "./userModel.js";

/** Ops whose outputs are channels-first by the ONNX standard, whatever the model's input layout. */
const CHANNELS_FIRST = new Set([
  "Conv",
  "ConvTranspose",
  "BatchNormalization",
  "InstanceNormalization",
  "LRN",
  "MaxPool",
  "AveragePool",
  "GlobalAveragePool",
  "GlobalMaxPool",
]);

/** Units mapped per layer at most (a layer's first channels beyond). */
export const MAX_MAPPED_UNITS = 512;

/** Where a layer's units are in its output for one image. */
export interface LayerUnits {
  /** Channels (units of a dense layer), and the map's height and width (1 × 1 without a map). */
  channels: number;
  height: number;
  width: number;
  /** NHWC maps (a tf2onnx model's activations after it transposes back), else channel-major. */
  channelsLast: boolean;
}

/**
 * The units of a layer whose output has `dims` (batch first): a 4-D output is a map of channels (channel-major
 * unless the model takes NHWC images and the op is not one ONNX defines channels-first); any other output's values
 * are units without a position.
 */
export function layerUnits(dims: readonly number[], layout: "NCHW" | "NHWC", opType: string): LayerUnits {
  if (dims.length === 4) {
    const channelsLast = layout === "NHWC" && !CHANNELS_FIRST.has(opType);
    return channelsLast
      ? {channels: dims[3], height: dims[1], width: dims[2], channelsLast}
      : {channels: dims[1], height: dims[2], width: dims[3], channelsLast};
  }
  return {channels: dims.slice(1).reduce((a, b) => a * b, 1), height: 1, width: 1, channelsLast: false};
}

/** Index of unit `c` at map position `pos` in one image's output. */
function at(u: LayerUnits, c: number, pos: number): number {
  return u.channelsLast ? pos * u.channels + c : c * u.height * u.width + pos;
}

/** What occluding one image did to every mapped unit. */
export interface ImageOcclusion {
  /** Each unit's activation on the intact image, and its centre in image pixels. */
  base: Float32Array;
  cx: Float32Array;
  cy: Float32Array;
  /** occluded[c · positions + p]: unit c's activation with the occluder at positions[p]. */
  occluded: Float32Array;
}

/** The result of {@link occludeModel}. */
export interface ModelOcclusion {
  height: number;
  width: number;
  size: number;
  positions: Position[];
  units: LayerUnits;
  /** Units mapped (the first {@link MAX_MAPPED_UNITS} channels at most). */
  mapped: number;
  images: ImageOcclusion[];
  /** Images through the network, and the seconds it took. */
  evaluated: number;
  seconds: number;
}

/** The model on a batch of inputs (in its layout): the layer's output. */
export type LayerForward = (
  input: Float32Array,
  batch: number,
) => Promise<{data: Float32Array; dims: readonly number[]}>;

/** Options of {@link occludeModel}. */
export interface ModelOcclusionOptions {
  /** Occluder side and step in pixels (defaults: a tenth and a sixteenth of the image's height, at least 1). */
  size?: number;
  stride?: number;
  seed?: number;
  /** Bytes one forward pass may take in inputs and outputs together (default 64 MB). */
  budgetBytes?: number;
  onProgress?(done: number, total: number): void;
  checkpoint?(): Promise<void>;
}

/** The default occluder for a model's input height: about a tenth of it, stepped by about a sixteenth. */
export function defaultOccluder(height: number): {size: number; stride: number} {
  return {size: Math.max(1, Math.round(height / 10)), stride: Math.max(1, Math.round(height / 16))};
}

/**
 * Occludes each grey stimulus (`spec.height × spec.width`, values ±0.5) at every placement of a `size × size`
 * patch of random pixels and records the layer's units (`opType`: the op computing it, for its layout).
 */
export async function occludeModel(
  forward: LayerForward,
  stimuli: readonly Float32Array[],
  spec: ModelStimulusSpec,
  opType: string,
  options: ModelOcclusionOptions = {},
): Promise<ModelOcclusion> {
  const t0 = performance.now();
  const {height, width} = spec;
  const {size, stride} = {...defaultOccluder(height), ...options};
  const {seed = 0, budgetBytes = 64 * 2 ** 20} = options;
  const positions = occluderPositions(height, width, {size, stride});
  const P = positions.length;
  const total = stimuli.length * (P + 1);
  const source = seededSource(seed);
  const images: ImageOcclusion[] = [];
  let units: LayerUnits | null = null;
  let mapped = 0;
  let done = 0;
  for (const grey of stimuli) {
    const intact = await forward(toModelInput(grey, 1, spec), 1);
    units ??= layerUnits(intact.dims, spec.layout, opType);
    const u = units;
    mapped = Math.min(u.channels, MAX_MAPPED_UNITS);
    const plane = u.height * u.width;
    const base = new Float32Array(mapped);
    const cx = new Float32Array(mapped);
    const cy = new Float32Array(mapped);
    const where = new Int32Array(mapped);
    for (let c = 0; c < mapped; c++) {
      let best = 0;
      for (let pos = 1; pos < plane; pos++) if (intact.data[at(u, c, pos)] > intact.data[at(u, c, best)]) best = pos;
      where[c] = at(u, c, best);
      base[c] = intact.data[where[c]];
      // The map's grid spread evenly over the image: position (i + ½) of n cells is pixel (i + ½)·W/n − ½.
      cx[c] = ((best % u.width) + 0.5) * (width / u.width) - 0.5;
      cy[c] = (Math.floor(best / u.width) + 0.5) * (height / u.height) - 0.5;
    }
    done++;
    options.onProgress?.(done, total);
    const perImage = 4 * (intact.data.length + grey.length * spec.channels);
    const chunk = Math.max(1, Math.floor(budgetBytes / perImage));
    const occluded = new Float32Array(mapped * P);
    for (let p0 = 0; p0 < P; p0 += chunk) {
      await options.checkpoint?.();
      const slice = positions.slice(p0, p0 + chunk);
      const batch = occludedBatch(grey, height, width, slice, {size, source});
      const out = await forward(toModelInput(batch, slice.length, spec), slice.length);
      const per = out.data.length / slice.length;
      for (let k = 0; k < slice.length; k++)
        for (let c = 0; c < mapped; c++) occluded[c * P + p0 + k] = out.data[k * per + where[c]];
      done += slice.length;
      options.onProgress?.(done, total);
    }
    images.push({base, cx, cy, occluded});
  }
  return {
    height,
    width,
    size,
    positions,
    units: units!,
    mapped,
    images,
    evaluated: total,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** One unit's discrepancy map on each image, its re-centred average (its receptive field) and that field's size. */
export interface UnitMaps {
  maps: {map: Float32Array; cx: number; cy: number; base: number}[];
  /** (2H − 1) × (2W − 1), the unit's position at the centre. */
  rf: Float32Array;
  rfHeight: number;
  rfWidth: number;
  /** Equal-area diameter of the field above half its peak, in pixels. */
  diameter: number;
}

/** Unit `c`'s maps and receptive field from an occlusion run. */
export function unitMaps(o: ModelOcclusion, c: number): UnitMaps {
  if (!(Number.isInteger(c) && c >= 0 && c < o.mapped))
    throw new RangeError(`unitMaps: unit ${c} is not among the ${o.mapped} mapped`);
  const P = o.positions.length;
  const maps = o.images.map((im) => ({
    map: discrepancyMap(im.base[c], im.occluded.subarray(c * P, (c + 1) * P), o.positions, o.height, o.width, {
      size: o.size,
    }),
    cx: im.cx[c],
    cy: im.cy[c],
    base: im.base[c],
  }));
  const rf = averageMaps(maps.map(({map, cx, cy}) => recenter(map, o.height, o.width, cx, cy)));
  return {maps, rf, rfHeight: 2 * o.height - 1, rfWidth: 2 * o.width - 1, diameter: rfSize(rf).diameter};
}
