/**
 * Convolution and pooling operators (NCHW, 2-D or any spatial rank) with shape inference. Spatial sizes must be
 * static (stimuli have a fixed resolution); the batch dim may be symbolic.
 */
import {formatShape, type Dim, type Graph, type Value} from "./graph.js";

/** Options of `conv` and `convTranspose`. */
export interface ConvOptions {
  /** Stride per spatial axis (default 1). */
  strides?: readonly number[];
  /** Padding [begin_0, …, begin_k, end_0, …, end_k] (default 0). */
  pads?: readonly number[];
  /** Dilation per spatial axis (default 1). */
  dilations?: readonly number[];
  /** Number of groups (default 1). */
  group?: number;
}

/** Normalised convolution geometry for `k` spatial axes. */
export function convGeometry(k: number, {strides, pads, dilations, group = 1}: ConvOptions = {}) {
  return {
    strides: strides ? [...strides] : new Array<number>(k).fill(1),
    pads: pads ? [...pads] : new Array<number>(2 * k).fill(0),
    dilations: dilations ? [...dilations] : new Array<number>(k).fill(1),
    group,
  };
}

/** Output size of one spatial axis of a convolution or pooling window. */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation = 1,
): number {
  return Math.floor((size + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride) + 1;
}

function spatial(x: Value, what: string): number[] {
  const s = x.shape.slice(2);
  if (!s.every((d) => typeof d === "number"))
    throw new Error(`${what}: spatial dims of ${formatShape(x.shape)} must be static`);
  return s as number[];
}

/**
 * Convolution (cross-correlation, as ONNX and PyTorch define it) of `x` `[N, C, …]` with weights
 * `w` `[M, C/group, k…]` and optional bias `b` `[M]`.
 */
export function conv(g: Graph, x: Value, w: Value, b?: Value, options: ConvOptions = {}): Value {
  const sizes = spatial(x, "conv");
  const kernel = w.shape.slice(2);
  if (!kernel.every((d) => typeof d === "number"))
    throw new Error(`conv: kernel dims of ${formatShape(w.shape)} must be static`);
  const geo = convGeometry(sizes.length, options);
  const out: Dim[] = [x.shape[0], w.shape[0]];
  sizes.forEach((n, i) =>
    out.push(
      convOutputSize(n, kernel[i] as number, geo.strides[i], geo.pads[i], geo.pads[i + sizes.length], geo.dilations[i]),
    ),
  );
  if (out.slice(2).some((d) => (d as number) < 1))
    throw new Error(`conv: kernel ${formatShape(kernel)} does not fit input ${formatShape(x.shape)}`);
  const attrs = {
    kernel_shape: {ints: kernel as number[]},
    strides: {ints: geo.strides},
    pads: {ints: geo.pads},
    dilations: {ints: geo.dilations},
    group: {int: geo.group},
  };
  return g.node("Conv", b ? [x, w, b] : [x, w], [{shape: out, dtype: x.dtype}], attrs)[0];
}

/**
 * Transposed convolution of `x` `[N, M, …]` with `w` `[M, C/group, k…]` (the layout of the Conv it undoes);
 * `outputPadding` adds to the end of each spatial axis so the result can match a given size.
 */
export function convTranspose(
  g: Graph,
  x: Value,
  w: Value,
  options: ConvOptions & {outputPadding?: readonly number[]} = {},
): Value {
  const sizes = spatial(x, "convTranspose");
  const kernel = w.shape.slice(2) as number[];
  const geo = convGeometry(sizes.length, options);
  const outputPadding = options.outputPadding ? [...options.outputPadding] : new Array<number>(sizes.length).fill(0);
  const channels = typeof w.shape[1] === "number" ? (w.shape[1] as number) * geo.group : w.shape[1];
  const out: Dim[] = [x.shape[0], channels];
  sizes.forEach((n, i) =>
    out.push(
      (n - 1) * geo.strides[i] +
        outputPadding[i] +
        (kernel[i] - 1) * geo.dilations[i] +
        1 -
        geo.pads[i] -
        geo.pads[i + sizes.length],
    ),
  );
  const attrs = {
    kernel_shape: {ints: kernel},
    strides: {ints: geo.strides},
    pads: {ints: geo.pads},
    dilations: {ints: geo.dilations},
    group: {int: geo.group},
    output_padding: {ints: outputPadding},
  };
  return g.node("ConvTranspose", [x, w], [{shape: out, dtype: x.dtype}], attrs)[0];
}

/** Options of the pooling ops. */
export interface PoolOptions {
  /** Window size per spatial axis. */
  kernel: readonly number[];
  /** Stride per spatial axis (default: the kernel, i.e. non-overlapping windows). */
  strides?: readonly number[];
  /** Padding [begin…, end…] (default 0). */
  pads?: readonly number[];
}

function pool(op: "MaxPool" | "AveragePool", g: Graph, x: Value, {kernel, strides = kernel, pads}: PoolOptions): Value {
  const sizes = spatial(x, op);
  const p = pads ? [...pads] : new Array<number>(2 * sizes.length).fill(0);
  const out: Dim[] = [
    x.shape[0],
    x.shape[1],
    ...sizes.map((n, i) => convOutputSize(n, kernel[i], strides[i], p[i], p[i + sizes.length])),
  ];
  const attrs: Record<string, {ints: number[]} | {int: number}> = {
    kernel_shape: {ints: [...kernel]},
    strides: {ints: [...strides]},
    pads: {ints: p},
  };
  // Padded cells count in the average (PyTorch's default), so the average's gradient is the same everywhere.
  if (op === "AveragePool") attrs.count_include_pad = {int: 1};
  return g.node(op, [x], [{shape: out, dtype: x.dtype}], attrs)[0];
}

/** Max pooling over windows of `kernel` (default stride: the kernel). */
export function maxPool(g: Graph, x: Value, options: PoolOptions): Value {
  return pool("MaxPool", g, x, options);
}

/** Average pooling over windows of `kernel` (padding counts as zeros, PyTorch's default). */
export function averagePool(g: Graph, x: Value, options: PoolOptions): Value {
  return pool("AveragePool", g, x, options);
}
