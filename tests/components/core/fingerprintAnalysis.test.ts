import {describe, expect, it} from "vitest";
import {
  FINGERPRINT_DEFAULTS,
  fingerprintScores,
  summarizeScores,
  targets,
} from "../../../src/components/core/fingerprintAnalysis.js";
import {layerGram} from "../../../src/components/core/layerGrams.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";

const z = seededNormal(seededSource(12));
const nStimuli = 40;
const nNeurons = 6;
const stimuli = Float32Array.from({length: nStimuli}, (_, i) => i * 9);
const features = Float32Array.from({length: nStimuli * 3}, () => z());
// Each neuron is a linear function of the three features: a layer with those features predicts it.
const responses = Float32Array.from({length: nStimuli * nNeurons}, (_, k) => {
  const i = Math.floor(k / nNeurons);
  const j = k % nNeurons;
  return features[i * 3] * (j + 1) - features[i * 3 + 1 + (j % 2)];
});
const v1 = {responses, stimuli, nStimuli, nNeurons};
const opts = {...FINGERPRINT_DEFAULTS, binWidth: 1, alpha: 1e-6};

describe("targets", () => {
  it("targets(v1, null, {groupSize: 2, grouping: 'random'}) averages every neuron into exactly one pair", () => {
    const tg = targets(v1, null, {...opts, groupSize: 2, grouping: "random"});
    expect(tg.t).toBe(3);
    // Each neuron is used once, so twice the sum of the pair means is the sum of the row.
    const row = Array.from(responses.subarray(0, nNeurons)).reduce((a, b) => a + b, 0);
    expect(2 * (tg.y[0] + tg.y[1] + tg.y[2])).toBeCloseTo(row, 5);
  });

  it("grouping by preferred orientation averages neighbours in preferred order", () => {
    const preferred = [50, 10, 40, 20, 30, 0];
    const tg = targets(v1, preferred, {...opts, groupSize: 2, grouping: "preferred"});
    // Sorted by preference: neurons 5, 1 | 3, 4 | 2, 0.
    expect(tg.y[0]).toBeCloseTo((responses[5] + responses[1]) / 2, 6);
    expect(tg.y[2]).toBeCloseTo((responses[2] + responses[0]) / 2, 6);
  });
});

describe("fingerprintScores", () => {
  it("a layer holding the generating features predicts every neuron (R² ≈ 1); a noise layer does not", () => {
    const good = layerGram({network: "n", layer: "features", activations: features, nUnits: 3}, nStimuli);
    const noise = layerGram(
      {network: "n", layer: "noise", activations: Float32Array.from({length: nStimuli * 3}, () => z()), nUnits: 3},
      nStimuli,
    );
    const tg = targets(v1, null, opts);
    const [s1, s2] = fingerprintScores([good, noise], tg, opts);
    for (const s of s1) expect(s).toBeGreaterThan(0.999);
    for (const s of s2) expect(s).toBeLessThan(0.5);
    const summary = summarizeScores(
      [
        {network: "n", layer: "features"},
        {network: "n", layer: "noise"},
      ],
      [s1, s2],
    );
    expect(summary[0].bestShare).toBe(1);
    expect(summary[1].bestShare).toBe(0);
  });
});
