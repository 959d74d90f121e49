import {describe, expect, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {run, session, uniform, type Feed} from "../ort.js";
import {compareWithFiniteDifferences} from "../gradcheck.js";
import {conv2d} from "../../../src/components/core/conv2d.js";
import {grating} from "../../../src/components/core/gratings.js";

const SMALL: m.ConvLayerSpec[] = [
  {channels: 2, kernel: 3, pool: 2},
  {channels: 3, kernel: 3, pool: 2},
];

describe("gratingCnn", () => {
  it("gratingCnn() lists Neuromatch's parameters: conv 6×1×7×7, fc 10×288, fc 1×10", () => {
    const model = m.gratingCnn();
    expect(model.arch.params.map((p) => [p.name, p.shape])).toEqual([
      ["conv1.weight", [6, 1, 7, 7]],
      ["conv1.bias", [6]],
      ["fc1.weight", [10, 288]],
      ["fc1.bias", [10]],
      ["fc2.weight", [1, 10]],
      ["fc2.bias", [1]],
    ]);
  });

  it("cnnMapSizes(DEEP_CNN, 48, 64) halves the maps four times: 24×32 … 3×4", () => {
    expect(m.cnnMapSizes(m.DEEP_CNN, 48, 64)).toEqual([
      {height: 24, width: 32},
      {height: 12, width: 16},
      {height: 6, width: 8},
      {height: 3, width: 4},
    ]);
  });

  it("the inference graph's conv1 activation is ReLU(conv2d(image, kernel, padding 3) + bias) per filter", async () => {
    const model = m.gratingCnn();
    const w = model.initWeights(4);
    const sess = await session(model.inferenceGraph(w, {activations: true}));
    const image = grating(15, {profile: "sine"});
    const out = await run(sess, {x: {data: image, dims: [1, 1, 48, 64]}});
    expect(Object.keys(out).sort()).toEqual(["activation.conv1", "activation.fc1", "activation.pool1", "y"]);
    for (const f of [0, 3]) {
      const ref = conv2d(image, 48, 64, w["conv1.weight"].subarray(f * 49, (f + 1) * 49), {padding: 3});
      for (const i of [0, 100, 1500, 3071]) {
        expect(out["activation.conv1"][f * 3072 + i]).toBeCloseTo(Math.max(0, ref.data[i] + w["conv1.bias"][f]), 4);
      }
    }
  });

  it("pool<k> is the 2×2 maximum of conv<k> in the deep variant", async () => {
    const model = m.gratingCnn({convs: m.DEEP_CNN, hidden: []});
    const sess = await session(model.inferenceGraph(model.initWeights(2), {activations: true}));
    const out = await run(sess, {x: {data: Float32Array.from(uniform(3072, 9)), dims: [1, 1, 48, 64]}});
    const c = out["activation.conv1"],
      p = out["activation.pool1"];
    for (const [ch, y, x] of [
      [0, 0, 0],
      [5, 11, 20],
      [2, 23, 31],
    ]) {
      const base = ch * 48 * 64;
      const want = Math.max(...[0, 1].flatMap((dy) => [0, 1].map((dx) => c[base + (2 * y + dy) * 64 + 2 * x + dx])));
      expect(p[ch * 24 * 32 + y * 32 + x]).toBe(want);
    }
    expect(out["activation.conv4"].length).toBe(16 * 6 * 8);
  });

  it("init sets a parameter's initial weights, e.g. a filter bank for conv1", () => {
    const bank = Float32Array.from({length: 6 * 49}, (_, i) => i / 100);
    const w = m.gratingCnn({init: {"conv1.weight": bank}}).initWeights(0);
    expect(Array.from(w["conv1.weight"])).toEqual(Array.from(bank));
  });

  it("init rejects unknown parameter names and wrong sizes with a message", () => {
    expect(() => m.gratingCnn({init: {"conv9.weight": new Float32Array(1)}})).toThrow(/no parameter "conv9.weight"/);
    expect(() => m.gratingCnn({init: {"conv1.weight": new Float32Array(3)}})).toThrow(/needs 294 values/);
  });

  it("frozen parameters leave the train-step graph's parameter list and are not updated", async () => {
    const base = m.gratingCnn({convs: SMALL, hidden: [], height: 8, width: 8});
    const w = base.initWeights(1);
    const frozen = {"conv1.weight": w["conv1.weight"] as Float32Array, "conv1.bias": w["conv1.bias"] as Float32Array};
    const model = m.gratingCnn({convs: SMALL, hidden: [], height: 8, width: 8, frozen});
    const step = model.trainStepGraph({optimizer: m.sgd({lr: 0.5})});
    expect(step.params).toEqual(["conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias"]);
    const sess = await session(step.graph);
    const feeds: Record<string, Feed> = {
      x: {data: Float32Array.from(uniform(4 * 64, 3)), dims: [4, 1, 8, 8]},
      target: {data: Float32Array.of(1, 0, 1, 0), dims: [4, 1]},
      "hyper.lr": {data: Float32Array.of(0.5), dims: []},
    };
    for (const [k, v] of Object.entries(step.initialFeeds(w))) feeds[k] = v;
    const out = await run(sess, feeds);
    expect(Object.keys(out).some((k) => k.includes("conv1"))).toBe(false);
    expect(Array.from(out["param.fc1.weight.next"])).not.toEqual(Array.from(w["fc1.weight"]));
  });

  // float32: onnxruntime's CPU Conv has no float64 kernel. Tolerances as in tests/models/gradcheck.ts.
  it("the loss gradient of a small CNN matches central differences (float32)", async () => {
    const model = m.gratingCnn({convs: SMALL, hidden: [3], height: 8, width: 8});
    const sess = await session(model.gradientGraph());
    const w = model.initWeights(3);
    const n = 3;
    const feeds: Record<string, Feed> = {
      x: {data: Float32Array.from(uniform(n * 64, 4)), dims: [n, 1, 8, 8]},
      target: {data: Float32Array.of(1, 0, 1), dims: [n, 1]},
    };
    for (const p of model.arch.params)
      feeds[`param.${p.name}`] = {data: Float32Array.from(w[p.name]), dims: [...p.shape]};
    const params = model.arch.params.map((p) => ({feed: `param.${p.name}`, grad: `grad.${p.name}`}));
    // Small steps: ReLU and max-pool kinks lie within larger ones (seen here: 3e-3 jumps a kink, 3e-4 does not).
    await compareWithFiniteDifferences(sess, feeds, params, {eps: 3e-4, rtol: 3e-2, atol: 5e-4, samples: 6});
  });
});
