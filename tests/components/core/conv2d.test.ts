import {describe, expect, it} from "vitest";
import {conv2d, outputSize, window} from "../../../src/components/core/conv2d.js";

describe("conv2d", () => {
  it("conv2d(image, h, w, kernel) matches a hand-computed 3×3 ⋆ 2×2 cross-correlation", () => {
    const image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const r = conv2d(image, 3, 3, [1, 0, 0, -1]);
    expect(r.height).toBe(2);
    expect(Array.from(r.data)).toEqual([1 - 5, 2 - 6, 4 - 8, 5 - 9]);
  });

  it("conv2d does not flip the kernel (cross-correlation, like ONNX Conv)", () => {
    // A delta image reproduces the flipped kernel under cross-correlation.
    const delta = [0, 0, 0, 0, 1, 0, 0, 0, 0];
    const r = conv2d(delta, 3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9], {padding: 1});
    expect(Array.from(r.data)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("conv2d with stride 2 keeps every other output", () => {
    const image = Array.from({length: 25}, (_, i) => i);
    const full = conv2d(image, 5, 5, [1]);
    const strided = conv2d(image, 5, 5, [1], {stride: 2});
    expect(Array.from(strided.data)).toEqual([0, 2, 4, 10, 12, 14, 20, 22, 24].map((i) => full.data[i]));
  });

  it("conv2d rejects a kernel larger than the image", () => {
    expect(() => conv2d([1, 2, 3, 4], 2, 2, new Array(9).fill(1))).toThrow(/does not fit/);
  });
});

describe("outputSize and window", () => {
  it("outputSize(n, k, {padding, stride}) is floor((n + 2p − k) / s) + 1", () => {
    expect(outputSize(48, 7)).toBe(42);
    expect(outputSize(48, 7, {padding: 3})).toBe(48);
    expect(outputSize(48, 2, {stride: 2})).toBe(24);
  });

  it("window pads with zeros outside the image", () => {
    expect(Array.from(window([1, 2, 3, 4], 2, 2, 2, 0, 0, {padding: 1}))).toEqual([0, 0, 0, 1]);
  });
});
