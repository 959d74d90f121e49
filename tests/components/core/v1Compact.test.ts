import {describe, expect, it} from "vitest";
import {
  compactResponses,
  expandResponses,
  reconstructionError,
  CODE_STEPS,
} from "../../../src/components/core/v1Compact.js";
import {rdm, upperTriangle} from "../../../src/components/core/rdm.js";
import {correlate} from "../../../src/components/core/compare.js";
import {splitHalfCeiling} from "../../../src/components/core/noiseCeiling.js";
import {tuningStats} from "../../../src/components/core/tuning.js";
import {syntheticV1} from "../../../data-loaders/syntheticV1.js";

describe("compactResponses / expandResponses", () => {
  it("maps each neuron's [min, max] onto codes 0…255, worked out by hand", () => {
    // 3 stimuli × 2 neurons, stimulus-major: neuron 0 takes -1, 0, 1.55; neuron 1 takes 2, 4, 2.
    const x = Float32Array.of(-1, 2, 0, 4, 1.55, 2);
    const c = compactResponses(x, 3, 2);
    expect(Array.from(c.offset)).toEqual([-1, 2]);
    expect(c.scale[0]).toBeCloseTo(2.55 / 255, 7); // 0.01
    expect(c.scale[1]).toBeCloseTo(2 / 255, 7);
    // neuron-major codes: neuron 0's three stimuli, then neuron 1's
    expect(Array.from(c.codes)).toEqual([0, 100, 255, 0, 255, 0]);
    const back = expandResponses(c);
    expect(back[0]).toBe(-1);
    expect(back[2]).toBeCloseTo(0, 6);
    expect(back[4]).toBeCloseTo(1.55, 6);
    expect(back[3]).toBeCloseTo(4, 6);
  });

  it("keeps a constant neuron exactly, with scale 0", () => {
    const x = Float32Array.of(0.25, 1, 0.25, 2, 0.25, 3);
    const c = compactResponses(x, 3, 2);
    expect(c.scale[0]).toBe(0);
    expect(Array.from(c.codes.subarray(0, 3))).toEqual([0, 0, 0]);
    const back = expandResponses(c);
    expect([back[0], back[2], back[4]]).toEqual([0.25, 0.25, 0.25]);
  });

  it("stays within half a step of every value, including a neuron with a huge outlier", () => {
    const n = 500;
    const x = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      x[i * 3] = Math.sin(i); // smooth
      x[i * 3 + 1] = ((i * 7919) % 101) / 10 - 5; // spread evenly
      x[i * 3 + 2] = i === 17 ? 1e4 : Math.cos(i) * 0.01; // one outlier: the others collapse onto a few codes
    }
    const c = compactResponses(x, n, 3);
    const back = expandResponses(c);
    for (let k = 0; k < x.length; k++) {
      const j = k % 3;
      expect(Math.abs(back[k] - x[k])).toBeLessThanOrEqual(c.scale[j] / 2 + 1e-6 * Math.max(1, Math.abs(x[k])));
    }
    expect(back[17 * 3 + 2]).toBeCloseTo(1e4, 1);
    // The outlier's neuron has a step of 1e4/255 ≈ 39: the small values all land on code 0.
    expect(c.scale[2]).toBeCloseTo((1e4 + 0.01) / CODE_STEPS, 1);
    const err = reconstructionError(x, c);
    expect(err.max).toBeLessThanOrEqual(c.scale[2] / 2 + 1e-3);
  });

  it("rejects NaN and infinities, naming the stimulus and neuron", () => {
    expect(() => compactResponses(Float32Array.of(0, 1, NaN, 2), 2, 2)).toThrow(/stimulus 1, neuron 0 holds NaN/);
    expect(() => compactResponses(Float32Array.of(0, Infinity), 1, 2)).toThrow(/stimulus 0, neuron 1 holds Infinity/);
    expect(() => compactResponses(Float32Array.of(0, 1, 2), 2, 2)).toThrow(/3 values for 2 × 2/);
  });

  it("is idempotent: the decoded values quantise to the same codes", () => {
    const {responses, nStimuli, nNeurons} = syntheticV1({nStimuli: 36, nNeurons: 300, seed: 5});
    const c = compactResponses(responses, nStimuli, nNeurons);
    const again = compactResponses(expandResponses(c), nStimuli, nNeurons);
    expect(again.codes).toEqual(c.codes);
  });
});

describe("the compact form changes no headline result (small synthetic population)", () => {
  // 72 stimuli × 3,000 neurons of the site's synthetic generator: the same kind of data the build ships.
  const {responses, stimuli, nStimuli, nNeurons} = syntheticV1({nStimuli: 72, nNeurons: 3000, seed: 11});
  const back = expandResponses(compactResponses(responses, nStimuli, nNeurons));

  it("reconstruction error: RMS under 1% and max under 4% of a z-scored response's SD", () => {
    const err = reconstructionError(responses, compactResponses(responses, nStimuli, nNeurons));
    expect(err.rms).toBeLessThan(0.01);
    expect(err.max).toBeLessThan(0.04);
  });

  it("the V1 RDM correlates with the float32 one at ρ ≥ 0.999 and its noise ceiling moves by < 0.005", () => {
    const a = upperTriangle(rdm(responses, nStimuli, nNeurons), nStimuli);
    const b = upperTriangle(rdm(back, nStimuli, nNeurons), nStimuli);
    expect(correlate(a, b, {method: "spearman"})).toBeGreaterThan(0.999);
    expect(correlate(a, b, {method: "pearson"})).toBeGreaterThan(0.9999);
    const ceilA = splitHalfCeiling(responses, nStimuli, nNeurons, {splits: 4});
    const ceilB = splitHalfCeiling(back, nStimuli, nNeurons, {splits: 4});
    expect(Math.abs(ceilA.reliability - ceilB.reliability)).toBeLessThan(0.005);
    expect(Math.abs(ceilA.splitHalf - ceilB.splitHalf)).toBeLessThan(0.005);
  });

  it("tuning summaries: preferred orientations within 1° (median) and OSI within 0.01 (median)", () => {
    const a = tuningStats(responses, stimuli, nNeurons);
    const b = tuningStats(back, stimuli, nNeurons);
    const median = (v: number[]) => v.sort((p, q) => p - q)[Math.floor(v.length / 2)];
    const angle = (d: number) => Math.abs(((d + 540) % 360) - 180);
    expect(median(Array.from(a.preferred, (p, j) => angle(p - b.preferred[j])))).toBeLessThan(1);
    expect(median(Array.from(a.osi, (o, j) => Math.abs(o - b.osi[j])))).toBeLessThan(0.01);
  });
});
