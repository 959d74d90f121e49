// The training loop on onnxruntime-node: a hand-built train-step graph for least squares (one gradient-descent
// step per run), whose loss sequence we compute independently in plain TypeScript.
import {describe, expect, it} from "vitest";
import onnxProto from "onnx-proto";
import {
  Trainer,
  divergenceMessage,
  isDiverged,
  nextStatus,
  type TrainStepSpec,
} from "../../../src/components/training/trainer.js";
import {nodeBackend} from "./ortNodeBackend.js";

const {onnx} = onnxProto;
const N = 4; // samples
const D = 3; // features

/** w' = w − lr·(2/N)·xᵀ(xw − y); loss = mean((xw − y)²) of the incoming w. */
function leastSquaresStep(): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const value = (name: string, dims: number[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {tensorType: {elemType: F, shape: {dim: dims.map((d) => ({dimValue: d}))}}},
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{domain: "", version: 17}],
    graph: {
      name: "least_squares_step",
      node: [
        {opType: "MatMul", input: ["x", "w"], output: ["pred"]},
        {opType: "Sub", input: ["pred", "y"], output: ["err"]},
        {opType: "Mul", input: ["err", "err"], output: ["sq"]},
        {opType: "ReduceMean", input: ["sq"], output: ["loss"], attribute: [{name: "keepdims", type: 2, i: 0}]},
        {opType: "Transpose", input: ["x"], output: ["xt"]},
        {opType: "MatMul", input: ["xt", "err"], output: ["xte"]},
        {opType: "Mul", input: ["xte", "scale"], output: ["grad"]},
        {opType: "Mul", input: ["grad", "lr"], output: ["delta"]},
        {opType: "Sub", input: ["w", "delta"], output: ["w_next"]},
      ],
      initializer: [{name: "scale", dataType: F, dims: [], floatData: [2 / N]}],
      input: [value("x", [N, D]), value("y", [N, 1]), value("w", [D, 1]), value("lr", [])],
      output: [value("loss", []), value("w_next", [D, 1])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const x = Float32Array.from([1, 0, 2, 0, 1, 1, 1, 1, 0, 2, -1, 1]);
const y = Float32Array.from([1, 2, 0, -1]);
const w0 = Float32Array.from([0.5, -0.5, 0.25]);

/** The same gradient descent in plain float64 TypeScript: losses and final weights. */
function reference(lr: number, steps: number): {losses: number[]; w: number[]} {
  const w = Array.from(w0);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const err = [...Array(N)].map((_, i) => w.reduce((a, wj, j) => a + x[i * D + j] * wj, 0) - y[i]);
    losses.push(err.reduce((a, e) => a + e * e, 0) / N);
    for (let j = 0; j < D; j++) w[j] -= lr * (2 / N) * err.reduce((a, e, i) => a + x[i * D + j] * e, 0);
  }
  return {losses, w};
}

const spec: TrainStepSpec = {
  model: leastSquaresStep(),
  carried: [{input: "w", output: "w_next", dims: [D, 1], init: w0}],
  loss: "loss",
};
const feeds = (lr: number) => ({
  x: {data: x, dims: [N, D]},
  y: {data: y, dims: [N, 1]},
  lr: {data: Float32Array.of(lr), dims: []},
});

describe("nextStatus(status, event)", () => {
  it("play from idle or paused runs", () => {
    expect(nextStatus("idle", "play")).toBe("running");
    expect(nextStatus("paused", "play")).toBe("running");
  });
  it("pause stops a running loop and leaves others alone", () => {
    expect(nextStatus("running", "pause")).toBe("paused");
    expect(nextStatus("idle", "pause")).toBe("idle");
  });
  it("step from idle pauses after the step", () => {
    expect(nextStatus("idle", "step")).toBe("paused");
  });
  it("diverged and failed stay put until reset", () => {
    expect(nextStatus("diverged", "play")).toBe("diverged");
    expect(nextStatus("failed", "step")).toBe("failed");
    expect(nextStatus("diverged", "reset")).toBe("idle");
  });
});

describe("isDiverged(loss)", () => {
  it("is true for NaN and infinities and false for finite losses", () => {
    expect([NaN, Infinity, -Infinity, 0, 1e30].map(isDiverged)).toEqual([true, true, true, false, false]);
  });
  it("divergenceMessage names the step and the learning rate", () => {
    expect(divergenceMessage(12, NaN, 5)).toBe(
      "Training diverged at step 12: the loss became NaN. Lower the learning rate (now 5) and reset.",
    );
  });
});

describe("Trainer on onnxruntime-node", () => {
  it("play(n) takes n gradient steps whose losses match plain gradient descent", async () => {
    const trainer = await Trainer.create(spec, {feeds: feeds(0.1), backend: nodeBackend()});
    await trainer.play(8);
    const s = trainer.snapshot();
    const ref = reference(0.1, 8);
    expect(s.status).toBe("done");
    expect(s.step).toBe(8);
    s.losses.forEach((l, i) => expect(l).toBeCloseTo(ref.losses[i], 5));
    expect(s.losses[7]).toBeLessThan(s.losses[0]);
    Array.from((await trainer.parameters()).get("w")!).forEach((v, j) => expect(v).toBeCloseTo(ref.w[j], 5));
  });

  it("pause() stops the loop and play() continues where it stopped", async () => {
    const trainer = await Trainer.create(spec, {feeds: feeds(0.1), backend: nodeBackend(), frameBudget: 0});
    const seen: number[] = [];
    let pausedOnce = false;
    trainer.subscribe((s) => {
      seen.push(s.step);
      if (s.step >= 3 && s.status === "running" && !pausedOnce) void trainer.pause();
      pausedOnce ||= s.step >= 3;
    });
    await trainer.play(20);
    const paused = trainer.snapshot();
    expect(paused.status).toBe("paused");
    expect(paused.step).toBeGreaterThanOrEqual(3);
    expect(paused.step).toBeLessThan(20);
    expect(seen.length).toBeGreaterThan(2); // the loss streamed while training, not only at the end
    await trainer.play(20);
    const ref = reference(0.1, 20).losses;
    const losses = trainer.snapshot().losses;
    expect(losses.length).toBe(20);
    losses.forEach((l, i) => expect(l).toBeCloseTo(ref[i], 5));
  });

  it("step() advances exactly one step", async () => {
    const trainer = await Trainer.create(spec, {feeds: feeds(0.1), backend: nodeBackend()});
    await trainer.step();
    await trainer.step();
    expect(trainer.snapshot()).toMatchObject({status: "paused", step: 2});
  });

  it("reset() restores the initial parameters and clears the losses", async () => {
    const trainer = await Trainer.create(spec, {feeds: feeds(0.1), backend: nodeBackend()});
    await trainer.play(5);
    await trainer.reset();
    expect(trainer.snapshot()).toMatchObject({status: "idle", step: 0, losses: []});
    expect(Array.from((await trainer.parameters()).get("w")!)).toEqual(Array.from(w0));
    await trainer.play(3);
    expect(trainer.snapshot().losses[0]).toBeCloseTo(reference(0.1, 1).losses[0], 5);
  });

  it("a huge learning rate stops training as diverged with a message and only finite losses", async () => {
    const trainer = await Trainer.create(spec, {feeds: feeds(1e5), backend: nodeBackend(), learningRate: 1e5});
    await trainer.play(200);
    const s = trainer.snapshot();
    expect(s.status).toBe("diverged");
    expect(s.step).toBeLessThan(200);
    expect(s.message).toMatch(
      /^Training diverged at step \d+: the loss became (NaN|Infinity)\. Lower the learning rate \(now 100000\)/,
    );
    expect(s.losses.every(Number.isFinite)).toBe(true);
    await trainer.play(300);
    expect(trainer.snapshot().step).toBe(s.step); // play does nothing until reset
  });

  it("a backend failure mid-run resumes from the last checkpoint with the same result", async () => {
    const backend = nodeBackend({failAt: 7});
    const trainer = await Trainer.create(spec, {feeds: feeds(0.1), backend, checkpointEvery: 5});
    await trainer.play(12);
    const s = trainer.snapshot();
    expect(s.message).toBe("WebGPU lost its device. Training resumed from the checkpoint at step 5.");
    expect(backend.runs).toBe(12 + 1 + 2); // 12 steps, the failed run, and steps 6–7 run again
    const ref = reference(0.1, 12);
    s.losses.forEach((l, i) => expect(l).toBeCloseTo(ref.losses[i], 5));
    Array.from((await trainer.parameters()).get("w")!).forEach((v, j) => expect(v).toBeCloseTo(ref.w[j], 5));
  });
});
