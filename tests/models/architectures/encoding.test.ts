import {describe, expect, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {run, session, uniform} from "../ort.js";

describe("encodingModel", () => {
  it("encodingModel({neurons}) has a 6-filter conv layer and a read-out from 6 × 6 × 8 pooled features", () => {
    const model = m.encodingModel({neurons: 5});
    expect(model.arch.params.map((p) => [p.name, p.shape])).toEqual([
      ["conv1.weight", [6, 1, 7, 7]],
      ["conv1.bias", [6]],
      ["readout.weight", [5, 288]],
      ["readout.bias", [5]],
    ]);
  });

  it("each neuron's prediction is its read-out of the pooled features (checked against activation.pool1)", async () => {
    const model = m.encodingModel({neurons: 3});
    const w = model.initWeights(2);
    const out = await run(await session(model.inferenceGraph(w, {activations: true})), {
      x: {data: Float32Array.from(uniform(2 * 3072, 3)), dims: [2, 1, 48, 64]},
    });
    const f = out["activation.pool1"];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        let s = w["readout.bias"][j];
        for (let k = 0; k < 288; k++) s += f[i * 288 + k] * w["readout.weight"][j * 288 + k];
        expect(out.y[i * 3 + j]).toBeCloseTo(s, 4);
      }
  });

  it("a frozen conv layer leaves only the read-out to train", () => {
    const w = m.encodingModel({neurons: 2}).initWeights(0);
    const model = m.encodingModel({
      neurons: 2,
      frozen: {"conv1.weight": w["conv1.weight"] as Float32Array, "conv1.bias": w["conv1.bias"] as Float32Array},
    });
    expect(model.trainStepGraph({optimizer: m.sgd()}).params).toEqual(["readout.weight", "readout.bias"]);
  });

  it("encodingModel rejects an even kernel and unknown parameters with a message", () => {
    expect(() => m.encodingModel({neurons: 2, kernel: 6})).toThrow(/odd/);
    expect(() => m.encodingModel({neurons: 2, init: {"fc.weight": new Float32Array(1)}})).toThrow(
      /no parameter "fc.weight"/,
    );
  });
});
