/**
 * Gradient rules of MatMul and Gemm. Two-dimensional products are differentiated with Gemm's transpose flags
 * so no transposed copy of a large operand (e.g. a 216 × 23,589 batch) is ever materialised.
 */
import {reduceToShape, registerGradient} from "../autodiff.js";
import type {Attribute, Value} from "../graph.js";
import {gemm, matmul, mul, transpose} from "../ops.js";

function swapLast2(g: Parameters<typeof matmul>[0], x: Value): Value {
  const r = x.shape.length;
  return transpose(g, x, [...Array(r - 2).keys(), r - 1, r - 2]);
}

// Y = A B: ∂A = dY Bᵀ, ∂B = Aᵀ dY (summed over broadcast batch dims).
registerGradient("MatMul", (g, {inputs: [a, b], dy: [dy], needs}) => {
  if (a!.shape.length === 2 && b!.shape.length === 2) {
    return [
      needs[0] ? gemm(g, dy!, b!, undefined, {transB: true}) : undefined,
      needs[1] ? gemm(g, a!, dy!, undefined, {transA: true}) : undefined,
    ];
  }
  return [
    needs[0] ? reduceToShape(g, matmul(g, dy!, swapLast2(g, b!)), a!.shape) : undefined,
    needs[1] ? reduceToShape(g, matmul(g, swapLast2(g, a!), dy!), b!.shape) : undefined,
  ];
});

const num = (a: Attribute | undefined, fallback: number) =>
  a && "int" in a ? a.int : a && "float" in a ? a.float : fallback;

// Y = α op(A) op(B) + β C, with op = identity or transpose; each case keeps its operands untransposed.
registerGradient("Gemm", (g, {node, inputs: [a, b, c], dy: [dy], needs}) => {
  const tA = num(node.attrs.transA, 0) === 1;
  const tB = num(node.attrs.transB, 0) === 1;
  const alpha = num(node.attrs.alpha, 1);
  const beta = num(node.attrs.beta, 1);
  const d = dy!;
  let dA: Value | undefined;
  let dB: Value | undefined;
  if (needs[0]) {
    dA = !tA
      ? gemm(g, d, b!, undefined, {transB: !tB, alpha}) // dY op(B)ᵀ
      : gemm(g, b!, d, undefined, {transA: tB, transB: true, alpha}); // (dY op(B)ᵀ)ᵀ = op(B) dYᵀ
  }
  if (needs[1]) {
    dB = !tB
      ? gemm(g, a!, d, undefined, {transA: !tA, alpha}) // op(A)ᵀ dY
      : gemm(g, d, a!, undefined, {transA: true, transB: tA, alpha}); // (op(A)ᵀ dY)ᵀ = dYᵀ op(A)
  }
  let dC: Value | undefined;
  if (c && needs[2]) {
    dC = reduceToShape(g, d, c.shape);
    if (beta !== 1) dC = mul(g, dC, g.scalar(beta, d.dtype));
  }
  return [dA, dB, dC];
});
