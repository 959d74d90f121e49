import {describe, expect, it} from "vitest";
import {binLayerGram, layerGram, layerRdm, packLower, unpackLower} from "../../../src/components/core/layerGrams.js";
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
