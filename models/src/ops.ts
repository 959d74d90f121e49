/**
 * Typed ONNX operators with shape inference: each helper appends one node to the graph and returns its output
 * value(s) with the inferred shape and dtype. Architectures, losses, optimizers and gradient rules all build
 * graphs through these helpers, so every value has a shape the gradient pass can rely on.
 * Symbolic dims (strings) are assumed not to be 1 at run time, which is what broadcasting gradients rely on.
 */
import {formatShape, type DType, type Dim, type Graph, type Shape, type Value} from "./graph.js";

/** Numpy-style broadcast of two shapes. */
export function broadcastShapes(a: Shape, b: Shape): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else if (typeof da === "string") out.push(db);
    else if (typeof db === "string") out.push(da);
    else throw new Error(`broadcast: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast`);
  }
  return out;
}

/** Normalises a possibly negative axis for a rank. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

function unary(op: string) {
  return (g: Graph, x: Value): Value => g.node(op, [x], [{shape: x.shape, dtype: x.dtype}])[0];
}

function binary(op: string) {
  return (g: Graph, a: Value, b: Value): Value => {
    if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes ${a.dtype} and ${b.dtype} differ`);
    return g.node(op, [a, b], [{shape: broadcastShapes(a.shape, b.shape), dtype: a.dtype}])[0];
  };
}

function compare(op: string) {
  return (g: Graph, a: Value, b: Value): Value =>
    g.node(op, [a, b], [{shape: broadcastShapes(a.shape, b.shape), dtype: "bool"}])[0];
}

/** Elementwise `a + b` with broadcasting. */
export const add = binary("Add");
/** Elementwise `a − b` with broadcasting. */
export const sub = binary("Sub");
/** Elementwise `a · b` with broadcasting. */
export const mul = binary("Mul");
/** Elementwise `a / b` with broadcasting. */
export const div = binary("Div");
/** Elementwise `a ^ b` with broadcasting (no gradient rule; used by optimizers on constants). */
export const pow = binary("Pow");
/** Elementwise `a > b` (bool). */
export const greater = compare("Greater");
/** Elementwise `a == b` (bool). */
export const equal = compare("Equal");
/** Elementwise `−x`. */
export const neg = unary("Neg");
/** Elementwise `max(x, 0)`. */
export const relu = unary("Relu");
/** Elementwise logistic `1 / (1 + e^−x)`. */
export const sigmoid = unary("Sigmoid");
/** Elementwise hyperbolic tangent. */
export const tanh = unary("Tanh");
/** Elementwise `e^x`. */
export const exp = unary("Exp");
/** Elementwise natural logarithm. */
export const log = unary("Log");
/** Elementwise sine (radians). */
export const sin = unary("Sin");
/** Elementwise cosine (radians). */
export const cos = unary("Cos");
/** Elementwise square root. */
export const sqrt = unary("Sqrt");
/** Elementwise `log(1 + e^x)`. */
export const softplus = unary("Softplus");
/** Elementwise absolute value (no gradient rule). */
export const abs = unary("Abs");
/** Copy of `x` (gradient passes through). */
export const identity = unary("Identity");

/** `x · x`, written as Mul so it has a gradient and runs on every backend. */
export function square(g: Graph, x: Value): Value {
  return mul(g, x, x);
}

/** Softmax along `axis` (default last). */
export function softmax(g: Graph, x: Value, {axis = -1}: {axis?: number} = {}): Value {
  return g.node("Softmax", [x], [{shape: x.shape, dtype: x.dtype}], {axis: {int: normAxis(axis, x.shape.length)}})[0];
}

/** Log-softmax along `axis` (default last). */
export function logSoftmax(g: Graph, x: Value, {axis = -1}: {axis?: number} = {}): Value {
  return g.node("LogSoftmax", [x], [{shape: x.shape, dtype: x.dtype}], {
    axis: {int: normAxis(axis, x.shape.length)},
  })[0];
}

/** Options of a reduction. */
export interface ReduceOptions {
  /** Axes to reduce; all axes when omitted. */
  axes?: readonly number[];
  /** Keep reduced axes as size 1 (default false). */
  keepdims?: boolean;
}

function reducedShape(x: Value, axes: readonly number[], keepdims: boolean): Dim[] {
  const set = new Set(axes);
  const out: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

function reduceAxes(x: Value, axes: readonly number[] | undefined): number[] {
  return axes
    ? [...new Set(axes.map((a) => normAxis(a, x.shape.length)))].sort((a, b) => a - b)
    : x.shape.map((_, i) => i);
}

/** Sum over `axes` (ONNX ReduceSum, axes as an input since opset 13). */
export function reduceSum(g: Graph, x: Value, {axes, keepdims = false}: ReduceOptions = {}): Value {
  const ax = reduceAxes(x, axes);
  if (ax.length === 0) return identity(g, x);
  return g.node("ReduceSum", [x, g.int64s(ax)], [{shape: reducedShape(x, ax, keepdims), dtype: x.dtype}], {
    keepdims: {int: keepdims ? 1 : 0},
  })[0];
}

/** Mean over `axes` (ONNX ReduceMean, axes as an attribute up to opset 17). */
export function reduceMean(g: Graph, x: Value, {axes, keepdims = false}: ReduceOptions = {}): Value {
  const ax = reduceAxes(x, axes);
  if (ax.length === 0) return identity(g, x);
  return g.node("ReduceMean", [x], [{shape: reducedShape(x, ax, keepdims), dtype: x.dtype}], {
    axes: {ints: ax},
    keepdims: {int: keepdims ? 1 : 0},
  })[0];
}

/** Maximum over `axes` (ONNX ReduceMax, axes as an attribute up to opset 17). */
export function reduceMax(g: Graph, x: Value, {axes, keepdims = false}: ReduceOptions = {}): Value {
  const ax = reduceAxes(x, axes);
  if (ax.length === 0) return identity(g, x);
  return g.node("ReduceMax", [x], [{shape: reducedShape(x, ax, keepdims), dtype: x.dtype}], {
    axes: {ints: ax},
    keepdims: {int: keepdims ? 1 : 0},
  })[0];
}

/** Matrix product with numpy semantics for ranks ≥ 2 (batch dims broadcast). */
export function matmul(g: Graph, a: Value, b: Value): Value {
  if (a.shape.length < 2 || b.shape.length < 2)
    throw new Error(`matmul: ranks ≥ 2 only, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const [m, k1] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (typeof k1 === "number" && typeof k2 === "number" && k1 !== k2)
    throw new Error(`matmul: inner dims differ in ${formatShape(a.shape)} × ${formatShape(b.shape)}`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return g.node("MatMul", [a, b], [{shape: [...batch, m, n], dtype: a.dtype}])[0];
}

/** Options of `gemm`. */
export interface GemmOptions {
  /** Use Aᵀ (default false). */
  transA?: boolean;
  /** Use Bᵀ (default false); `true` with B of shape [out, in] is PyTorch's `nn.Linear` layout. */
  transB?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of C (default 1). */
  beta?: number;
}

/** `alpha · op(A) · op(B) + beta · C` for 2-D A and B; C (optional) broadcasts to the result. */
export function gemm(
  g: Graph,
  a: Value,
  b: Value,
  c?: Value,
  {transA = false, transB = false, alpha = 1, beta = 1}: GemmOptions = {},
): Value {
  if (a.shape.length !== 2 || b.shape.length !== 2)
    throw new Error(`gemm: 2-D operands only, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const m = transA ? a.shape[1] : a.shape[0];
  const k1 = transA ? a.shape[0] : a.shape[1];
  const k2 = transB ? b.shape[1] : b.shape[0];
  const n = transB ? b.shape[0] : b.shape[1];
  if (typeof k1 === "number" && typeof k2 === "number" && k1 !== k2)
    throw new Error(`gemm: inner dims differ (${k1} vs ${k2})`);
  if (c) broadcastShapes([m, n], c.shape);
  const attrs: Record<string, {int: number} | {float: number}> = {};
  if (transA) attrs.transA = {int: 1};
  if (transB) attrs.transB = {int: 1};
  if (alpha !== 1) attrs.alpha = {float: alpha};
  if (beta !== 1) attrs.beta = {float: beta};
  return g.node("Gemm", c ? [a, b, c] : [a, b], [{shape: [m, n], dtype: a.dtype}], attrs)[0];
}

/** Transpose with permutation `perm` (default: reverse the axes). */
export function transpose(g: Graph, x: Value, perm?: readonly number[]): Value {
  const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  return g.node("Transpose", [x], [{shape: p.map((i) => x.shape[i]), dtype: x.dtype}], {perm: {ints: p}})[0];
}

/**
 * Reshape to `shape` (numbers; `-1` infers one dim, `0` copies the input's dim), or to a runtime shape value
 * (an int64 1-D tensor, e.g. from `shapeOf`) with `like` giving the static shape of the result.
 */
export function reshape(g: Graph, x: Value, shape: readonly number[] | Value, like?: Shape): Value {
  if (!Array.isArray(shape)) {
    if (!like) throw new Error("reshape: a runtime shape needs `like`, the static result shape");
    return g.node("Reshape", [x, shape as Value], [{shape: like, dtype: x.dtype}])[0];
  }
  const dims = shape as readonly number[];
  const out: Dim[] = dims.map((d, i) => (d === 0 ? x.shape[i] : d));
  const minus = out.indexOf(-1);
  if (minus >= 0) {
    const known = out.filter((d, i) => i !== minus);
    const total = x.shape.every((d) => typeof d === "number")
      ? (x.shape as number[]).reduce((a, b) => a * b, 1)
      : undefined;
    const rest = known.every((d) => typeof d === "number") ? (known as number[]).reduce((a, b) => a * b, 1) : undefined;
    // A -1 against a symbolic batch dim stays symbolic when the other dims of input and output match.
    out[minus] = total !== undefined && rest !== undefined ? total / rest : inferSymbolic(x.shape, known);
  }
  return g.node("Reshape", [x, g.int64s(dims)], [{shape: out, dtype: x.dtype}])[0];
}

function inferSymbolic(input: Shape, known: Shape): Dim {
  // Symbols present on both sides cancel; what remains of the input's symbols goes into the -1.
  const left = input.filter((d) => typeof d === "string") as string[];
  for (const d of known) if (typeof d === "string" && left.includes(d)) left.splice(left.indexOf(d), 1);
  if (left.length > 1 || known.some((d) => typeof d === "string" && !input.includes(d))) {
    throw new Error(`reshape: cannot infer -1 from ${formatShape(input)} to ${formatShape(known)}`);
  }
  const inStatic = input.filter((d) => typeof d === "number") as number[];
  const outStatic = known.filter((d) => typeof d === "number") as number[];
  const ratio = inStatic.reduce((a, b) => a * b, 1) / outStatic.reduce((a, b) => a * b, 1);
  if (left.length === 0) return ratio;
  // Symbolic dims are labels: a -1 that absorbs static factors gets a derived label such as "n*2".
  if (ratio === 1) return left[0];
  return Number.isInteger(ratio) ? `${left[0]}*${ratio}` : `${left[0]}/${1 / ratio}`;
}
/** Flattens to 2-D: dims before `axis` form the rows, the rest the columns (ONNX Flatten, default axis 1). */
export function flatten(g: Graph, x: Value, {axis = 1}: {axis?: number} = {}): Value {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const prod = (s: Shape): Dim =>
    s.every((d) => typeof d === "number")
      ? (s as number[]).reduce((p, q) => p * q, 1)
      : s.length === 1
        ? s[0]
        : s.join("*");
  return g.node("Flatten", [x], [{shape: [prod(x.shape.slice(0, a)), prod(x.shape.slice(a))], dtype: x.dtype}], {
    axis: {int: a},
  })[0];
}

/** Inserts size-1 axes at `axes` (positions in the output). */
export function unsqueeze(g: Graph, x: Value, axes: readonly number[]): Value {
  const rank = x.shape.length + axes.length;
  const ax = new Set(axes.map((a) => normAxis(a, rank)));
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(ax.has(i) ? 1 : x.shape[j++]);
  return g.node("Unsqueeze", [x, g.int64s([...ax].sort((a, b) => a - b))], [{shape: out, dtype: x.dtype}])[0];
}

/** Removes the size-1 axes `axes`. */
export function squeeze(g: Graph, x: Value, axes: readonly number[]): Value {
  const ax = new Set(axes.map((a) => normAxis(a, x.shape.length)));
  return g.node(
    "Squeeze",
    [x, g.int64s([...ax].sort((a, b) => a - b))],
    [{shape: x.shape.filter((_, i) => !ax.has(i)), dtype: x.dtype}],
  )[0];
}

/** The runtime shape of `x` as a 1-D int64 tensor. */
export function shapeOf(g: Graph, x: Value): Value {
  return g.node("Shape", [x], [{shape: [x.shape.length], dtype: "int64"}])[0];
}

/** The runtime element count of `x` as an int64 scalar. */
export function sizeOf(g: Graph, x: Value): Value {
  return g.node("Size", [x], [{shape: [], dtype: "int64"}])[0];
}

/** Converts `x` to `dtype`. */
export function cast(g: Graph, x: Value, dtype: DType): Value {
  const to = {float32: 1, int32: 6, int64: 7, bool: 9, float64: 11}[dtype];
  return g.node("Cast", [x], [{shape: x.shape, dtype}], {to: {int: to}})[0];
}

/** Broadcasts `x` to the runtime shape `shape` (int64 1-D), whose static form is `like`. */
export function expand(g: Graph, x: Value, shape: Value, like: Shape): Value {
  return g.node("Expand", [x, shape], [{shape: broadcastShapes(x.shape, like), dtype: x.dtype}])[0];
}

/** Elementwise `cond ? a : b` with broadcasting. */
export function where(g: Graph, cond: Value, a: Value, b: Value): Value {
  return g.node(
    "Where",
    [cond, a, b],
    [{shape: broadcastShapes(cond.shape, broadcastShapes(a.shape, b.shape)), dtype: a.dtype}],
  )[0];
}

/** Concatenates `xs` along `axis`. */
export function concat(g: Graph, xs: readonly Value[], {axis}: {axis: number}): Value {
  const rank = xs[0].shape.length;
  const a = normAxis(axis, rank);
  const shape: Dim[] = [...xs[0].shape];
  const sizes = xs.map((x) => x.shape[a]);
  shape[a] = sizes.every((d) => typeof d === "number")
    ? (sizes as number[]).reduce((p, q) => p + q, 0)
    : sizes.join("+");
  return g.node("Concat", xs, [{shape, dtype: xs[0].dtype}], {axis: {int: a}})[0];
}

/** Slices `x[starts:ends]` along `axes` (step 1; ends clamp like Python; negative indices count from the end). */
export function slice(
  g: Graph,
  x: Value,
  {starts, ends, axes}: {starts: readonly number[]; ends: readonly number[]; axes?: readonly number[]},
): Value {
  const ax = (axes ?? starts.map((_, i) => i)).map((a) => normAxis(a, x.shape.length));
  const shape: Dim[] = [...x.shape];
  ax.forEach((a, i) => {
    const d = x.shape[a];
    if (typeof d !== "number") throw new Error(`slice: axis ${a} has symbolic size "${d}"; slice static axes only`);
    const [s, e] = sliceBounds(starts[i], ends[i], d);
    shape[a] = Math.max(0, e - s);
  });
  return g.node(
    "Slice",
    [x, g.int64s(starts), g.int64s(ends.map((e) => Math.min(e, 2 ** 53))), g.int64s(ax)],
    [{shape, dtype: x.dtype}],
  )[0];
}

/** Clamped [start, end) of a Python-style slice on a dim of size `d`. */
export function sliceBounds(start: number, end: number, d: number): [number, number] {
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + d : i, 0), d);
  return [clamp(start), clamp(end)];
}

/** Zero-pads `x` by `pads` = [begin_0, …, begin_n, end_0, …, end_n] (ONNX Pad, constant mode). */
export function pad(g: Graph, x: Value, pads: readonly number[]): Value {
  const r = x.shape.length;
  const shape = x.shape.map((d, i) =>
    typeof d === "number"
      ? d + pads[i] + pads[i + r]
      : pads[i] + pads[i + r] === 0
        ? d
        : `${d}+${pads[i] + pads[i + r]}`,
  );
  return g.node("Pad", [x, g.int64s(pads)], [{shape, dtype: x.dtype}], {mode: {string: "constant"}})[0];
}
