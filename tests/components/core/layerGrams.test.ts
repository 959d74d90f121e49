import {describe, expect, it} from "vitest";
import {
  binLayerGram,
  layerGram,
  layerGramsAt,
  layerGramsBinnedAt,
  MAX_BINNED_STIMULI,
  layerRdm,
  nearestStimuli,
  packLower,
  unpackLower,
} from "../../../src/components/core/layerGrams.js";
import {binByOrientation} from "../../../src/components/core/binning.js";
import {rdm, RDM_METRICS} from "../../../src/components/core/rdm.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";

const z = seededNormal(seededSource(4));
const n = 12;
const p = 7;
const stimuli = Float32Array.from({length: n}, (_, i) => i * 30 + 3);
const activations = Float32Array.from({length: n * p}, () => z() + 1);
const layer = layerGram({network: "net", layer: "l1", activations, nUnits: p}, n);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("layerRdm", () => {
  it.each(RDM_METRICS)("layerRdm(layerGram(x), {metric: %s}) equals rdm(x) computed from the activations", (metric) => {
    expect(maxAbsDiff(layerRdm(layer, {metric}), rdm(activations, n, p, {metric}))).toBeLessThan(1e-10);
  });
});

describe("binLayerGram", () => {
  it("binning the Grams equals the Grams of binned activations (B K Bᵀ)", () => {
    const binned = binByOrientation(activations, stimuli, p, 60);
    const direct = layerGram({network: "net", layer: "l1", activations: binned.responses, nUnits: p}, binned.nStimuli);
    const viaGram = binLayerGram(layer, stimuli, 60);
    expect(viaGram.n).toBe(binned.nStimuli);
    expect(maxAbsDiff(viaGram.gram, direct.gram)).toBeLessThan(1e-5);
    expect(maxAbsDiff(viaGram.centered, direct.centered)).toBeLessThan(1e-5);
  });
});

describe("packLower", () => {
  it("unpackLower(packLower(G)) gives back the symmetric matrix", () => {
    const back = unpackLower(packLower(layer.gram, n), n);
    expect(maxAbsDiff(back, layer.gram)).toBeLessThan(1e-5 * Math.max(...layer.gram));
  });
});

describe("layerGramsAt", () => {
  it("nearestStimuli(from, to) picks the circularly nearest stimulus and refuses a gap over 1°", () => {
    expect(Array.from(nearestStimuli([0, 1, 2, 359], [358.8, 0.4, 1.6]))).toEqual([3, 0, 2]);
    expect(() => nearestStimuli([0, 10], [5])).toThrow("no network stimulus within 1° of 5°");
  });

  it("layerGramsAt gives the Grams of the activations on the selected stimuli (raw and centred)", () => {
    const n = 6;
    const nUnits = 4;
    const activations = Float32Array.from({length: n * nUnits}, seededNormal(seededSource(3)));
    const from = [0, 60, 120, 180, 240, 300];
    const full = layerGram({network: "net", layer: "l", activations, nUnits}, n);
    const to = [120.3, 299.6, 0];
    const rows = [2, 5, 0];
    const sub = Float32Array.from(rows.flatMap((r) => Array.from(activations.subarray(r * nUnits, (r + 1) * nUnits))));
    const direct = layerGram({network: "net", layer: "l", activations: sub, nUnits}, rows.length);
    const [at] = layerGramsAt([full], from, to);
    expect(at.n).toBe(3);
    Array.from(at.gram).forEach((v, i) => expect(v).toBeCloseTo(direct.gram[i], 12));
    Array.from(at.centered).forEach((v, i) => expect(v).toBeCloseTo(direct.centered[i], 12));
    expect(layerGramsAt([full], from, from)[0]).toBe(full);
  });

  it("layerGramsBinnedAt equals binning layerGramsAt's Grams, and is binLayerGram when the stimuli agree", () => {
    const n = 36;
    const nUnits = 5;
    const activations = Float32Array.from({length: n * nUnits}, seededNormal(seededSource(8)));
    const from = Array.from({length: n}, (_, i) => i * 10);
    const full = layerGram({network: "net", layer: "l", activations, nUnits}, n);
    // A reader's stimuli: 50 orientations, some repeated, in no order.
    const to = Array.from({length: 50}, (_, i) => ((i * 70) % 360) + (i % 3) * 0.3);
    for (const binWidth of [1, 20]) {
      const direct = binLayerGram(layerGramsAt([full], from, to)[0], to, binWidth);
      const [binned] = layerGramsBinnedAt([full], from, to, binWidth);
      expect(binned.n).toBe(direct.n);
      Array.from(binned.gram).forEach((v, i) => expect(v).toBeCloseTo(direct.gram[i], 10));
      Array.from(binned.centered).forEach((v, i) => expect(v).toBeCloseTo(direct.centered[i], 10));
    }
    expect(layerGramsBinnedAt([full], from, from, 30)[0].gram).toEqual(binLayerGram(full, from, 30).gram);
    const many = Array.from({length: MAX_BINNED_STIMULI + 1}, (_, i) => (i * 360) / (MAX_BINNED_STIMULI + 1));
    expect(() => layerGramsBinnedAt([full], from, many, 1)).toThrow(
      /too many for the networks' RDMs here .*widen the bins/,
    );
  });
});
