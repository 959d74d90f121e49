import {describe, expect, it} from "vitest";
import {PerceptronPlayer} from "../../../src/components/core/perceptronPlayer.js";
import {ZERO_PERCEPTRON, perceptronEpoch, perceptronStep} from "../../../src/components/core/perceptron.js";
import {dataset2d, xor} from "../../../src/components/core/datasets2d.js";
import {permutation, seededSource} from "../../../src/components/core/random.js";

const points = dataset2d("separable", 40, {seed: 3});

describe("PerceptronPlayer", () => {
  it("step() presents the first point of the seeded order, as perceptronStep would", () => {
    const player = new PerceptronPlayer(points, {learningRate: 0.5, seed: 9});
    const order = permutation(points.length, seededSource(9));
    player.step();
    const s = player.snapshot();
    expect(s.index).toBe(1);
    expect(s.last?.point).toBe(points[order[0]]);
    expect(s.state).toEqual(perceptronStep(ZERO_PERCEPTRON, points[order[0]], {learningRate: 0.5}).state);
  });

  it("epoch() runs one pass in the seeded order, as perceptronEpoch would", () => {
    const player = new PerceptronPlayer(points, {learningRate: 0.5, seed: 9});
    const order = permutation(points.length, seededSource(9));
    player.epoch();
    const expected = perceptronEpoch(ZERO_PERCEPTRON, points, {learningRate: 0.5, order});
    expect(player.snapshot().state).toEqual(expected.state);
    expect(player.snapshot().epochErrors).toEqual([expected.errors]);
    expect(player.snapshot().epoch).toBe(1);
  });

  it("epoch() repeated converges on separable points and then stops", () => {
    const player = new PerceptronPlayer(points);
    for (let k = 0; k < 100 && !player.snapshot().converged; k++) player.epoch();
    const s = player.snapshot();
    expect(s.converged).toBe(true);
    expect(s.misclassified).toBe(0);
    expect(s.epochErrors.at(-1)).toBe(0);
    player.epoch();
    expect(player.snapshot().epoch).toBe(s.epoch);
  });

  it("epoch() gives up on XOR after maxEpochs", () => {
    const player = new PerceptronPlayer(xor(60, {seed: 1}), {maxEpochs: 25});
    for (let k = 0; k < 40; k++) player.epoch();
    const s = player.snapshot();
    expect(s.gaveUp).toBe(true);
    expect(s.converged).toBe(false);
    expect(s.epochErrors).toHaveLength(25);
    expect(Math.min(...s.epochErrors)).toBeGreaterThan(0);
  });

  it("reset() returns to the zero perceptron and notifies listeners", () => {
    const player = new PerceptronPlayer(points);
    const seen: number[] = [];
    player.subscribe((s) => seen.push(s.epoch));
    player.epoch();
    player.reset();
    expect(player.snapshot().state).toEqual(ZERO_PERCEPTRON);
    expect(seen).toEqual([0, 1, 0]);
  });

  it("play() advances on its own until convergence", async () => {
    const player = new PerceptronPlayer(points);
    await new Promise<void>((resolve) => {
      player.subscribe((s) => s.converged && !s.running && resolve());
      player.play({stepsPerTick: 40, tickMs: 0});
    });
    expect(player.snapshot().converged).toBe(true);
  });
});
