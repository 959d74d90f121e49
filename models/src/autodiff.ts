/**
 * Reverse-mode differentiation of a graph: `gradients(g, loss, wrt)` appends the backward nodes to `g` and
 * returns ∂loss/∂w for each `w`. Each ONNX op's rule is registered once (see gradients/*.ts); architectures
 * never write gradients.
 */
import {formatShape, isStatic, type Graph, type Node, type Value} from "./graph.js";
import {add, reduceSum} from "./ops.js";

/** What a gradient rule sees of the node it differentiates. */
export interface GradContext {
  /** The node being differentiated. */
  readonly node: Node;
  /** Its input values (`undefined` for omitted optional inputs). */
  readonly inputs: readonly (Value | undefined)[];
  /** Its output values. */
  readonly outputs: readonly Value[];
  /** ∂loss/∂output for each output (`undefined` when an output does not reach the loss). */
  readonly dy: readonly (Value | undefined)[];
  /** Which inputs need a gradient (only those on a path from a `wrt` value). */
  readonly needs: readonly boolean[];
}

/** A gradient rule: returns ∂loss/∂input for each input (`undefined` where not needed or not differentiable). */
export type GradRule = (g: Graph, ctx: GradContext) => (Value | undefined)[];

const rules = new Map<string, GradRule>();

/** Registers the gradient rule of ONNX op `opType` (one rule per op). */
export function registerGradient(opType: string, rule: GradRule): void {
  rules.set(opType, rule);
}

/** The ONNX ops that have a gradient rule. */
export function differentiableOps(): string[] {
  return [...rules.keys()].sort();
}

/**
 * Sums `dy` (shaped like a broadcast result) back to `shape`, the shape of the operand that was broadcast:
 * leading extra axes are summed away and axes where the operand had size 1 are summed with keepdims.
 */
export function reduceToShape(g: Graph, dy: Value, shape: readonly (number | string)[]): Value {
  let v = dy;
  const extra = v.shape.length - shape.length;
  if (extra > 0) v = reduceSum(g, v, {axes: [...Array(extra).keys()]});
  const axes = shape.flatMap((d, i) => (d === 1 && v.shape[i] !== 1 ? [i] : []));
  if (axes.length) v = reduceSum(g, v, {axes, keepdims: true});
  return v;
}

/**
 * Appends to `g` the nodes computing ∂loss/∂w for every `w` in `wrt` and returns them in order.
 * `loss` must be a scalar (shape `[]` or all ones). A `w` that does not reach the loss gets a zero gradient.
 */
export function gradients(g: Graph, loss: Value, wrt: readonly Value[]): Value[] {
  if (!loss.shape.every((d) => d === 1))
    throw new Error(`gradients: loss must be a scalar, got shape ${formatShape(loss.shape)}`);
  const nodes = g.nodes.slice(); // the forward nodes only; backward nodes are appended as we go
  const dependsOnWrt = new Set(wrt.map((w) => w.name));
  for (const n of nodes) if (n.inputs.some((i) => dependsOnWrt.has(i))) for (const o of n.outputs) dependsOnWrt.add(o);
  const reachesLoss = new Set([loss.name]);
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k];
    if (n.outputs.some((o) => reachesLoss.has(o))) for (const i of n.inputs) if (i) reachesLoss.add(i);
  }
  const relevant = (name: string) => dependsOnWrt.has(name) && reachesLoss.has(name);

  const grads = new Map<string, Value>();
  grads.set(loss.name, g.initializer([1], loss.shape as number[], {dtype: loss.dtype}));
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (!node.outputs.some((o) => grads.has(o) && relevant(o))) continue;
    const needs = node.inputs.map((i) => i !== "" && relevant(i));
    if (!needs.some(Boolean)) continue;
    const rule = rules.get(node.opType);
    if (!rule)
      throw new Error(
        `gradients: no gradient rule for ${node.opType} (node ${node.name}); rules exist for ${differentiableOps().join(", ")}`,
      );
    const inputs = node.inputs.map((i) => (i ? g.get(i) : undefined));
    const outputs = node.outputs.map((o) => g.get(o));
    const dx = rule(g, {node, inputs, outputs, dy: node.outputs.map((o) => grads.get(o)), needs});
    node.inputs.forEach((name, i) => {
      const d = dx[i];
      if (!needs[i] || !d) return;
      const x = inputs[i]!;
      checkShape(node, x, d);
      const prev = grads.get(name);
      grads.set(name, prev ? add(g, prev, d) : d);
    });
  }
  return wrt.map((w) => grads.get(w.name) ?? zerosLike(g, w));
}

function checkShape(node: Node, x: Value, d: Value): void {
  const bad =
    x.shape.length !== d.shape.length ||
    x.shape.some((s, i) => typeof s === "number" && typeof d.shape[i] === "number" && s !== d.shape[i]);
  if (bad)
    throw new Error(
      `gradients: rule for ${node.opType} gave ${formatShape(d.shape)} for input "${x.name}" of shape ${formatShape(x.shape)}`,
    );
}

function zerosLike(g: Graph, w: Value): Value {
  if (!isStatic(w.shape)) throw new Error(`gradients: "${w.name}" does not reach the loss and has a symbolic shape`);
  return g.initializer(new Float64Array(w.shape.reduce((a, b) => a * b, 1)), w.shape, {dtype: w.dtype});
}
