import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";
import {gradCheck} from "./gradcheck.js";
import {run, session} from "./ort.js";

describe("gradients", () => {
  it("gradients(g, loss, wrt) throws for a non-scalar loss", () => {
    const g = new m.Graph();
    const x = g.input("x", [3]);
    expect(() => m.gradients(g, m.relu(g, x), [x])).toThrow(/loss must be a scalar/);
  });
  it("gradients names the op that has no rule", () => {
    const g = new m.Graph();
    const x = g.input("x", [3]);
    expect(() => m.gradients(g, m.reduceSum(g, m.abs(g, x)), [x])).toThrow(/no gradient rule for Abs/);
  });
  it("a value that does not reach the loss gets a zero gradient", async () => {
    const g = new m.Graph({dtype: "float64"});
    const [x, unused] = [g.input("x", [2]), g.input("u", [2, 2])];
    const [, du] = m.gradients(g, m.reduceSum(g, m.square(g, x)), [x, unused]);
    g.output(du, "du");
    const out = await run(await session(g), {
      x: {data: Float64Array.of(1, 2), dims: [2]},
      u: {data: new Float64Array(4), dims: [2, 2]},
    });
    expect(Array.from(out.du)).toEqual([0, 0, 0, 0]);
  });
  it("gradients with a symbolic batch dim reduce a broadcast bias over the batch", async () => {
    const g = new m.Graph({dtype: "float64"});
    const [x, b] = [g.input("x", ["batch", 2]), g.input("b", [2])];
    const [db] = m.gradients(g, m.reduceMean(g, m.square(g, m.add(g, x, b))), [b]);
    g.output(db, "db");
    const out = await run(await session(g), {
      x: {data: Float64Array.of(1, 2, 3, 4, 5, 6), dims: [3, 2]},
      b: {data: Float64Array.of(0.5, -1), dims: [2]},
    });
    // ∂/∂b_j mean((x + b)²) = 2 Σ_n (x_nj + b_j) / 6.
    expect(out.db[0]).toBeCloseTo((2 * (1.5 + 3.5 + 5.5)) / 6, 12);
    expect(out.db[1]).toBeCloseTo((2 * (1 + 3 + 5)) / 6, 12);
  });
  it("Identity passes the gradient through", () => gradCheck((g, [a]) => m.identity(g, m.tanh(g, a)), [{shape: [3]}]));
  it("differentiableOps() lists every op the issue requires", () => {
    const required = [
      "MatMul",
      "Gemm",
      "Add",
      "Sub",
      "Mul",
      "Div",
      "Neg",
      "Relu",
      "Sigmoid",
      "Tanh",
      "Exp",
      "Log",
      "Softmax",
      "LogSoftmax",
    ];
    const more = [
      "ReduceMean",
      "ReduceSum",
      "Reshape",
      "Flatten",
      "Transpose",
      "Conv",
      "MaxPool",
      "AveragePool",
      "Concat",
      "Slice",
      "Sin",
      "Cos",
    ];
    expect(m.differentiableOps()).toEqual(expect.arrayContaining([...required, ...more]));
  });
});

describe("reduceToShape", () => {
  it("reduceToShape sums leading axes away and keeps size-1 axes", () => {
    const g = new m.Graph();
    const dy = g.input("dy", ["batch", 3, 4]);
    expect(m.reduceToShape(g, dy, [3, 1]).shape).toEqual([3, 1]);
    expect(m.reduceToShape(g, dy, ["batch", 3, 4])).toBe(dy);
  });
});
