import {describe, expect, it} from "vitest";
import {adam, circularDecoder, gratingCnn, sgd, type ConvLayerSpec, type Weights} from "@brain-nets/models";
import {inferOnNode, trainOnNode} from "../../../data-loaders/training/session.ts";
import {gratingTask, type GratingTaskName} from "../../../src/components/core/gratingTasks.js";

// Small images and one small conv layer keep these tests to a second or two on two cores.
const H = 24,
  W = 32;
const CONVS: ConvLayerSpec[] = [{channels: 4, kernel: 5, pool: 4}];
const data = (task: GratingTaskName, n: number, seed: number) =>
  gratingTask(task, n, {seed, width: W, height: H, noise: 0.1});

/** Mean binary cross-entropy of logits, computed in plain TypeScript (independent of the graph's loss). */
function bce(logits: ArrayLike<number>, target: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const z = logits[i];
    s += Math.max(z, 0) - z * target[i] + Math.log1p(Math.exp(-Math.abs(z)));
  }
  return s / target.length;
}

async function taskLoss(model: ReturnType<typeof gratingCnn>, w: Weights, task: GratingTaskName): Promise<number> {
  const test = data(task, 128, 99);
  return bce((await inferOnNode(model, w, test.x, test.n)).y, test.target);
}

describe("trainOnNode", () => {
  it("trainOnNode lowers the tilt loss of a small CNN on held-out images", async () => {
    const model = gratingCnn({convs: CONVS, hidden: [], height: H, width: W});
    const w0 = model.initWeights(1);
    const train = data("tilt", 128, 1);
    const r = await trainOnNode(model, w0, {optimizer: adam({lr: 1e-2}), steps: 30, batch: () => train});
    expect(r.losses.length).toBe(30);
    expect(await taskLoss(model, r.weights, "tilt")).toBeLessThan(0.8 * (await taskLoss(model, w0, "tilt")));
  });

  it("trainOnNode calls onCheckpoint every checkpointEvery steps with the current weights", async () => {
    const model = gratingCnn({convs: CONVS, hidden: [], height: H, width: W});
    const train = data("tilt", 16, 1);
    const seen: number[] = [];
    await trainOnNode(model, model.initWeights(1), {
      optimizer: sgd({lr: 0.01}),
      steps: 6,
      batch: () => train,
      checkpointEvery: 2,
      onCheckpoint: (steps, w) => void seen.push(steps, w["fc1.weight"].length),
    });
    expect(seen).toEqual([2, 4 * 6 * 8, 4, 4 * 6 * 8, 6, 4 * 6 * 8]);
  });

  it("fine-tuning with the conv layer frozen lowers the new task's loss and keeps the filters", async () => {
    // Pretrain on tilt, then fine-tune only the read-out on spatial frequency.
    const base = gratingCnn({convs: CONVS, hidden: [], height: H, width: W});
    const pre = await trainOnNode(base, base.initWeights(2), {
      optimizer: adam({lr: 1e-2}),
      steps: 20,
      batch: () => data("tilt", 64, 3),
    });
    const frozen = {
      "conv1.weight": pre.weights["conv1.weight"] as Float32Array,
      "conv1.bias": pre.weights["conv1.bias"] as Float32Array,
    };
    const tuned = gratingCnn({convs: CONVS, hidden: [], height: H, width: W, frozen});
    const start = {"fc1.weight": pre.weights["fc1.weight"], "fc1.bias": pre.weights["fc1.bias"]};
    const before = await taskLoss(tuned, start, "frequency");
    const newTask = data("frequency", 128, 4);
    const r = await trainOnNode(tuned, start, {optimizer: adam({lr: 1e-2}), steps: 40, batch: () => newTask});
    expect(Object.keys(r.weights).sort()).toEqual(["fc1.bias", "fc1.weight"]);
    expect(await taskLoss(tuned, r.weights, "frequency")).toBeLessThan(before - 0.05);
  });

  it("trainOnNode shapes targets from the loss: a circular decoder takes one angle per example for two outputs", async () => {
    // Output [n, 2], target [n, 1]: shaping the target like the output would fail (or misread the angles).
    const model = circularDecoder({nNeurons: 2, hidden: []});
    const w = model.initWeights(3);
    const x = Float32Array.from([1, 0, 0, 1, -1, 0, 0.5, -2]);
    const angles = Float32Array.from([10, 100, 200, 300]);
    const r = await trainOnNode(model, w, {
      optimizer: sgd({lr: 0}),
      steps: 1,
      batch: () => ({x, target: angles, n: 4}),
    });
    // The step's loss (before the update) against 1 − cos(θ̂ − θ) from the inference output, in plain TypeScript.
    const y = (await inferOnNode(model, w, x, 4)).y;
    let expected = 0;
    for (let i = 0; i < 4; i++) {
      const t = (angles[i] * Math.PI) / 180;
      expected += 1 - (y[2 * i] * Math.cos(t) + y[2 * i + 1] * Math.sin(t)) / Math.hypot(y[2 * i], y[2 * i + 1]);
    }
    expect(r.losses[0]).toBeCloseTo(expected / 4, 5);
  });
});
