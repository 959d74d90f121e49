// Training runs (training/runs.ts) of the decoders (core/decoders.ts) with real models/ graphs on onnxruntime-node: the train-step spec it builds trains a decoder
// (full batch and minibatches), and the exported .onnx reproduces the trained network.
import {describe, expect, it} from "vitest";
import * as ortNode from "onnxruntime-node";
import {decode, decoderModel, decoderOnnx} from "../../../src/components/core/decoders.js";
import {imageStepWorkload, stepWorkload, trainingRun, weightsOf} from "../../../src/components/training/runs.js";
import {gratingCnnVariant} from "@brain-nets/models";
import {targets} from "../../../src/components/core/decodingData.js";
import {Trainer} from "../../../src/components/training/trainer.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {nodeBackend} from "./ortNodeBackend.js";

// A toy population: 40 stimuli, 12 cosine-tuned neurons with preferred directions around the circle, plus noise.
const N = 40;
const D = 12;
const noise = seededNormal(seededSource(1), {sd: 0.05});
const stimuli = Float32Array.from({length: N}, (_, i) => (i * 360) / N);
const x = Float32Array.from({length: N * D}, (_, k) => {
  const [i, j] = [Math.floor(k / D), k % D];
  return Math.cos(((stimuli[i] - (j * 360) / D) * Math.PI) / 180) + noise();
});

describe("trainingRun(model, x, y, settings)", () => {
  it("builds a train step whose full-batch Adam run lowers the circular loss", async () => {
    const spec = {kind: "circular" as const, nNeurons: D, hidden: 8, activation: "relu" as const};
    const run = trainingRun(decoderModel(spec), x, targets(stimuli, "circular"), {
      optimizer: "adam",
      learningRate: 0.01,
      batchSize: N,
      seed: 0,
    });
    const trainer = await Trainer.create(run.spec, {...run.options, backend: nodeBackend()});
    await trainer.play(150);
    const losses = trainer.snapshot().losses;
    expect(losses.length).toBe(150);
    expect(losses[149]).toBeLessThan(0.5 * losses[0]);
  });

  it("feeds minibatches of the requested size", async () => {
    const spec = {kind: "regression" as const, nNeurons: D, hidden: 4, activation: "relu" as const};
    const run = trainingRun(decoderModel(spec), x, targets(stimuli, "regression"), {
      optimizer: "sgd",
      learningRate: 1e-4,
      batchSize: 8,
      seed: 0,
    });
    expect(run.options.feeds?.x).toBeUndefined();
    const batch = run.options.batch!(0);
    expect(batch.x.dims).toEqual([8, D]);
    expect(batch.target.dims).toEqual([8, 1]);
    const trainer = await Trainer.create(run.spec, {...run.options, backend: nodeBackend()});
    await trainer.play(10);
    expect(trainer.snapshot().step).toBe(10);
  });

  it("decoderOnnx(model, weights) opens in onnxruntime-node and decodes like the trained weights say", async () => {
    const spec = {kind: "circular" as const, nNeurons: D, hidden: 8, activation: "relu" as const};
    const model = decoderModel(spec);
    const run = trainingRun(model, x, targets(stimuli, "circular"), {
      optimizer: "adam",
      learningRate: 0.01,
      batchSize: N,
      seed: 0,
    });
    const trainer = await Trainer.create(run.spec, {...run.options, backend: nodeBackend()});
    await trainer.play(200);
    const weights = weightsOf(await trainer.parameters());
    const session = await ortNode.InferenceSession.create(decoderOnnx(model, weights));
    const y = (await session.run({x: new ortNode.Tensor("float32", x, [N, D])})).y.data as Float32Array;
    // Independent forward pass in plain TypeScript: relu(x W1ᵀ + b1) W2ᵀ + b2.
    const [w1, b1, w2, b2] = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"].map((k) => weights[k]);
    for (const i of [0, 17, 39]) {
      const h = Array.from({length: 8}, (_, u) =>
        Math.max(0, b1[u] + Array.from({length: D}, (_, j) => x[i * D + j] * w1[u * D + j]).reduce((a, b) => a + b)),
      );
      for (const o of [0, 1])
        expect(y[i * 2 + o]).toBeCloseTo(b2[o] + h.reduce((a, hu, u) => a + hu * w2[o * 8 + u], 0), 4);
    }
    const decoded = decode(y, spec);
    const errors = Array.from(decoded, (d, i) => Math.min(Math.abs(d - stimuli[i]), 360 - Math.abs(d - stimuli[i])));
    expect(errors.sort((a, b) => a - b)[N >> 1]).toBeLessThan(20);
  });
});

describe("stepWorkload(run)", () => {
  it.each([
    ["full batch, SGD", "regression", "sgd", N],
    ["minibatches, Adam", "circular", "adam", 8],
    ["classifier (int64 labels), minibatches", "classifier", "adam", 8],
  ] as const)(
    "gives every input of the train step (%s), which then runs once",
    async (_, kind, optimizer, batchSize) => {
      const spec = {kind, nNeurons: D, hidden: 6, activation: "relu" as const, nClasses: 8};
      const y = targets(stimuli, kind, 8);
      const run = trainingRun(decoderModel(spec), x, y, {optimizer, learningRate: 0.01, batchSize, seed: 0});
      const {model, feeds} = stepWorkload(run);
      const session = await ortNode.InferenceSession.create(model);
      expect(Object.keys(feeds).sort()).toEqual([...session.inputNames].sort());
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([k, f]) => [
          k,
          new ortNode.Tensor(f.data instanceof BigInt64Array ? "int64" : "float32", f.data, f.dims as number[]),
        ]),
      );
      const out = await session.run(tensors);
      expect(Number.isFinite((out[run.spec.loss].data as Float32Array)[0])).toBe(true);
      expect(feeds.x.dims[0]).toBe(Math.min(batchSize, N));
      await session.release();
    },
  );
});

describe("imageStepWorkload(model, shape, batch, outputs)", () => {
  it("gives every input of the tilt CNN's train step on a batch of blank images, which then runs once", async () => {
    const {model, feeds} = imageStepWorkload(gratingCnnVariant("tilt"), [1, 48, 64], 4, 1);
    const session = await ortNode.InferenceSession.create(model);
    expect(Object.keys(feeds).sort()).toEqual([...session.inputNames].sort());
    expect(feeds.x.dims).toEqual([4, 1, 48, 64]);
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([k, f]) => [
        k,
        new ortNode.Tensor("float32", f.data as Float32Array, f.dims as number[]),
      ]),
    );
    const out = await session.run(tensors);
    expect(Number.isFinite((out.loss.data as Float32Array)[0])).toBe(true);
    await session.release();
  });
});
