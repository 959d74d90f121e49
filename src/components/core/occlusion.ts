/**
 * Receptive fields by occlusion, the pure parts (after Zhou, Khosla, Lapedriza, Oliva & Torralba, 2015,
 * "Object detectors emerge in deep scene CNNs"): slide a small patch of random pixels over an image, run
 * every occluded copy through the network (the caller does that, batched, through the runtime), and record
 * how much one unit's activation changes: the discrepancy map. Re-centring each image's map on the unit's
 * position and averaging over images gives the unit's empirical receptive field.
 *
 * Images are row-major `height × width` Float32Arrays; occluded batches are NCHW with one channel.
 */
import {seededSource, type Source} from "./random.js";
import {addNoise, grating} from "./gratings.js";

/** Top-left corner of one occluder placement, in pixels. */
export interface Position {
  x: number;
  y: number;
}

/** Size of the square occluder and the step between placements, in pixels. */
export interface OccluderOptions {
  /** Side of the square occluder in pixels (default 5). */
  size?: number;
  /** Step between neighbouring placements in pixels (default 2). */
  stride?: number;
}

/**
 * Every top-left position of a `size × size` occluder inside a `height × width` image, row by row, at
 * `stride` steps; the last row and column are added when the stride would skip the image's edge, so every
 * pixel is covered at least once.
 */
export function occluderPositions(
  height: number,
  width: number,
  {size = 5, stride = 2}: OccluderOptions = {},
): Position[] {
  if (!(Number.isInteger(size) && size >= 1 && size <= Math.min(height, width)))
    throw new RangeError(`occluderPositions: size must be an integer in 1..${Math.min(height, width)}, got ${size}`);
  if (!(Number.isInteger(stride) && stride >= 1))
    throw new RangeError(`occluderPositions: stride must be a positive integer, got ${stride}`);
  const starts = (n: number) => {
    const s: number[] = [];
    for (let i = 0; i + size <= n; i += stride) s.push(i);
    if (s[s.length - 1] !== n - size) s.push(n - size);
    return s;
  };
  const ys = starts(height),
    xs = starts(width);
  return ys.flatMap((y) => xs.map((x) => ({x, y})));
}

/**
 * One occluded copy of `image` per position, as an NCHW batch `[positions.length, 1, height, width]`. The
 * occluder's pixels are drawn uniformly from `range` with a seeded source, fresh for every placement, so the
 * patch carries no structure of its own.
 */
export function occludedBatch(
  image: Float32Array,
  height: number,
  width: number,
  positions: readonly Position[],
  {
    size = 5,
    range = [-0.5, 0.5],
    source = seededSource(0),
  }: {size?: number; range?: [number, number]; source?: Source} = {},
): Float32Array {
  if (image.length !== height * width)
    throw new RangeError(`occludedBatch: image has ${image.length} pixels, expected ${height} × ${width}`);
  const n = height * width;
  const out = new Float32Array(positions.length * n);
  const [lo, hi] = range;
  positions.forEach(({x, y}, p) => {
    const o = p * n;
    out.set(image, o);
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) out[o + (y + dy) * width + x + dx] = lo + (hi - lo) * source();
  });
  return out;
}

/**
 * The discrepancy map of one unit on one image: for every pixel, the mean absolute change of the unit's
 * activation over the occluder placements that cover that pixel (`base` is the activation on the intact
 * image, `occluded[p]` on the copy occluded at `positions[p]`). Pixels no placement covers get 0.
 */
export function discrepancyMap(
  base: number,
  occluded: ArrayLike<number>,
  positions: readonly Position[],
  height: number,
  width: number,
  {size = 5}: {size?: number} = {},
): Float32Array {
  if (occluded.length !== positions.length)
    throw new RangeError(`discrepancyMap: ${occluded.length} activations for ${positions.length} positions`);
  const sum = new Float64Array(height * width);
  const count = new Uint32Array(height * width);
  positions.forEach(({x, y}, p) => {
    const d = Math.abs(occluded[p] - base);
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) {
        const i = (y + dy) * width + x + dx;
        sum[i] += d;
        count[i]++;
      }
  });
  const map = new Float32Array(height * width);
  for (let i = 0; i < map.length; i++) map[i] = count[i] ? sum[i] / count[i] : 0;
  return map;
}

/**
 * Shifts a `height × width` map so that pixel (cx, cy) lands at the centre of a `(2·height − 1) × (2·width − 1)`
 * canvas, big enough that nothing is cropped whatever the centre. Returns the canvas and a mask of the
 * pixels the map covered, so averages count only images that saw a pixel.
 */
export function recenter(
  map: Float32Array,
  height: number,
  width: number,
  cx: number,
  cy: number,
): {map: Float32Array; covered: Uint8Array; height: number; width: number} {
  const H = 2 * height - 1,
    W = 2 * width - 1;
  const out = new Float32Array(H * W),
    covered = new Uint8Array(H * W);
  const ox = width - 1 - Math.round(cx),
    oy = height - 1 - Math.round(cy);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y + oy) * W + x + ox;
      out[i] = map[y * width + x];
      covered[i] = 1;
    }
  return {map: out, covered, height: H, width: W};
}

/**
 * Averages re-centred maps pixel by pixel over the maps that cover each pixel: the unit's empirical
 * receptive field. All maps must share one canvas size.
 */
export function averageMaps(maps: readonly {map: Float32Array; covered: Uint8Array}[]): Float32Array {
  if (!maps.length) throw new RangeError("averageMaps: no maps to average");
  const n = maps[0].map.length;
  const sum = new Float64Array(n),
    count = new Uint32Array(n);
  for (const {map, covered} of maps) {
    if (map.length !== n) throw new RangeError("averageMaps: maps differ in size");
    for (let i = 0; i < n; i++)
      if (covered[i]) {
        sum[i] += map[i];
        count[i]++;
      }
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = count[i] ? sum[i] / count[i] : 0;
  return out;
}

/**
 * Size of a receptive-field map: the number of pixels at or above `threshold × max` and the diameter of a
 * disc with that area. A map that is zero everywhere has size 0.
 */
export function rfSize(
  map: ArrayLike<number>,
  {threshold = 0.5}: {threshold?: number} = {},
): {area: number; diameter: number} {
  let max = 0;
  for (let i = 0; i < map.length; i++) if (map[i] > max) max = map[i];
  if (max <= 0) return {area: 0, diameter: 0};
  let area = 0;
  for (let i = 0; i < map.length; i++) if (map[i] >= threshold * max) area++;
  return {area, diameter: 2 * Math.sqrt(area / Math.PI)};
}

/** One conv or pooling layer's geometry along one axis. */
export interface LayerGeometry {
  kernel: number;
  stride?: number;
  padding?: number;
}

/**
 * The theoretical receptive field of a unit after a stack of layers (the standard recurrence): `size` in
 * input pixels, `jump` the input distance between neighbouring units, and `start` the input coordinate of
 * the centre of unit 0. Unit i's receptive field is centred at `start + i · jump`.
 */
export function receptiveFieldGeometry(layers: readonly LayerGeometry[]): {size: number; jump: number; start: number} {
  let size = 1,
    jump = 1,
    start = 0;
  for (const {kernel, stride = 1, padding = 0} of layers) {
    size += (kernel - 1) * jump;
    start += ((kernel - 1) / 2 - padding) * jump;
    jump *= stride;
  }
  return {size, jump, start};
}

/**
 * The stimuli the occlusion maps are made on: `count` noisy gratings at evenly spaced orientations (−90° … 90°, at the
 * centres of `count` equal steps), each with its own phase and seeded noise (sd 0.2), `height × width` pixels with
 * the given stripe period. The built-in page and "your model" use the same set.
 */
export function occlusionStimuli(
  count: number,
  {height = 48, width = 64, period}: {height?: number; width?: number; period?: number} = {},
): {angle: number; image: Float32Array}[] {
  return Array.from({length: count}, (_, i) => {
    const angle = -90 + (180 * (i + 0.5)) / count;
    return {angle, image: addNoise(grating(angle, {height, width, period, phase: 1.7 * i}), {sd: 0.2, seed: 100 + i})};
  });
}
