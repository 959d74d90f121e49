import {describe, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {gradCheck} from "../gradcheck.js";

describe("reduction and layout gradient rules (finite differences, float64)", () => {
  it("ReduceSum over all axes", () => gradCheck((g, [a]) => m.reduceSum(g, a), [{shape: [3, 4]}]));
  it("ReduceSum over one axis, keepdims", () =>
    gradCheck((g, [a]) => m.reduceSum(g, a, {axes: [1], keepdims: true}), [{shape: [2, 3, 4]}]));
  it("ReduceSum over two axes, no keepdims", () =>
    gradCheck((g, [a]) => m.reduceSum(g, a, {axes: [0, 2]}), [{shape: [2, 3, 4]}]));
  it("ReduceMean over all axes", () => gradCheck((g, [a]) => m.reduceMean(g, a), [{shape: [3, 4]}]));
  it("ReduceMean over a negative axis, keepdims", () =>
    gradCheck((g, [a]) => m.reduceMean(g, a, {axes: [-1], keepdims: true}), [{shape: [2, 3, 4]}]));
  it("Reshape", () => gradCheck((g, [a]) => m.reshape(g, a, [4, -1]), [{shape: [2, 3, 2]}]));
  it("Flatten", () => gradCheck((g, [a]) => m.flatten(g, a), [{shape: [2, 3, 2]}]));
  it("Unsqueeze and Squeeze", () =>
    gradCheck((g, [a]) => m.squeeze(g, m.unsqueeze(g, a, [0, 2]), [0]), [{shape: [3, 2]}]));
  it("Transpose with a permutation", () => gradCheck((g, [a]) => m.transpose(g, a, [2, 0, 1]), [{shape: [2, 3, 4]}]));
  it("Concat along axis 1", () =>
    gradCheck((g, [a, b]) => m.concat(g, [a, b], {axis: 1}), [{shape: [2, 3]}, {shape: [2, 2]}]));
  it("Concat of a value with itself", () => gradCheck((g, [a]) => m.concat(g, [a, a], {axis: 0}), [{shape: [2, 3]}]));
  it("Slice along two axes with a negative start", () =>
    gradCheck((g, [a]) => m.slice(g, a, {starts: [1, -3], ends: [3, 100], axes: [0, 1]}), [{shape: [4, 5]}]));
});

describe("ReduceMax gradient rule (finite differences, float64)", () => {
  it("ReduceMax over the last axis with keepdims routes the gradient to each row's maximum", () =>
    gradCheck((g, [a]) => m.reduceMax(g, a, {axes: [-1], keepdims: true}), [{shape: [3, 4]}]));
  it("ReduceMax over all axes", () => gradCheck((g, [a]) => m.reduceMax(g, a), [{shape: [2, 3]}]));
});
