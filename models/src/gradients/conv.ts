/**
 * Gradient rules of Conv (input, weights, bias), AveragePool and MaxPool. Everything is expressed with
 * ordinary ONNX ops (ConvTranspose, Conv, Transpose, Slice, Pad, Expand), so the backward pass runs on every
 * execution provider that runs the forward pass.
 */
import {registerGradient} from "../autodiff.js";
import {convGeometry, conv, convTranspose} from "../conv.js";
import type {Attribute, Graph, Node, Value} from "../graph.js";
import {equal, expand, pad, reduceSum, reshape, slice, transpose, where} from "../ops.js";

function ints(node: Node, key: string): number[] | undefined {
  const a: Attribute | undefined = node.attrs[key];
  return a && "ints" in a ? [...a.ints] : undefined;
}

function geometryOf(node: Node, k: number) {
  const groupAttr = node.attrs.group;
  return convGeometry(k, {
    strides: ints(node, "strides"),
    pads: ints(node, "pads"),
    dilations: ints(node, "dilations"),
    group: groupAttr && "int" in groupAttr ? groupAttr.int : 1,
  });
}

/** The output padding that makes a ConvTranspose of `dy` come back to `x`'s spatial size. */
function outputPadding(x: Value, dy: Value, kernel: number[], geo: ReturnType<typeof convGeometry>): number[] {
  const k = kernel.length;
  return kernel.map((kk, i) => {
    const full =
      ((dy.shape[2 + i] as number) - 1) * geo.strides[i] +
      (kk - 1) * geo.dilations[i] +
      1 -
      geo.pads[i] -
      geo.pads[i + k];
    return (x.shape[2 + i] as number) - full;
  });
}

// Y = conv(X, W) + b.
// ∂X: the transposed convolution of dY with W (output padding restores X's size when the stride left a remainder).
// ∂W: a convolution of X with dY over the batch, with the roles of stride and dilation swapped:
//     ∂W[m, c, a] = Σ_n Σ_i dY[n, m, i] · Xpad[n, c, i·s + a·d]; it may cover more than the kernel, so slice.
// ∂b: dY summed over batch and space.
registerGradient("Conv", (g, {node, inputs: [x, w, b], dy: [dy], needs}) => {
  const k = x!.shape.length - 2;
  const kernel = w!.shape.slice(2) as number[];
  const geo = geometryOf(node, k);
  const d = dy!;
  let dx: Value | undefined;
  let dw: Value | undefined;
  let db: Value | undefined;
  if (needs[0]) dx = convTranspose(g, d, w!, {...geo, outputPadding: outputPadding(x!, d, kernel, geo)});
  if (needs[1]) {
    if (geo.group !== 1)
      throw new Error("Conv gradient: weights of grouped convolutions (group > 1) are not supported");
    const swap = [1, 0, ...Array.from({length: k}, (_, i) => i + 2)];
    const xt = transpose(g, x!, swap); // [C, N, …]
    const dyt = transpose(g, d, swap); // [M, N, …] used as the kernel
    const full = conv(g, xt, dyt, undefined, {strides: geo.dilations, dilations: geo.strides, pads: geo.pads}); // [C, M, ≥k…]
    const fitted = full.shape.slice(2).some((s, i) => s !== kernel[i])
      ? slice(g, full, {starts: kernel.map(() => 0), ends: kernel, axes: kernel.map((_, i) => i + 2)})
      : full;
    dw = transpose(g, fitted, swap);
  }
  if (b && needs[2]) db = reduceSum(g, d, {axes: [0, ...Array.from({length: k}, (_, i) => i + 2)]});
  return [dx, dw, db];
});

// AveragePool (padding counted): every input cell receives dY / |window| from each window it lies in, which is a
// depthwise transposed convolution with a constant kernel.
registerGradient("AveragePool", (g, {node, inputs: [x], dy: [dy]}) => {
  const kernel = ints(node, "kernel_shape")!;
  const k = kernel.length;
  const channels = x!.shape[1];
  if (typeof channels !== "number") throw new Error("AveragePool gradient: the channel dim must be static");
  const geo = convGeometry(k, {strides: ints(node, "strides") ?? kernel, pads: ints(node, "pads"), group: channels});
  const size = kernel.reduce((a, b) => a * b, 1);
  const w = g.initializer(new Float64Array(channels * size).fill(1 / size), [channels, 1, ...kernel], {
    dtype: x!.dtype,
  });
  return [convTranspose(g, dy!, w, {...geo, outputPadding: outputPadding(x!, dy!, kernel, geo)})];
});

/** Repeats each cell of `v` `[N, C, h, w]` into a `kh × kw` block: `[N, C, h·kh, w·kw]`. */
function upsample2d(g: Graph, v: Value, [kh, kw]: number[]): Value {
  const [h, w] = v.shape.slice(2) as number[];
  const r = reshape(g, v, [0, 0, h, 1, w, 1]);
  const e = expand(g, r, g.int64s([1, 1, 1, kh, 1, kw]), [1, 1, 1, kh, 1, kw]);
  return reshape(g, e, [0, 0, h * kh, w * kw]);
}

// MaxPool with non-overlapping windows (stride = kernel, no padding): dY goes to the cells that equal their
// window's maximum. Exact ties share the gradient (each gets all of it); with continuous inputs ties are rare,
// and after a ReLU the tied zeros get no gradient from the ReLU anyway.
registerGradient("MaxPool", (g, {node, inputs: [x], outputs: [y], dy: [dy]}) => {
  const kernel = ints(node, "kernel_shape")!;
  const strides = ints(node, "strides") ?? kernel;
  const pads = ints(node, "pads") ?? [];
  const dil = ints(node, "dilations") ?? [];
  const simple =
    kernel.length === 2 &&
    strides.every((s, i) => s === kernel[i]) &&
    pads.every((p) => p === 0) &&
    dil.every((d) => d === 1);
  if (!simple)
    throw new Error("MaxPool gradient: only 2-D non-overlapping windows (stride = kernel, no padding or dilation)");
  const [hx, wx] = x!.shape.slice(2) as number[];
  const [hy, wy] = y.shape.slice(2) as number[];
  const rest = [0, 0, 0, 0, 0, 0, hx - hy * kernel[0], wx - wy * kernel[1]]; // rows/cols no window covered
  const yUp = pad(g, upsample2d(g, y, kernel), rest);
  const dyUp = pad(g, upsample2d(g, dy!, kernel), rest);
  return [where(g, equal(g, x!, yUp), dyUp, g.scalar(0, x!.dtype))];
});
