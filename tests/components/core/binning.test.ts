import {describe, expect, it} from "vitest";
import {
  binByOrientation,
  binGram,
  digitize,
  orientationBinEdges,
  orientationBins,
} from "../../../src/components/core/binning.ts";

describe("orientationBinEdges", () => {
  it("orientationBinEdges(5) matches np.arange(0, 365, 5)", () => {
    const e = orientationBinEdges(5);
    expect(e.length).toBe(73);
    expect([e[0], e[1], e[72]]).toEqual([0, 5, 360]);
  });

  it("orientationBinEdges(7) stops below 360 + 7 like np.arange(0, 367, 7)", () => {
    const e = orientationBinEdges(7);
    expect(e.length).toBe(53);
    expect(e[52]).toBe(364);
  });
});

describe("digitize", () => {
  const edges = Float64Array.of(0, 5, 10);
  it("digitize(x, edges) counts the edges at or below x (np.digitize, right=False)", () => {
    expect([0, 4.9, 5, 9.99, 10].map((x) => digitize(x, edges))).toEqual([1, 1, 2, 2, 3]);
  });

  it("digitize(x, edges) is 0 below the first edge", () => {
    expect(digitize(-1, edges)).toBe(0);
  });
});

describe("binByOrientation", () => {
  // 5 stimuli × 2 neurons.
  const stimuli = Float32Array.of(0, 4.5, 5, 7, 12);
  const responses = Float32Array.of(1, 10, 2, 20, 3, 30, 5, 50, 7, 70);

  it("binByOrientation averages stimuli and responses within each bin", () => {
    const b = binByOrientation(responses, stimuli, 2, 5);
    expect(b.nStimuli).toBe(3);
    expect(Array.from(b.stimuli)).toEqual([2.25, 6, 12]);
    expect(Array.from(b.responses)).toEqual([1.5, 15, 4, 40, 7, 70]);
  });

  it("binByOrientation skips empty bins", () => {
    const b = binByOrientation(Float32Array.of(1, 2), Float32Array.of(1, 100), 1, 10);
    expect(Array.from(b.stimuli)).toEqual([1, 100]);
  });

  it("binByOrientation with bin width 1 returns the data unchanged, as the seed does", () => {
    const b = binByOrientation(responses, stimuli, 2, 1);
    expect(b.responses).toBe(responses);
    expect(Array.from(b.stimuli)).toEqual(Array.from(stimuli));
  });

  it("binByOrientation keeps 360° in a bin of its own (past the last edge)", () => {
    const b = binByOrientation(Float32Array.of(1, 2, 3), Float32Array.of(355, 359, 360), 1, 10);
    expect(Array.from(b.stimuli)).toEqual([357, 360]);
  });

  it("binByOrientation rejects a size mismatch", () => {
    expect(() => binByOrientation(responses, stimuli, 3, 5)).toThrow(/10 responses is not 5 stimuli × 3 neurons/);
  });
});

describe("binGram", () => {
  it("binGram(gram(X)) equals gram(binByOrientation(X))", async () => {
    const {gram} = await import("../../../src/components/core/linalg.ts");
    const stimuli = Float32Array.of(1, 3, 12, 14, 15, 40);
    const x = Float32Array.from({length: 6 * 3}, (_, i) => Math.sin(i * 1.7) * 3);
    const binned = binByOrientation(x, stimuli, 3, 10);
    const expected = gram(binned.responses, binned.nStimuli, 3);
    const got = binGram(gram(x, 6, 3), stimuli, 10);
    expect(got.nStimuli).toBe(3);
    got.gram.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });
});

describe("orientationBins", () => {
  it("orientationBins(stimuli, width) numbers occupied bins in order and counts their stimuli", () => {
    const b = orientationBins(Float32Array.of(25, 1, 3, 27, 100), 10);
    expect(Array.from(b.row)).toEqual([1, 0, 0, 1, 2]);
    expect(Array.from(b.counts)).toEqual([2, 2, 1]);
    expect(b.nBins).toBe(3);
  });
});
