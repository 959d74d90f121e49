import {describe, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {gradCheck} from "../gradcheck.js";

describe("MatMul and Gemm gradient rules (finite differences, float64)", () => {
  it("MatMul of two matrices", () => gradCheck((g, [a, b]) => m.matmul(g, a, b), [{shape: [3, 4]}, {shape: [4, 2]}]));
  it("MatMul with broadcast batch dims", () =>
    gradCheck((g, [a, b]) => m.matmul(g, a, b), [{shape: [2, 3, 4]}, {shape: [4, 5]}]));
  it("MatMul batched on both sides", () =>
    gradCheck((g, [a, b]) => m.matmul(g, a, b), [{shape: [2, 3, 4]}, {shape: [2, 4, 2]}]));
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`Gemm transA=${transA} transB=${transB} with alpha, beta and a bias row`, () =>
        gradCheck(
          (g, [a, b, c]) => m.gemm(g, a, b, c, {transA, transB, alpha: 0.7, beta: 1.3}),
          [{shape: transA ? [4, 3] : [3, 4]}, {shape: transB ? [2, 4] : [4, 2]}, {shape: [2]}],
        ));
    }
  }
  it("Gemm with a full [M, N] C", () =>
    gradCheck((g, [a, b, c]) => m.gemm(g, a, b, c), [{shape: [3, 4]}, {shape: [4, 2]}, {shape: [3, 2]}]));
  it("Gemm with a scalar C", () =>
    gradCheck((g, [a, b, c]) => m.gemm(g, a, b, c), [{shape: [3, 4]}, {shape: [4, 2]}, {shape: []}]));
  it("Gemm without C", () =>
    gradCheck((g, [a, b]) => m.gemm(g, a, b, undefined, {transB: true}), [{shape: [3, 4]}, {shape: [2, 4]}]));
});
