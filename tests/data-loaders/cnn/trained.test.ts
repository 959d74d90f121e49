import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {loadTrainedCnn} from "../../../data-loaders/cnn/trained.js";
import {packWeights, unpackWeights} from "../../../src/components/core/cnnWeights.js";

describe("weights files and the training cache", () => {
  it("unpackWeights(packWeights(w, params), params) gives w back", () => {
    const params = [
      {name: "a", shape: [2, 3]},
      {name: "b", shape: [4]},
    ];
    const w = {a: Float32Array.from([1, 2, 3, 4, 5, 6]), b: Float32Array.from([7, 8, 9, 10])};
    const back = unpackWeights(packWeights(w, params), params);
    expect(Array.from(back.a)).toEqual(Array.from(w.a));
    expect(Array.from(back.b)).toEqual(Array.from(w.b));
  });

  it("loadTrainedCnn trains once and then reads the same result from its cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-cache-"));
    try {
      const options = {trainSize: 64, testSize: 32, batchSize: 32, epochs: 1, tiltSweep: [2], sweepSize: 4};
      const logs: string[] = [];
      const first = await loadTrainedCnn("tilt", options, {cacheDir: dir});
      const second = await loadTrainedCnn("tilt", {...options, log: (m) => logs.push(m)}, {cacheDir: dir});
      expect(logs.some((m) => m.includes("cached"))).toBe(true);
      expect(second.report).toEqual(first.report);
      expect(Array.from(second.trained["conv1.weight"])).toEqual(Array.from(first.trained["conv1.weight"]));
      expect(second.inference.length).toBe(first.inference.length);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
