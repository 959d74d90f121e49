/**
 * Turning targets into what the losses expect, and network outputs back into orientations (degrees, 0–360).
 */

/** The bin (0…nClasses−1) of each orientation, with bins of width 360/nClasses starting at 0°. */
export function orientationBins(degrees: ArrayLike<number>, nClasses: number): Int32Array {
  const width = 360 / nClasses;
  return Int32Array.from(degrees, (d) => Math.floor((((d % 360) + 360) % 360) / width) % nClasses);
}

/** Row-major one-hot targets `[n, nClasses]` for class labels (what the `nll` loss takes as `target`). */
export function oneHot(labels: ArrayLike<number>, nClasses: number): Float32Array {
  const out = new Float32Array(labels.length * nClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= nClasses)
      throw new RangeError(`oneHot: label ${c} at ${i} is not in 0…${nClasses - 1}`);
    out[i * nClasses + c] = 1;
  }
  return out;
}

/** Wraps angles in degrees into [0, 360). */
export function wrapDegrees(d: number): number {
  return ((d % 360) + 360) % 360;
}

/** Smallest absolute difference between two angles in degrees (0…180). */
export function angularError(a: number, b: number): number {
  const d = wrapDegrees(a - b);
  return d > 180 ? 360 - d : d;
}

/** How a model's output row maps to an orientation. */
export type DecodeKind = "regression" | "classifier" | "circular";

/**
 * Decoded orientations (degrees) from a row-major output `[n, cols]`: `regression` reads the single output as
 * degrees (unwrapped, as trained with MSE); `classifier` takes the centre of the most likely of `cols` bins;
 * `circular` takes atan2(y, x) of the two outputs, wrapped to [0, 360).
 */
export function decodeOrientation(
  output: ArrayLike<number>,
  kind: DecodeKind,
  cols = kind === "circular" ? 2 : 1,
): Float64Array {
  const n = output.length / cols;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === "regression") out[i] = output[i * cols];
    else if (kind === "circular")
      out[i] = wrapDegrees((Math.atan2(output[i * cols + 1], output[i * cols]) * 180) / Math.PI);
    else {
      let best = 0;
      for (let c = 1; c < cols; c++) if (output[i * cols + c] > output[i * cols + best]) best = c;
      out[i] = (best + 0.5) * (360 / cols);
    }
  }
  return out;
}
