import {describe, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {gradCheck} from "../gradcheck.js";

// ONNX Runtime's CPU Conv, ConvTranspose and AveragePool are float32 only, so these checks run in float32 with
// larger steps; convolution is linear in each operand, so central differences are exact up to round-off.
const f32 = {dtype: "float32" as const};

describe("Conv and pooling gradient rules (finite differences, float32)", () => {
  it("Conv 3×3, stride 1, no padding: input, weights and bias", () =>
    gradCheck((g, [x, w, b]) => m.conv(g, x, w, b), [{shape: [2, 2, 5, 5]}, {shape: [3, 2, 3, 3]}, {shape: [3]}], f32));
  it("Conv with stride 2 and padding 1 on an odd size (output padding)", () =>
    gradCheck(
      (g, [x, w, b]) => m.conv(g, x, w, b, {strides: [2, 2], pads: [1, 1, 1, 1]}),
      [{shape: [2, 2, 6, 7]}, {shape: [2, 2, 3, 3]}, {shape: [2]}],
      f32,
    ));
  it("Conv with dilation 2 and asymmetric padding", () =>
    gradCheck(
      (g, [x, w]) => m.conv(g, x, w, undefined, {dilations: [2, 2], pads: [0, 1, 2, 0]}),
      [{shape: [1, 2, 7, 6]}, {shape: [2, 2, 2, 3]}],
      f32,
    ));
  it("Conv with a stride that leaves a remainder (weights slice)", () =>
    gradCheck(
      (g, [x, w]) => m.conv(g, x, w, undefined, {strides: [3, 2]}),
      [{shape: [2, 1, 8, 7]}, {shape: [2, 1, 2, 2]}],
      f32,
    ));
  it("Conv with groups: input gradient", () =>
    gradCheck(
      (g, [x, w]) => m.conv(g, x, w, undefined, {group: 2}),
      [{shape: [1, 4, 5, 5]}, {shape: [4, 2, 3, 3], check: false}],
      f32,
    ));
  it("AveragePool 2×2", () =>
    gradCheck((g, [x]) => m.averagePool(g, x, {kernel: [2, 2]}), [{shape: [2, 3, 4, 5]}], f32));
  it("AveragePool 3×3 stride 1 with padding", () =>
    gradCheck(
      (g, [x]) => m.averagePool(g, x, {kernel: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1]}),
      [{shape: [1, 2, 4, 4]}],
      f32,
    ));
  it("MaxPool 2×2 on an odd size (float64)", () =>
    gradCheck((g, [x]) => m.maxPool(g, x, {kernel: [2, 2]}), [{shape: [2, 2, 5, 4]}]));
  it("Conv → Relu → MaxPool → Flatten → Gemm, the CNN building blocks chained", () =>
    gradCheck(
      (g, [x, w, b, fc]) =>
        m.gemm(
          g,
          m.flatten(g, m.maxPool(g, m.relu(g, m.conv(g, x, w, b, {pads: [1, 1, 1, 1]})), {kernel: [2, 2]})),
          fc,
          undefined,
          {transB: true},
        ),
      [{shape: [2, 1, 6, 6]}, {shape: [2, 1, 3, 3]}, {shape: [2]}, {shape: [3, 18]}],
      f32,
    ));
});
