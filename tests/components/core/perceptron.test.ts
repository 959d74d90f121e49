import {describe, expect, it} from "vitest";
import {
  ZERO_PERCEPTRON,
  decisionLine,
  perceptronEpoch,
  perceptronErrors,
  perceptronPredict,
  perceptronStep,
  trainPerceptron,
} from "../../../src/components/core/perceptron.js";
import {dataset2d, xor, type Point2} from "../../../src/components/core/datasets2d.js";

describe("perceptronStep", () => {
  it("perceptronStep(state, point) moves a misclassified class-1 point's side up by η·x", () => {
    // Zero perceptron predicts 0 for (0.5, -0.25) of class 1: w += 0.2·(+1)·(0.5, -0.25), b += 0.2.
    const {state, updated} = perceptronStep(ZERO_PERCEPTRON, {x: 0.5, y: -0.25, label: 1}, {learningRate: 0.2});
    expect(updated).toBe(true);
    expect(state).toEqual({w1: 0.1, w2: -0.05, b: 0.2});
  });

  it("perceptronStep(state, point) moves away from a misclassified class-0 point", () => {
    // w·x + b = 1·0.5 + 1·0.5 + 0 = 1 > 0, predicted 1 but labelled 0: w -= 0.5·(0.5, 0.5), b -= 0.5.
    const {state, updated} = perceptronStep({w1: 1, w2: 1, b: 0}, {x: 0.5, y: 0.5, label: 0}, {learningRate: 0.5});
    expect(updated).toBe(true);
    expect(state).toEqual({w1: 0.75, w2: 0.75, b: -0.5});
  });

  it("perceptronStep(state, point) leaves a correctly classified point alone", () => {
    const s = {w1: 1, w2: 0, b: 0};
    const r = perceptronStep(s, {x: 0.3, y: 0.9, label: 1});
    expect(r.updated).toBe(false);
    expect(r.state).toBe(s);
  });
});

describe("perceptronEpoch", () => {
  it("perceptronEpoch(state, points) applies the rule point by point, as stepped by hand", () => {
    const points: Point2[] = [
      {x: 1, y: 0, label: 1}, // 0 -> predicts 0, wrong: w = (1, 0), b = 1
      {x: -1, y: 0.5, label: 0}, // -1 + 0 + 1 = 0 -> predicts 0, right
      {x: 0, y: -1, label: 0}, // 0 + 0 + 1 = 1 -> predicts 1, wrong: w = (1, 1), b = 0
    ];
    const {state, errors} = perceptronEpoch(ZERO_PERCEPTRON, points, {learningRate: 1});
    expect(errors).toBe(2);
    expect(state).toEqual({w1: 1, w2: 1, b: 0});
  });
});

describe("trainPerceptron", () => {
  it("trainPerceptron(points) converges on linearly separable data", () => {
    const points = dataset2d("separable", 200, {seed: 4});
    const run = trainPerceptron(points, {maxEpochs: 1000, seed: 1});
    expect(run.converged).toBe(true);
    expect(run.errorsPerEpoch.at(-1)).toBe(0);
    expect(perceptronErrors(run.state, points)).toBe(0);
  });

  it("trainPerceptron(points) never converges on XOR, even in 2,000 epochs", () => {
    const points = xor(100, {seed: 2});
    const run = trainPerceptron(points, {maxEpochs: 2000, seed: 1});
    expect(run.converged).toBe(false);
    expect(run.errorsPerEpoch).toHaveLength(2000);
    expect(Math.min(...run.errorsPerEpoch)).toBeGreaterThan(0);
    // The best any line does on XOR is about half the points wrong.
    expect(perceptronErrors(run.state, points)).toBeGreaterThan(15);
  });

  it("trainPerceptron(points) never converges on the four XOR corners", () => {
    const corners: Point2[] = [
      {x: -1, y: -1, label: 0},
      {x: 1, y: 1, label: 0},
      {x: -1, y: 1, label: 1},
      {x: 1, y: -1, label: 1},
    ];
    expect(trainPerceptron(corners, {maxEpochs: 500}).converged).toBe(false);
  });
});

describe("perceptronPredict", () => {
  it("perceptronPredict(state, point) is 1 only for a strictly positive activation", () => {
    expect(perceptronPredict({w1: 1, w2: -1, b: 0}, {x: 0.5, y: 0.5})).toBe(0);
    expect(perceptronPredict({w1: 1, w2: -1, b: 0}, {x: 0.6, y: 0.5})).toBe(1);
  });
});

describe("decisionLine", () => {
  it("decisionLine(state) clips w·x + b = 0 to the square", () => {
    // x + y = 0 runs corner to corner.
    const line = decisionLine({w1: 1, w2: 1, b: 0});
    expect(line).toEqual([
      {x: -1, y: 1},
      {x: 1, y: -1},
    ]);
  });

  it("decisionLine(state) is null for the zero perceptron and for a line outside the square", () => {
    expect(decisionLine(ZERO_PERCEPTRON)).toBeNull();
    expect(decisionLine({w1: 1, w2: 0, b: -3})).toBeNull();
  });
});
