import {describe, expect, it} from "vitest";
import {spearmanBrown, splitHalfCeiling} from "../../../src/components/core/noiseCeiling.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";

describe("spearmanBrown", () => {
  it("spearmanBrown(0.5) is 2/3 and spearmanBrown(1) is 1", () => {
    expect(spearmanBrown(0.5)).toBeCloseTo(2 / 3, 14);
    expect(spearmanBrown(1)).toBe(1);
  });
});

describe("splitHalfCeiling", () => {
  const nStimuli = 10;
  const nNeurons = 40;

  it("noise-free neurons (scaled copies of one tuning curve) give a ceiling of 1", () => {
    // Neuron j responds cos(i)·(1 + j mod 3): any half's Euclidean RDM is |cos i − cos i'| times that half's
    // gain norm, so the two halves' RDMs are proportional and correlate at exactly 1.
    const x = Float32Array.from(
      {length: nStimuli * nNeurons},
      (_, k) => Math.cos(Math.floor(k / nNeurons)) * (1 + ((k % nNeurons) % 3)),
    );
    const result = splitHalfCeiling(x, nStimuli, nNeurons, {method: "pearson", metric: "euclidean", splits: 3});
    expect(result.splitHalf).toBeCloseTo(1, 10);
    expect(result.ceiling).toBeCloseTo(1, 10);
  });

  it("independent noise neurons give a split-half correlation near 0", () => {
    const z = seededNormal(seededSource(8));
    const x = Float32Array.from({length: 30 * 400}, () => z());
    const result = splitHalfCeiling(x, 30, 400, {splits: 4});
    expect(Math.abs(result.splitHalf)).toBeLessThan(0.1);
  });

  it("the ceiling is the square root of the Spearman–Brown reliability averaged over splits", () => {
    const z = seededNormal(seededSource(2));
    const signal = Array.from({length: nStimuli * 4}, () => z());
    const x = Float32Array.from({length: nStimuli * nNeurons}, (_, k) => {
      const i = Math.floor(k / nNeurons);
      return signal[i * 4 + (k % 4)] + 0.5 * z();
    });
    const r = splitHalfCeiling(x, nStimuli, nNeurons, {splits: 5});
    const mean = Array.from(r.perSplit, spearmanBrown).reduce((a, b) => a + b, 0) / 5;
    expect(r.reliability).toBeCloseTo(mean, 14);
    expect(r.ceiling).toBeCloseTo(Math.sqrt(mean), 14);
  });
});
