/**
 * Small forward-only ONNX graphs for the convolution page, built in the browser with @brain-nets/models and
 * run through runtime.ts: a bank of kernels applied to one image, and a stack of convolutions whose centre
 * unit's receptive field the page maps with impulse images.
 */
import {Graph, averagePool, conv, toModelBytes} from "@brain-nets/models";

/**
 * A "valid" convolution of one `[1, 1, height, width]` image (input `x`) with `kernels` (each `k × k`), as
 * one Conv node with `kernels.length` output channels (output `y`).
 */
export function kernelBankGraph(
  kernels: readonly Float32Array[],
  k: number,
  height: number,
  width: number,
): Uint8Array {
  const g = new Graph({name: "kernel_bank"});
  const x = g.input("x", [1, 1, height, width]);
  const w = new Float32Array(kernels.length * k * k);
  kernels.forEach((kernel, i) => w.set(kernel, i * k * k));
  g.output(conv(g, x, g.initializer(w, [kernels.length, 1, k, k], {name: "kernels"})), "y");
  return toModelBytes(g);
}

/** Options of {@link stackGraph}. */
export interface StackOptions {
  /** Number of stacked 3 × 3 convolutions (default 3). */
  layers?: number;
  /** Kernel side of every layer (default 3). */
  kernel?: number;
  /** Average-pool 2 × 2 after every convolution (default false). */
  pool?: boolean;
}

/**
 * `layers` convolutions of a uniform `kernel × kernel` averaging filter ('same' padding), each optionally
 * followed by 2 × 2 average pooling, on a batch `x` `[n, 1, height, width]`. Every layer's output is a graph
 * output `layer<k>`. Averaging filters have only positive weights, so nothing cancels and a unit's impulse
 * response is non-zero exactly on its receptive field.
 */
export function stackGraph(
  height: number,
  width: number,
  {layers = 3, kernel = 3, pool = false}: StackOptions = {},
): Uint8Array {
  const g = new Graph({name: "conv_stack"});
  let h = g.input("x", ["n", 1, height, width]);
  const pad = (kernel - 1) / 2;
  const w = g.initializer(new Float32Array(kernel * kernel).fill(1 / (kernel * kernel)), [1, 1, kernel, kernel], {
    name: "average",
  });
  for (let l = 1; l <= layers; l++) {
    h = conv(g, h, w, undefined, {pads: [pad, pad, pad, pad]});
    if (pool) h = averagePool(g, h, {kernel: [2, 2]});
    g.output(h, `layer${l}`);
  }
  return toModelBytes(g);
}

/** A batch of `height × width` impulse images, one per pixel: image i is 1 at pixel i and 0 elsewhere. */
export function impulses(height: number, width: number): Float32Array {
  const n = height * width;
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}
