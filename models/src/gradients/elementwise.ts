/**
 * Gradient rules of elementwise ops (binary ones reduce back over broadcast axes) and of Softmax/LogSoftmax.
 */
import {reduceToShape, registerGradient} from "../autodiff.js";
import {cos, div, exp, greater, mul, neg, reduceSum, sigmoid, sin, square, sub, where} from "../ops.js";

registerGradient("Add", (g, {inputs: [a, b], dy: [dy], needs}) => [
  needs[0] ? reduceToShape(g, dy!, a!.shape) : undefined,
  needs[1] ? reduceToShape(g, dy!, b!.shape) : undefined,
]);

registerGradient("Sub", (g, {inputs: [a, b], dy: [dy], needs}) => [
  needs[0] ? reduceToShape(g, dy!, a!.shape) : undefined,
  needs[1] ? reduceToShape(g, neg(g, dy!), b!.shape) : undefined,
]);

registerGradient("Mul", (g, {inputs: [a, b], dy: [dy], needs}) => [
  needs[0] ? reduceToShape(g, mul(g, dy!, b!), a!.shape) : undefined,
  needs[1] ? reduceToShape(g, mul(g, dy!, a!), b!.shape) : undefined,
]);

// y = a / b: ∂a = dy / b, ∂b = −dy · y / b.
registerGradient("Div", (g, {inputs: [a, b], outputs: [y], dy: [dy], needs}) => [
  needs[0] ? reduceToShape(g, div(g, dy!, b!), a!.shape) : undefined,
  needs[1] ? reduceToShape(g, neg(g, div(g, mul(g, dy!, y), b!)), b!.shape) : undefined,
]);

registerGradient("Neg", (g, {dy: [dy]}) => [neg(g, dy!)]);
registerGradient("Identity", (g, {dy: [dy]}) => [dy!]);

// Relu passes the gradient where x > 0 (the subgradient at 0 is 0, as in PyTorch).
registerGradient("Relu", (g, {inputs: [x], dy: [dy]}) => [
  where(g, greater(g, x!, g.scalar(0, x!.dtype)), dy!, g.scalar(0, x!.dtype)),
]);

// σ' = y (1 − y); tanh' = 1 − y²; exp' = y; log' = 1/x; sin' = cos; cos' = −sin; √' = 1/(2y); softplus' = σ.
registerGradient("Sigmoid", (g, {outputs: [y], dy: [dy]}) => [mul(g, dy!, mul(g, y, sub(g, g.scalar(1, y.dtype), y)))]);
registerGradient("Tanh", (g, {outputs: [y], dy: [dy]}) => [mul(g, dy!, sub(g, g.scalar(1, y.dtype), square(g, y)))]);
registerGradient("Exp", (g, {outputs: [y], dy: [dy]}) => [mul(g, dy!, y)]);
registerGradient("Log", (g, {inputs: [x], dy: [dy]}) => [div(g, dy!, x!)]);
registerGradient("Sin", (g, {inputs: [x], dy: [dy]}) => [mul(g, dy!, cos(g, x!))]);
registerGradient("Cos", (g, {inputs: [x], dy: [dy]}) => [neg(g, mul(g, dy!, sin(g, x!)))]);
registerGradient("Sqrt", (g, {outputs: [y], dy: [dy]}) => [div(g, dy!, mul(g, g.scalar(2, y.dtype), y))]);
registerGradient("Softplus", (g, {inputs: [x], dy: [dy]}) => [mul(g, dy!, sigmoid(g, x!))]);

function axisOf(attrs: Readonly<Record<string, unknown>>, rank: number): number {
  const a = (attrs.axis as {int: number} | undefined)?.int ?? -1;
  return a < 0 ? a + rank : a;
}

// Softmax along one axis: ∂x = y ⊙ (dy − Σ(dy ⊙ y)).
registerGradient("Softmax", (g, {node, outputs: [y], dy: [dy]}) => {
  const axis = axisOf(node.attrs, y.shape.length);
  const s = reduceSum(g, mul(g, dy!, y), {axes: [axis], keepdims: true});
  return [mul(g, y, sub(g, dy!, s))];
});

// LogSoftmax: ∂x = dy − softmax(x) ⊙ Σ dy, with softmax(x) = exp(y).
registerGradient("LogSoftmax", (g, {node, outputs: [y], dy: [dy]}) => {
  const axis = axisOf(node.attrs, y.shape.length);
  const s = reduceSum(g, dy!, {axes: [axis], keepdims: true});
  return [sub(g, dy!, mul(g, exp(g, y), s))];
});
