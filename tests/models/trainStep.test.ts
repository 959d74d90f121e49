import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";
import {deepNetReLU, nextName, sgd} from "../../models/src/index.js";
import {run, session, uniform, type Feed} from "./ort.js";

describe("trainStepGraph", () => {
  it("trainStepGraph({optimizer: sgd}) runs in onnxruntime-node and returns loss, prediction and every .next", async () => {
    const model = deepNetReLU({nNeurons: 5, nHidden: 3});
    const step = model.trainStepGraph({optimizer: sgd({lr: 0.01})});
    const sess = await session(step.toBytes());
    const feeds = {
      ...step.initialFeeds(model.initWeights(1)),
      x: {data: Float32Array.from(uniform(4 * 5, 2)), dims: [4, 5]},
      target: {data: Float32Array.from(uniform(4, 3)), dims: [4, 1]},
      "hyper.lr": {data: Float32Array.of(0.01), dims: []},
    };
    const out = await run(sess, feeds);
    expect(Object.keys(out).sort()).toEqual(
      ["loss", "prediction", ...step.params.map((p) => nextName(`param.${p}`))].sort(),
    );
    expect(out.prediction.length).toBe(4);
    expect(Number.isFinite(out.loss[0])).toBe(true);
  });
});

/** Runs `steps` train steps on a fixed batch, feeding every `.next` output back; returns the loss per step. */
async function train(
  model: m.Model,
  optimizer: m.Optimizer,
  steps: number,
  x: Float32Array,
  target: Float32Array,
  n: number,
) {
  const step = model.trainStepGraph({optimizer});
  const sess = await session(step.toBytes());
  const feeds: Record<string, Feed> = {
    ...step.initialFeeds(model.initWeights(1)),
    x: {data: x, dims: [n, model.arch.inputShape[0]]},
    target: {data: target, dims: [n, target.length / n]},
  };
  for (const [h, v] of Object.entries(step.hyper)) feeds[`hyper.${h}`] = {data: Float32Array.of(v), dims: []};
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const out = await run(sess, feeds);
    losses.push(out.loss[0]);
    for (const name of Object.keys(feeds)) {
      const next = out[m.nextName(name)];
      if (next) feeds[name] = {data: Float32Array.from(next), dims: feeds[name].dims};
    }
  }
  return losses;
}

describe("training with train-step graphs", () => {
  // A noiseless linear teacher: y = x · w, 32 examples of 6 features.
  const n = 32;
  const x = Float32Array.from(uniform(n * 6, 21));
  const w = uniform(6, 22);
  const y = Float32Array.from({length: n}, (_, i) => w.reduce((s, wj, j) => s + wj * x[i * 6 + j], 0));

  it("50 SGD steps lower the MSE of deepNetReLU to under a third", async () => {
    const losses = await train(m.deepNetReLU({nNeurons: 6, nHidden: 8}), m.sgd({lr: 0.1}), 50, x, y, n);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 3);
  });
  it("50 Adam steps lower the NLL of the orientation classifier", async () => {
    const labels = Array.from(y, (v) => (v > 0 ? 1 : 0));
    const losses = await train(
      m.orientationClassifier({nNeurons: 6, hidden: [8], nClasses: 2}),
      m.adam({lr: 0.05}),
      50,
      x,
      m.oneHot(labels, 2),
      n,
    );
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 3);
  });
});

describe("trainStepGraph({frozen})", () => {
  const model = m.mlp({inputSize: 3, hidden: [4], outputSize: 1});
  it("a frozen parameter stays an input but gets no update output", () => {
    const step = model.trainStepGraph({optimizer: sgd({lr: 0.1}), frozen: ["fc1.weight"]});
    expect(step.trainable).toEqual(["fc1.bias", "fc2.weight", "fc2.bias"]);
    expect(step.graph.inputs.map((v) => v.name)).toContain("param.fc1.weight");
    expect(step.graph.outputs.map((v) => v.name)).not.toContain("param.fc1.weight.next");
  });
  it("freezing one layer leaves the other layers' SGD updates as they were", async () => {
    const w = model.initWeights(4);
    const batch = {
      x: {data: Float32Array.from(uniform(15, 8)), dims: [5, 3]},
      target: {data: Float32Array.from(uniform(5, 9)), dims: [5, 1]},
    };
    const lr = {"hyper.lr": {data: Float32Array.of(0.1), dims: []}};
    const runStep = async (frozen: string[]) => {
      const step = model.trainStepGraph({optimizer: sgd({lr: 0.1}), frozen});
      return run(await session(step.toBytes()), {...step.initialFeeds(w), ...batch, ...lr});
    };
    const [all, partial] = [await runStep([]), await runStep(["fc1.weight", "fc1.bias"])];
    expect(Array.from(partial["param.fc2.weight.next"])).toEqual(Array.from(all["param.fc2.weight.next"]));
    expect(partial.loss[0]).toBe(all.loss[0]);
  });
  it("freezing an unknown parameter is an error that names it", () => {
    expect(() => model.trainStepGraph({optimizer: sgd(), frozen: ["fc9.weight"]})).toThrow(
      /unknown parameter "fc9.weight"/,
    );
  });
});
