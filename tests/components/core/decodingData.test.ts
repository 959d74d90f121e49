// The decoding page's data helpers, on small hand-checked cases.
import {describe, expect, it} from "vitest";
import {
  gather,
  meanSquaredError,
  medianAngularError,
  pickNeurons,
  splitStimuli,
  standardisedTargets,
  targets,
  unstandardise,
} from "../../../src/components/core/decodingData.js";

describe("splitStimuli(n, {trainFraction, seed})", () => {
  it("splits 360 stimuli 216/144 into disjoint sorted sets that cover them all", () => {
    const {train, test} = splitStimuli(360, {trainFraction: 0.6, seed: 0});
    expect([train.length, test.length]).toEqual([216, 144]);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({length: 360}, (_, i) => i));
    expect(Array.from(train)).toEqual([...train].sort((a, b) => a - b));
  });
  it("is deterministic for a seed and differs across seeds", () => {
    expect(splitStimuli(50, {seed: 3}).train).toEqual(splitStimuli(50, {seed: 3}).train);
    expect(splitStimuli(50, {seed: 3}).train).not.toEqual(splitStimuli(50, {seed: 4}).train);
  });
  it("keeps at least one stimulus on each side", () => {
    expect(splitStimuli(5, {trainFraction: 0.99}).test.length).toBe(1);
    expect(splitStimuli(5, {trainFraction: 0.01}).train.length).toBe(1);
  });
});

describe("pickNeurons(n, count, seed)", () => {
  it("returns every neuron in order when count ≥ n", () => {
    expect(Array.from(pickNeurons(4, 10))).toEqual([0, 1, 2, 3]);
  });
  it("returns count distinct sorted indices below n", () => {
    const p = Array.from(pickNeurons(1000, 30, 5));
    expect(p.length).toBe(30);
    expect(new Set(p).size).toBe(30);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    expect(Math.max(...p)).toBeLessThan(1000);
  });
});

describe("gather(matrix, nCols, rows, cols)", () => {
  const m = Float32Array.from([0, 1, 2, 10, 11, 12, 20, 21, 22]); // 3 × 3
  it("picks rows and columns in the order given", () => {
    expect(Array.from(gather(m, 3, [2, 0], [1, 2]))).toEqual([21, 22, 1, 2]);
  });
  it("copies whole rows when every column is asked for", () => {
    expect(Array.from(gather(m, 3, [1], [0, 1, 2]))).toEqual([10, 11, 12]);
  });
});

describe("targets(stimuli, kind, nClasses)", () => {
  it("gives degrees [n, 1] for regression and circular decoders", () => {
    expect(targets([10, 350], "circular")).toEqual({data: Float32Array.from([10, 350]), dims: [2, 1]});
  });
  it("gives one-hot bins for the classifier", () => {
    // 4 bins of 90°: 10° → bin 0, 200° → bin 2.
    expect(targets([10, 200], "classifier", 4)).toEqual({
      data: Float32Array.from([1, 0, 0, 0, 0, 0, 1, 0]),
      dims: [2, 4],
    });
  });
});

describe("standardisedTargets(stimuli) and unstandardise(outputs, scale)", () => {
  // 0, 90, 180, 270: mean 135; deviations ±135, ±45, so sd = √((2·135² + 2·45²)/4) = √10125.
  it("standardisedTargets scales by the mean and population sd of the stimuli", () => {
    const t = standardisedTargets([0, 90, 180, 270]);
    expect(t.scale.mean).toBe(135);
    expect(t.scale.sd).toBeCloseTo(Math.sqrt(10125), 12);
    expect(t.dims).toEqual([4, 1]);
    expect(t.data[0]).toBeCloseTo(-135 / Math.sqrt(10125), 6);
    expect(t.data[2]).toBeCloseTo(45 / Math.sqrt(10125), 6);
  });
  it("unstandardise maps y to y·sd + mean", () => {
    expect(Array.from(unstandardise([0, 1, -2], {mean: 100, sd: 10}))).toEqual([100, 110, 80]);
  });
  it("standardisedTargets leaves a single orientation unscaled (sd 1)", () => {
    expect(standardisedTargets([30, 30]).scale).toEqual({mean: 30, sd: 1});
  });
});

describe("error measures", () => {
  it("meanSquaredError does not wrap: 359° vs 1° costs 358²", () => {
    expect(meanSquaredError([359, 10], [1, 12])).toBe((358 ** 2 + 4) / 2);
  });
  it("medianAngularError wraps: 359° vs 1° is 2°", () => {
    expect(medianAngularError([359, 10, 100], [1, 15, 0])).toBe(5);
  });
});
