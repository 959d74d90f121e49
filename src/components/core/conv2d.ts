/**
 * Plain 2-D cross-correlation, the operation deep-learning libraries (and ONNX `Conv`) call convolution: the
 * kernel is not flipped. Used to show the multiply-and-sum step by step on the convolution page and as an
 * independent reference for the ONNX graphs in tests; real feature maps run through ONNX Runtime.
 */

/** Options of {@link conv2d} and {@link window}. */
export interface Conv2dOptions {
  /** Zero padding on every side, in pixels (default 0: "valid"). */
  padding?: number;
  /** Step between output positions, in pixels (default 1). */
  stride?: number;
}

/** Output size of a convolution along one axis: `floor((n + 2·padding − k) / stride) + 1`. */
export function outputSize(n: number, k: number, {padding = 0, stride = 1}: Conv2dOptions = {}): number {
  return Math.floor((n + 2 * padding - k) / stride) + 1;
}

/**
 * The `k × k` window of `image` (`height × width`, row-major) that the kernel covers at output (ox, oy), with
 * zeros where it hangs over a padded edge.
 */
export function window(
  image: ArrayLike<number>,
  height: number,
  width: number,
  k: number,
  ox: number,
  oy: number,
  {padding = 0, stride = 1}: Conv2dOptions = {},
): Float32Array {
  const out = new Float32Array(k * k);
  const x0 = ox * stride - padding,
    y0 = oy * stride - padding;
  for (let dy = 0; dy < k; dy++)
    for (let dx = 0; dx < k; dx++) {
      const x = x0 + dx,
        y = y0 + dy;
      out[dy * k + dx] = x >= 0 && x < width && y >= 0 && y < height ? image[y * width + x] : 0;
    }
  return out;
}

/** Cross-correlates one `height × width` image with one `k × k` kernel; returns the map and its size. */
export function conv2d(
  image: ArrayLike<number>,
  height: number,
  width: number,
  kernel: ArrayLike<number>,
  options: Conv2dOptions = {},
): {data: Float32Array; height: number; width: number} {
  const k = Math.round(Math.sqrt(kernel.length));
  if (k * k !== kernel.length) throw new RangeError(`conv2d: kernel of ${kernel.length} values is not square`);
  const oh = outputSize(height, k, options),
    ow = outputSize(width, k, options);
  if (oh < 1 || ow < 1) throw new RangeError(`conv2d: a ${k} × ${k} kernel does not fit a ${height} × ${width} image`);
  const data = new Float32Array(oh * ow);
  for (let oy = 0; oy < oh; oy++)
    for (let ox = 0; ox < ow; ox++) {
      const w = window(image, height, width, k, ox, oy, options);
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i] * kernel[i];
      data[oy * ow + ox] = s;
    }
  return {data, height: oh, width: ow};
}
