/**
 * Gradient rules of reductions (ReduceSum, ReduceMax, ReduceMean) and of ops that only move data (Reshape, Flatten,
 * Squeeze, Unsqueeze, Transpose, Concat, Slice).
 */
import {registerGradient} from "../autodiff.js";
import {isStatic, type Graph, type Node, type Value} from "../graph.js";
import {
  cast,
  div,
  equal,
  expand,
  mul,
  normAxis,
  pad,
  reshape,
  shapeOf,
  slice,
  sliceBounds,
  transpose,
  unsqueeze,
  where,
} from "../ops.js";

/** Reads a constant int64 input (axes, starts, …) of a node; gradient rules need them at build time. */
function constInts(g: Graph, name: string, what: string): number[] {
  const t = g.initializers.get(name);
  if (!t) throw new Error(`gradient: ${what} "${name}" must be a constant (initializer)`);
  return Array.from(t.data as BigInt64Array, Number);
}

function attrInt(node: Node, key: string, fallback: number): number {
  const a = node.attrs[key];
  return a && "int" in a ? a.int : fallback;
}

/** Broadcasts the gradient of a reduction back over the reduced axes of `x`. */
function unreduce(g: Graph, dy: Value, x: Value, axes: number[], keepdims: boolean): Value {
  const kept = keepdims ? dy : unsqueeze(g, dy, axes);
  return expand(g, kept, shapeOf(g, x), x.shape);
}

function reduceAxesOf(g: Graph, node: Node, x: Value): number[] {
  const rank = x.shape.length;
  let axes: number[] | undefined;
  if (node.opType === "ReduceSum") axes = node.inputs[1] ? constInts(g, node.inputs[1], "ReduceSum axes") : undefined;
  else {
    const a = node.attrs.axes;
    axes = a && "ints" in a ? [...a.ints] : undefined;
  }
  return axes && axes.length ? axes.map((a) => normAxis(a, rank)).sort((p, q) => p - q) : [...Array(rank).keys()];
}

registerGradient("ReduceSum", (g, {node, inputs: [x], dy: [dy]}) => [
  unreduce(g, dy!, x!, reduceAxesOf(g, node, x!), attrInt(node, "keepdims", 1) === 1),
  undefined,
]);

// ReduceMax: the gradient goes to the elements equal to their maximum (exact ties each get all of it).
registerGradient("ReduceMax", (g, {node, inputs: [x], outputs: [y], dy: [dy]}) => {
  const axes = reduceAxesOf(g, node, x!);
  const keepdims = attrInt(node, "keepdims", 1) === 1;
  const isMax = equal(g, x!, unreduce(g, y, x!, axes, keepdims));
  return [where(g, isMax, unreduce(g, dy!, x!, axes, keepdims), g.scalar(0, x!.dtype))];
});

// ReduceMean: the sum's gradient divided by the number of reduced elements. When a reduced dim is symbolic the
// count comes from Shape (which reads only metadata: on WebGPU the tensor itself never leaves the GPU), the
// reduced dims picked with Gather and multiplied with ReduceProd on the small int64 shape vector.
registerGradient("ReduceMean", (g, {node, inputs: [x], dy: [dy]}) => {
  const axes = reduceAxesOf(g, node, x!);
  const grad = unreduce(g, dy!, x!, axes, attrInt(node, "keepdims", 1) === 1);
  const reduced = axes.map((a) => x!.shape[a]);
  if (isStatic(reduced))
    return [mul(g, grad, g.scalar(1 / (reduced as number[]).reduce((p, q) => p * q, 1), x!.dtype))];
  const dims = g.node("Gather", [shapeOf(g, x!), g.int64s(axes)], [{shape: [axes.length], dtype: "int64"}], {
    axis: {int: 0},
  })[0];
  const n = g.node("ReduceProd", [dims], [{shape: [], dtype: "int64"}], {keepdims: {int: 0}})[0];
  return [div(g, grad, cast(g, n, x!.dtype))];
});

// Ops that only reinterpret the layout: reshape the gradient back to the input's runtime shape.
for (const op of ["Reshape", "Flatten", "Squeeze", "Unsqueeze"]) {
  registerGradient(op, (g, {inputs: [x], dy: [dy]}) => [reshape(g, dy!, shapeOf(g, x!), x!.shape), undefined]);
}

registerGradient("Transpose", (g, {node, inputs: [x], dy: [dy]}) => {
  const a = node.attrs.perm;
  const perm = a && "ints" in a ? [...a.ints] : x!.shape.map((_, i) => x!.shape.length - 1 - i);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return [transpose(g, dy!, inverse)];
});

// Concat: each input's gradient is its slice of dy along the axis (sizes must be static there).
registerGradient("Concat", (g, {node, inputs, dy: [dy], needs}) => {
  const axis = attrInt(node, "axis", 0);
  let offset = 0;
  return inputs.map((x, i) => {
    const size = x!.shape[axis];
    if (typeof size !== "number")
      throw new Error(`Concat gradient: input "${x!.name}" has symbolic size on axis ${axis}`);
    const start = offset;
    offset += size;
    return needs[i] ? slice(g, dy!, {starts: [start], ends: [start + size], axes: [axis]}) : undefined;
  });
});

// Slice (step 1): the gradient is dy zero-padded back to the input's extent.
registerGradient("Slice", (g, {node, inputs: [x], dy: [dy]}) => {
  const starts = constInts(g, node.inputs[1], "Slice starts");
  const ends = constInts(g, node.inputs[2], "Slice ends");
  const axes = node.inputs[3] ? constInts(g, node.inputs[3], "Slice axes") : starts.map((_, i) => i);
  if (node.inputs[4] && constInts(g, node.inputs[4], "Slice steps").some((s) => s !== 1))
    throw new Error("Slice gradient: steps other than 1");
  const r = x!.shape.length;
  const pads = new Array(2 * r).fill(0);
  axes.forEach((axis, i) => {
    const a = normAxis(axis, r);
    const d = x!.shape[a] as number;
    const [s, e] = sliceBounds(starts[i], ends[i], d);
    pads[a] = s;
    pads[a + r] = d - Math.max(s, e);
  });
  return [pad(g, dy!, pads), undefined, undefined, undefined, undefined];
});
