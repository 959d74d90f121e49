import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";
import {gradCheck} from "./gradcheck.js";
import {run, session} from "./ort.js";

/** Evaluates loss `name` of a prediction against a target in onnxruntime-node. */
async function lossValue(
  name: m.LossName,
  pred: number[],
  predShape: number[],
  target: number[],
  targetShape: number[],
  dtype: "float32" | "float64" = "float64",
) {
  const g = new m.Graph({dtype});
  const T = dtype === "float64" ? Float64Array : Float32Array;
  const p = g.input("p", predShape);
  const t = g.input("t", targetShape);
  g.output(m.loss(g, name, p, t), "loss");
  const out = await run(await session(g), {
    p: {data: T.from(pred), dims: predShape},
    t: {data: T.from(target), dims: targetShape},
  });
  return out.loss[0];
}

describe("losses", () => {
  it("mse(ŷ, t) is the mean of squared differences", async () => {
    expect(await lossValue("mse", [1, 2, 4], [3, 1], [0, 2, 1], [3, 1])).toBeCloseTo((1 + 0 + 9) / 3, 12);
  });
  it("nll(z, onehot) is the mean of −log softmax at the true class", async () => {
    const z = [1, 2, 3, 0, 0, 0];
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    const expected = (-(3 - lse) + Math.log(3)) / 2; // row 0: class 2; row 1: uniform over 3 classes, class 0
    expect(await lossValue("nll", z, [2, 3], [0, 0, 1, 1, 0, 0], [2, 3])).toBeCloseTo(expected, 12);
  });
  it("bce(z, t) equals −t log σ(z) − (1−t) log(1−σ(z)) (float32: ORT has Softplus in float only)", async () => {
    const z = [0.3, -1.2];
    const t = [1, 0];
    const s = z.map((v) => 1 / (1 + Math.exp(-v)));
    const expected = (-Math.log(s[0]) - Math.log(1 - s[1])) / 2;
    expect(await lossValue("bce", z, [2, 1], t, [2, 1], "float32")).toBeCloseTo(expected, 6);
  });
  it("circular loss of an angle treats 359° and 1° as 2° apart", async () => {
    expect(await lossValue("circular", [359], [1, 1], [1], [1, 1])).toBeCloseTo(1 - Math.cos((2 * Math.PI) / 180), 12);
  });
  it("circular loss of a (x, y) vector is 1 − cos of the angle between it and the target", async () => {
    // (0, 2) points at 90°; target 30° → 1 − cos 60° = 0.5. (1, 0) points at 0°; target 0° → 0.
    expect(await lossValue("circular", [0, 2, 1, 0], [2, 2], [30, 0], [2, 1])).toBeCloseTo(0.25, 12);
  });
  it("mse gradient matches finite differences", () =>
    gradCheck((g, [p, t]) => m.mse(g, p, t), [{shape: [4, 1]}, {shape: [4, 1], check: false}]));
  it("nll gradient matches finite differences", () =>
    gradCheck(
      (g, [z, t]) => m.nll(g, z, t),
      [{shape: [2, 3]}, {shape: [2, 3], values: [0, 1, 0, 0, 0, 1], check: false}],
    ));
  it("bce gradient matches finite differences (float32: Softplus)", () =>
    gradCheck(
      (g, [z, t]) => m.bce(g, z, t),
      [
        {shape: [4, 1], range: [-2, 2]},
        {shape: [4, 1], values: [1, 0, 1, 0], check: false},
      ],
      {dtype: "float32"},
    ));
  it("circular gradient of an angle matches finite differences", () =>
    gradCheck(
      (g, [p, t]) => m.circular(g, p, t),
      [
        {shape: [4, 1], range: [0, 360]},
        {shape: [4, 1], range: [0, 360], check: false},
      ],
      {eps: 1e-4},
    ));
  it("circular gradient of a vector matches finite differences", () =>
    gradCheck((g, [p, t]) => m.circular(g, p, t), [{shape: [3, 2]}, {shape: [3, 1], range: [0, 360], check: false}]));
});

describe("nll without a LogSoftmax node", () => {
  it("nll stays exact for logits far apart (no overflow or underflow)", async () => {
    // log-softmax of [1000, 0] at class 1 is −1000; at class 0 it is −log(1 + e^−1000) ≈ 0.
    expect(await lossValue("nll", [1000, 0, 1000, 0], [2, 2], [0, 1, 1, 0], [2, 2])).toBeCloseTo(500, 9);
  });
  it("nll builds no LogSoftmax node (ONNX Runtime's WebGPU provider lacks that kernel)", () => {
    const g = new m.Graph();
    m.nll(g, g.input("z", ["batch", 8]), g.input("t", ["batch", 8]));
    expect(g.nodes.map((n) => n.opType)).not.toContain("LogSoftmax");
  });
});
