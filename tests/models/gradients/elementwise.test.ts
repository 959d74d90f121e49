import {describe, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {gradCheck} from "../gradcheck.js";

describe("elementwise gradient rules (finite differences, float64)", () => {
  it("Add with equal shapes", () => gradCheck((g, [a, b]) => m.add(g, a, b), [{shape: [3, 4]}, {shape: [3, 4]}]));
  it("Add broadcasting a row vector over a matrix", () =>
    gradCheck((g, [a, b]) => m.add(g, a, b), [{shape: [3, 4]}, {shape: [4]}]));
  it("Add broadcasting [3,1] against [1,4]", () =>
    gradCheck((g, [a, b]) => m.add(g, a, b), [{shape: [3, 1]}, {shape: [1, 4]}]));
  it("Sub broadcasting a scalar", () => gradCheck((g, [a, b]) => m.sub(g, a, b), [{shape: [2, 3]}, {shape: []}]));
  it("Mul broadcasting over leading axes", () =>
    gradCheck((g, [a, b]) => m.mul(g, a, b), [{shape: [2, 3, 4]}, {shape: [3, 1]}]));
  it("Div broadcasting the denominator", () =>
    gradCheck((g, [a, b]) => m.div(g, a, b), [{shape: [3, 4]}, {shape: [1, 4], range: [0.5, 2]}]));
  it("Neg", () => gradCheck((g, [a]) => m.neg(g, a), [{shape: [5]}]));
  it("Relu away from the kink", () =>
    gradCheck((g, [a]) => m.relu(g, a), [{shape: [8], values: [-1, -0.5, -0.2, 0.3, 0.7, 1.1, -2, 2]}]));
  it("Sigmoid", () => gradCheck((g, [a]) => m.sigmoid(g, a), [{shape: [6], range: [-3, 3]}]));
  it("Tanh", () => gradCheck((g, [a]) => m.tanh(g, a), [{shape: [6], range: [-2, 2]}]));
  it("Exp", () => gradCheck((g, [a]) => m.exp(g, a), [{shape: [6]}]));
  it("Log", () => gradCheck((g, [a]) => m.log(g, a), [{shape: [6], range: [0.3, 3]}]));
  it("Sin", () => gradCheck((g, [a]) => m.sin(g, a), [{shape: [6], range: [-3, 3]}]));
  it("Cos", () => gradCheck((g, [a]) => m.cos(g, a), [{shape: [6], range: [-3, 3]}]));
  it("Sqrt", () => gradCheck((g, [a]) => m.sqrt(g, a), [{shape: [6], range: [0.3, 3]}]));
  it("Softplus (float32)", () =>
    gradCheck((g, [a]) => m.softplus(g, a), [{shape: [6], range: [-3, 3]}], {dtype: "float32"}));
  it("Softmax along the last axis", () => gradCheck((g, [a]) => m.softmax(g, a), [{shape: [3, 5], range: [-2, 2]}]));
  it("LogSoftmax along the last axis", () =>
    gradCheck((g, [a]) => m.logSoftmax(g, a), [{shape: [3, 5], range: [-2, 2]}]));
  it("a value used twice accumulates both gradients (x·x + x)", () =>
    gradCheck((g, [a]) => m.add(g, m.mul(g, a, a), a), [{shape: [4]}]));
});
