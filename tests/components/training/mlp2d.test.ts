// The perceptron page's MLP glue on onnxruntime-node: an MLP trained through models/'s train-step graph (via
// trainer.ts) solves XOR, and the evaluation helpers agree with forward passes worked out by hand.
import {describe, expect, it} from "vitest";
import {
  classifierModel,
  evaluate,
  grid2d,
  pointFeeds,
  reluPieces,
  reluRegressor,
} from "../../../src/components/training/mlp2d.js";
import {runOnNode as nodeRunner} from "../../../data-loaders/training/session.js";
import {trainingRun, weightsOf} from "../../../src/components/training/runs.js";
import {Trainer} from "../../../src/components/training/trainer.js";
import type {Point2} from "../../../src/components/core/datasets2d.js";
import {nodeBackend} from "./ortNodeBackend.js";

const XOR: Point2[] = [
  {x: -1, y: -1, label: 0},
  {x: 1, y: 1, label: 0},
  {x: -1, y: 1, label: 1},
  {x: 1, y: -1, label: 1},
];

/** Trains a classifier on the XOR corners with Adam and returns how many corners it gets right. */
async function trainXor(hidden: number[], steps: number): Promise<{correct: number; losses: readonly number[]}> {
  const model = classifierModel({hidden, activation: "tanh"});
  const {x, y} = pointFeeds(XOR);
  const run = trainingRun(model, x, y, {optimizer: "adam", learningRate: 0.05, batchSize: XOR.length, seed: 3});
  const trainer = await Trainer.create(run.spec, {...run.options, backend: nodeBackend()});
  await trainer.play(steps);
  const weights = weightsOf(await trainer.parameters());
  const losses = trainer.snapshot().losses;
  await trainer.dispose();
  const {output} = await evaluate(model, weights, x, XOR.length, {run: nodeRunner});
  const correct = XOR.filter((p, i) => (output[i] > 0 ? 1 : 0) === p.label).length;
  return {correct, losses};
}

describe("classifierModel", () => {
  it("classifierModel({hidden: [4]}) trained by backpropagation solves XOR", async () => {
    const {correct, losses} = await trainXor([4], 400);
    expect(correct).toBe(4);
    // Binary cross-entropy starts near ln 2 (chance) and ends far below it.
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(losses.at(-1)).toBeLessThan(0.1);
  });

  it("classifierModel({hidden: []}), a single linear unit, cannot solve XOR", async () => {
    const {correct, losses} = await trainXor([], 400);
    expect(correct).toBeLessThan(4);
    expect(losses.at(-1)).toBeGreaterThan(0.6); // stuck at chance, ln 2 ≈ 0.693
  });
});

describe("reluRegressor", () => {
  it("reluRegressor(n) starts with kinks spread evenly over [-1, 1], no unit dead", () => {
    const w = reluRegressor(4).initWeights(0);
    // Kink of unit k at -b/w: -0.75, -0.25, 0.25, 0.75.
    const kinks = Array.from(w["fc1.weight"], (wk, k) => -w["fc1.bias"][k] / wk);
    expect(kinks).toEqual([-0.75, -0.25, 0.25, 0.75]);
    expect(Array.from(w["fc1.weight"])).toEqual([1, -1, 1, -1]);
  });

  it("reluRegressor(8) trained by Adam fits sin(πx) closely", async () => {
    const xs = Float32Array.from({length: 81}, (_, i) => -1 + i / 40);
    const target = {data: xs.map((x) => Math.sin(Math.PI * x)), dims: [81, 1]};
    const run = trainingRun(reluRegressor(8), xs, target, {
      optimizer: "adam",
      learningRate: 0.02,
      batchSize: 81,
      seed: 1,
    });
    const trainer = await Trainer.create(run.spec, {...run.options, backend: nodeBackend()});
    await trainer.play(1500);
    const losses = trainer.snapshot().losses;
    await trainer.dispose();
    // sin(πx) has variance 1/2 on [-1, 1]; eight ramps bring the error down by two orders of magnitude.
    expect(losses.at(-1)).toBeLessThan(0.005);
  });
});

describe("grid2d", () => {
  it("grid2d(2) puts cell centres row by row from the top", () => {
    expect(Array.from(grid2d(2))).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  });
});

describe("evaluate", () => {
  it("evaluate(model, weights, x, n) returns the output and unit-major hidden activations", async () => {
    const model = classifierModel({hidden: [2], activation: "relu"});
    // h = relu(W1 x + b1) with W1 = [[1, 0], [1, -1]], b1 = [0, 0.5]; y = [2, -1]·h + 0.25.
    const weights = {
      "fc1.weight": Float32Array.of(1, 0, 1, -1),
      "fc1.bias": Float32Array.of(0, 0.5),
      "fc2.weight": Float32Array.of(2, -1),
      "fc2.bias": Float32Array.of(0.25),
    };
    const x = Float32Array.of(1, 2, -1, -1);
    // Point (1, 2): h = [relu(1), relu(1 - 2 + 0.5)] = [1, 0], y = 2.25. Point (-1, -1): h = [0, 0.5], y = -0.25.
    const {output, layers} = await evaluate(model, weights, x, 2, {run: nodeRunner});
    expect(Array.from(output)).toEqual([2.25, -0.25]);
    expect(layers).toHaveLength(1);
    expect(Array.from(layers[0])).toEqual([1, 0, 0, 0.5]);
  });
});

describe("reluPieces", () => {
  it("reluPieces(activations, weights, n) sum with the output bias to the regressor's output", async () => {
    const model = reluRegressor(5);
    const weights = model.initWeights(7);
    const xs = Float32Array.from({length: 21}, (_, i) => -1 + i / 10);
    const {output, layers} = await evaluate(model, weights, xs, xs.length, {run: nodeRunner});
    const pieces = reluPieces(layers[0], weights, xs.length);
    for (let i = 0; i < xs.length; i++) {
      let sum = weights["fc2.bias"][0];
      for (let k = 0; k < 5; k++) sum += pieces[k * xs.length + i];
      expect(sum).toBeCloseTo(output[i], 5);
    }
  });
});
