/**
 * Oriented grating stimuli, shared by the build-time loaders (CNN training, encoding model) and the pages.
 *
 * Modelled on the Neuromatch generator (`grating(angle, sf, res, patch)` in the W1D5/W3D4 deep-learning
 * tutorials): a square-wave grating whose stripes are perpendicular to the direction
 * `(cos θ, sin θ)` in image coordinates (x to the right, y down), so θ = 0 gives vertical stripes and θ
 * is the tilt from vertical. Values are centred on zero (−contrast/2 … +contrast/2), the way the
 * tutorial subtracts 0.5 from its 0/1 image. Neuromatch's defaults (sf = 1/28 on a 640 × 480 canvas
 * downsampled by res = 0.1 to 64 × 48) correspond to a period of 2π·2.8 ≈ 17.6 px, our default.
 *
 * Images are row-major Float32Arrays of `height × width`; batches are NCHW with one channel, ready to be
 * handed to ONNX Runtime as a `[n, 1, height, width]` tensor.
 */
import {seededNormal, seededSource} from "./random.js";

/** Neuromatch's grating period at res = 0.1, in pixels: 2π / (sf / res) with sf = 1/28. */
export const NEUROMATCH_PERIOD = 2 * Math.PI * 2.8;

/** Where a grating is visible: a circular patch with a hard edge. */
export interface Patch {
  /** Patch centre, x in pixels (default: three quarters of the width, as in Neuromatch). */
  cx?: number;
  /** Patch centre, y in pixels (default: half the height). */
  cy?: number;
  /** Patch radius in pixels (default: a quarter of the height). */
  radius?: number;
}

/** Options of {@link grating}. */
export interface GratingOptions {
  /** Image width in pixels (default 64). */
  width?: number;
  /** Image height in pixels (default 48). */
  height?: number;
  /** Stripe period in pixels (default {@link NEUROMATCH_PERIOD}); spatial frequency is 1 / period. */
  period?: number;
  /** Phase offset in radians added to the carrier (default 0). */
  phase?: number;
  /** Peak-to-trough amplitude (default 1: values ±0.5 like Neuromatch). */
  contrast?: number;
  /** "square" thresholds the cosine like Neuromatch (default); "sine" keeps the smooth cosine. */
  profile?: "square" | "sine";
  /** A circular patch (true for the defaults); outside it the image is mid-grey (0). Default: full field. */
  patch?: boolean | Patch;
}

/** A fully resolved patch for given image dimensions. */
export function resolvePatch(patch: true | Patch, width: number, height: number): Required<Patch> {
  const p = patch === true ? {} : patch;
  return {cx: p.cx ?? width * 0.75, cy: p.cy ?? height / 2, radius: p.radius ?? height / 4};
}

/**
 * The carrier before thresholding at pixel (x, y): `cos(2π (x cos θ + y sin θ) / period + phase)`, θ in
 * degrees. Exposed so tests and pages can state the formula once.
 */
export function carrier(x: number, y: number, angle: number, period: number, phase: number): number {
  const t = (angle * Math.PI) / 180;
  return Math.cos((2 * Math.PI * (x * Math.cos(t) + y * Math.sin(t))) / period + phase);
}

/**
 * An oriented grating of `height × width` pixels tilted `angle` degrees from vertical.
 *
 * Square profile: +contrast/2 where the carrier is positive, −contrast/2 elsewhere; sine profile:
 * contrast/2 · carrier. Inside a patch the grating shows; outside it the value is 0.
 */
export function grating(angle: number, options: GratingOptions = {}): Float32Array {
  const out = new Float32Array((options.height ?? 48) * (options.width ?? 64));
  writeGrating(out, 0, angle, options);
  return out;
}

/** Writes the grating of {@link grating} into `out` starting at `offset` (no allocation per image). */
function writeGrating(out: Float32Array, offset: number, angle: number, options: GratingOptions): void {
  const {
    width = 64,
    height = 48,
    period = NEUROMATCH_PERIOD,
    phase = 0,
    contrast = 1,
    profile = "square",
    patch = false,
  } = options;
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height)))
    throw new RangeError(`grating: width and height must be positive integers, got ${width} × ${height}`);
  if (!(period > 0)) throw new RangeError(`grating: period must be positive, got ${period}`);
  const p = patch ? resolvePatch(patch, width, height) : null;
  const half = contrast / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      if (!p || (x - p.cx) ** 2 + (y - p.cy) ** 2 < p.radius ** 2) {
        const c = carrier(x, y, angle, period, phase);
        v = profile === "square" ? (c > 0 ? half : -half) : half * c;
      }
      out[offset + y * width + x] = v;
    }
  }
}

/**
 * A batch of gratings, one per angle, as an NCHW Float32Array of shape `[angles.length, 1, height, width]`.
 * `phases`, when given, sets each image's phase (e.g. random phases so a network cannot key on one pixel).
 */
export function gratingBatch(
  angles: ArrayLike<number>,
  options: GratingOptions & {phases?: ArrayLike<number>} = {},
): Float32Array {
  const {phases, ...rest} = options;
  const size = (rest.height ?? 48) * (rest.width ?? 64);
  const out = new Float32Array(angles.length * size);
  for (let i = 0; i < angles.length; i++) {
    writeGrating(out, i * size, angles[i], phases ? {...rest, phase: phases[i]} : rest);
  }
  return out;
}

/**
 * Adds seeded Gaussian pixel noise with standard deviation `sd` to a copy of `image` (any shape). The same
 * seed gives the same noise in Node and in the browser.
 */
export function addNoise(image: Float32Array, {sd = 0.1, seed = 0}: {sd?: number; seed?: number} = {}): Float32Array {
  const normal = seededNormal(seededSource(seed), {sd});
  const out = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = image[i] + normal();
  return out;
}
