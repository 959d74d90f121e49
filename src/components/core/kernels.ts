/**
 * Convolution kernels modelled on early visual receptive fields: centre-surround (difference of Gaussians,
 * like retinal ganglion and LGN cells, Kuffler 1953) and Gabor filters (oriented, like V1 simple cells,
 * Jones & Palmer 1987). They are the initial filters of the grating CNN (as in Neuromatch's deep-learning
 * tutorial 2) and the kernels the convolution page slides over images.
 *
 * A kernel is a row-major `size × size` Float32Array. `x` runs right, `y` down, centred on the middle pixel.
 */

/** Options shared by the kernel generators. */
export interface KernelOptions {
  /** Side length in pixels (default 7). */
  size?: number;
  /** Scale the kernel to peak |value| 1 and then remove its mean, as Neuromatch does (default true). */
  normalize?: boolean;
}

function grid(size: number): number[] {
  // Coordinates from −size/2 to size/2, as numpy's linspace(−K/2, K/2, K).
  return Array.from({length: size}, (_, i) => (size === 1 ? 0 : -size / 2 + (i * size) / (size - 1)));
}

/** Scales to peak absolute value 1, then subtracts the mean so a uniform image gives 0. */
export function normalizeKernel(k: Float32Array): Float32Array {
  let peak = 0;
  for (const v of k) peak = Math.max(peak, Math.abs(v));
  const out = k.map((v) => (peak ? v / peak : 0));
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  return out.map((v) => v - mean);
}

/**
 * A centre-surround kernel: a narrow Gaussian minus half a Gaussian twice as wide (both on the radial
 * distance r, `exp(−r / 2σ²)` as in Neuromatch). `polarity` −1 gives an OFF-centre cell.
 */
export function centerSurroundKernel({
  size = 7,
  sigma = 1.1,
  polarity = 1,
  normalize = true,
}: KernelOptions & {sigma?: number; polarity?: 1 | -1} = {}): Float32Array {
  const g = grid(size);
  const k = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(g[x], g[y]);
      k[y * size + x] = polarity * (Math.exp(-r / (2 * sigma ** 2)) - 0.5 * Math.exp(-r / (2 * (2 * sigma) ** 2)));
    }
  return normalize ? normalizeKernel(k) : k;
}

/**
 * A Gabor kernel tuned to gratings tilted `angle` degrees from vertical (the convention of gratings.ts):
 * a Gaussian envelope times `cos(2π (x cos θ + y sin θ) / wavelength + phase)`. Neuromatch uses a much
 * narrower envelope (σ = 0.44, wavelength 10) that leaves barely two stripes inside a 7 × 7 kernel; our
 * defaults keep a full cycle visible, which both reads better and starts the CNN closer to a grating detector.
 */
export function gaborKernel(
  angle: number,
  {
    size = 7,
    sigma = 1.1,
    wavelength = 8,
    phase = Math.PI / 2,
    normalize = true,
  }: KernelOptions & {sigma?: number; wavelength?: number; phase?: number} = {},
): Float32Array {
  const g = grid(size);
  const t = (angle * Math.PI) / 180;
  const k = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(g[x], g[y]);
      const u = g[x] * Math.cos(t) + g[y] * Math.sin(t);
      k[y * size + x] = Math.exp(-r / (2 * sigma ** 2)) * Math.cos((2 * Math.PI * u) / wavelength + phase);
    }
  return normalize ? normalizeKernel(k) : k;
}

/**
 * Neuromatch's bank of initial filters: ON and OFF centre-surround, then `count − 2` Gabors at evenly
 * spaced angles in [0°, 180°). Returned as one Float32Array `[count, 1, size, size]` (ONNX Conv weight
 * layout) and the filters' names.
 */
export function filterBank(count = 6, {size = 7}: {size?: number} = {}): {weights: Float32Array; names: string[]} {
  if (count < 2) throw new RangeError(`filterBank: need at least 2 filters, got ${count}`);
  const kernels: Float32Array[] = [centerSurroundKernel({size}), centerSurroundKernel({size, polarity: -1})];
  const names = ["ON centre", "OFF centre"];
  for (let i = 0; i < count - 2; i++) {
    const angle = (180 * i) / (count - 2);
    kernels.push(gaborKernel(angle, {size}));
    names.push(`Gabor ${+angle.toFixed(1)}°`);
  }
  const weights = new Float32Array(count * size * size);
  kernels.forEach((k, i) => weights.set(k, i * size * size));
  return {weights, names};
}
