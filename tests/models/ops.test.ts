import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";

describe("shape inference", () => {
  const g = new m.Graph();
  const x = g.input("x", ["batch", 3, 4]);
  it("reshape(x, [0, -1]) keeps the symbolic batch and infers the static rest", () => {
    expect(m.reshape(g, x, [0, -1]).shape).toEqual(["batch", 12]);
  });
  it("reshape(x, [-1]) labels a symbolic product", () => {
    expect(m.reshape(g, x, [-1]).shape).toEqual(["batch*12"]);
  });
  it("gemm infers [M, N] from transposed operands", () => {
    const [a, b] = [g.input("a", [5, "batch"]), g.input("b", [7, 5])];
    expect(m.gemm(g, a, b, undefined, {transA: true, transB: true}).shape).toEqual(["batch", 7]);
  });
  it("conv infers the output size from strides, pads and dilations", () => {
    const [img, w] = [g.input("img", ["batch", 2, 48, 64]), g.input("w", [6, 2, 5, 5])];
    expect(m.conv(g, img, w, undefined, {strides: [2, 2], pads: [2, 2, 2, 2]}).shape).toEqual(["batch", 6, 24, 32]);
    expect(m.conv(g, img, w, undefined, {dilations: [2, 3]}).shape).toEqual(["batch", 6, 40, 52]);
  });
  it("maxPool defaults its stride to the kernel", () => {
    expect(m.maxPool(g, g.input("fm", ["batch", 6, 24, 32]), {kernel: [2, 2]}).shape).toEqual(["batch", 6, 12, 16]);
  });
  it("slice clamps Python-style bounds", () => {
    expect(m.slice(g, g.input("s", [4, 5]), {starts: [-2], ends: [100], axes: [1]}).shape).toEqual([4, 2]);
  });
});
