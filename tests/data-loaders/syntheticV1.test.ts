import {describe, expect, it} from "vitest";
import {SYNTHETIC_V1_DEFAULTS, syntheticV1} from "../../data-loaders/syntheticV1.ts";
import {zScoreColumns} from "../../src/components/core/linalg.ts";
import {pca} from "../../src/components/core/pca.ts";
import {tuningStats} from "../../src/components/core/tuning.ts";

const nNeurons = 2000;
const pop = syntheticV1({nNeurons, seed: 11});
const {responses, stimuli, nStimuli, truth} = pop;
const RAD = Math.PI / 180;

/** Share of each neuron's variance carried by the first two Fourier harmonics of its tuning curve. */
function harmonicShare(j: number): number {
  let c1 = 0,
    s1 = 0,
    c2 = 0,
    s2 = 0,
    ss = 0;
  for (let s = 0; s < nStimuli; s++) {
    const r = responses[s * nNeurons + j];
    const t = stimuli[s] * RAD;
    c1 += r * Math.cos(t);
    s1 += r * Math.sin(t);
    c2 += r * Math.cos(2 * t);
    s2 += r * Math.sin(2 * t);
    ss += r * r;
  }
  // Parseval for evenly spaced samples: a harmonic with sums (c, s) carries 2(c² + s²)/n of the sum of squares.
  return ((2 / nStimuli) * (c1 * c1 + s1 * s1 + c2 * c2 + s2 * s2)) / ss;
}

describe("syntheticV1", () => {
  it("syntheticV1() defaults to the real data's size", () => {
    expect([SYNTHETIC_V1_DEFAULTS.nStimuli, SYNTHETIC_V1_DEFAULTS.nNeurons]).toEqual([360, 23589]);
  });

  it("syntheticV1(options) is deterministic for a seed", () => {
    const a = syntheticV1({nNeurons: 50, seed: 3});
    const b = syntheticV1({nNeurons: 50, seed: 3});
    expect(Buffer.from(a.responses.buffer).equals(Buffer.from(b.responses.buffer))).toBe(true);
  });

  it("syntheticV1(options) differs between seeds", () => {
    const a = syntheticV1({nNeurons: 50, seed: 3});
    const b = syntheticV1({nNeurons: 50, seed: 4});
    expect(Buffer.from(a.responses.buffer).equals(Buffer.from(b.responses.buffer))).toBe(false);
  });

  it("syntheticV1 stimuli are 1° bin centres over 0–360°", () => {
    expect([stimuli.length, stimuli[0], stimuli[359]]).toEqual([360, 0.5, 359.5]);
  });

  it("syntheticV1 responses are z-scored per neuron", () => {
    let worstMean = 0;
    let worstSd = 0;
    for (let j = 0; j < nNeurons; j++) {
      let m = 0,
        q = 0;
      for (let s = 0; s < nStimuli; s++) m += responses[s * nNeurons + j];
      m /= nStimuli;
      for (let s = 0; s < nStimuli; s++) q += (responses[s * nNeurons + j] - m) ** 2;
      worstMean = Math.max(worstMean, Math.abs(m));
      worstSd = Math.max(worstSd, Math.abs(Math.sqrt(q / nStimuli) - 1));
    }
    expect(worstMean).toBeLessThan(1e-5);
    expect(worstSd).toBeLessThan(1e-4);
  });

  it("syntheticV1 tuned share is recovered from the responses by a harmonic test", () => {
    // Pure noise puts ~4/360 ≈ 1% of its variance in the two harmonics; 5% is far in the tail (χ²₄ > 18).
    let recovered = 0;
    let falsePositives = 0;
    for (let j = 0; j < nNeurons; j++) {
      const tuned = harmonicShare(j) > 0.05;
      if (tuned) recovered++;
      if (tuned && !truth.tuned[j]) falsePositives++;
    }
    const trueShare = truth.tuned.reduce((a, b) => a + b, 0) / nNeurons;
    expect(Math.abs(trueShare - SYNTHETIC_V1_DEFAULTS.tunedFraction)).toBeLessThan(0.04);
    expect(Math.abs(recovered / nNeurons - trueShare)).toBeLessThan(0.1);
    expect(falsePositives / nNeurons).toBeLessThan(0.02);
  });

  it("syntheticV1 preferred orientations are recovered for well-tuned neurons", () => {
    const {preferred} = tuningStats(responses, stimuli, nNeurons);
    const errors: number[] = [];
    for (let j = 0; j < nNeurons; j++) {
      if (!truth.tuned[j] || truth.gain[j] < 1) continue;
      const d = Math.abs(preferred[j] - truth.preferred[j]) % 180; // orientation error: 0° and 180° peaks alike
      errors.push(Math.min(d, 180 - d));
    }
    errors.sort((a, b) => a - b);
    expect(errors[errors.length >> 1]).toBeLessThan(5);
  });

  it("syntheticV1 preferred orientations spread over the whole circle", () => {
    const {preferred} = tuningStats(responses, stimuli, nNeurons);
    const counts = new Array(8).fill(0);
    let n = 0;
    for (let j = 0; j < nNeurons; j++) {
      if (!truth.tuned[j]) continue;
      counts[Math.floor(preferred[j] / 45) % 8]++;
      n++;
    }
    for (const c of counts) expect(c / n).toBeGreaterThan(0.08);
    for (const c of counts) expect(c / n).toBeLessThan(0.17);
  });

  it("syntheticV1 tuning widths and gains vary across neurons", () => {
    const k = Array.from(truth.kappa);
    const g = Array.from(truth.gain).filter((v, j) => truth.tuned[j]);
    expect(Math.max(...k) / Math.min(...k)).toBeGreaterThan(5);
    expect(Math.max(...g) / Math.min(...g)).toBeGreaterThan(5);
  });

  it("syntheticV1 neurons share fluctuations (correlated beyond their tuning)", () => {
    // Untuned neurons share only the latent fluctuations. Independent z-scored series of length n have mean squared
    // correlation 1/n; shared fluctuations raise it.
    const untuned = [...truth.tuned.keys()].filter((j) => !truth.tuned[j]).slice(0, 40);
    let sum = 0;
    let count = 0;
    for (let a = 0; a < untuned.length; a++) {
      for (let b = a + 1; b < untuned.length; b++) {
        let c = 0;
        for (let s = 0; s < nStimuli; s++)
          c += responses[s * nNeurons + untuned[a]] * responses[s * nNeurons + untuned[b]];
        sum += (c / nStimuli) ** 2;
        count++;
      }
    }
    expect((sum / count) * nStimuli).toBeGreaterThan(1.5);
  });

  it("syntheticV1 population traces a ring on its first two principal components", () => {
    // Orientation tuning dominates the population's variance: PC1–PC2 angle follows twice the orientation.
    const p = pca(responses, nStimuli, nNeurons, {components: 2});
    let c = 0;
    let s = 0;
    for (let i = 0; i < nStimuli; i++) {
      const a = Math.atan2(p.scores[i * 2 + 1], p.scores[i * 2]) - 2 * stimuli[i] * RAD;
      c += Math.cos(a);
      s += Math.sin(a);
    }
    // Mean resultant length of (PC angle − 2θ), ±: 1 is a perfect ring, ~0 a cloud. Mirror images give −2θ.
    let cm = 0;
    let sm = 0;
    for (let i = 0; i < nStimuli; i++) {
      const a = Math.atan2(p.scores[i * 2 + 1], p.scores[i * 2]) + 2 * stimuli[i] * RAD;
      cm += Math.cos(a);
      sm += Math.sin(a);
    }
    expect(Math.max(Math.hypot(c, s), Math.hypot(cm, sm)) / nStimuli).toBeGreaterThan(0.9);
  });
});

describe("zScoreColumns", () => {
  it("zScoreColumns(matrix) gives each column mean 0 and SD 1", () => {
    const m = Float32Array.of(1, 10, 3, 30); // 2 rows × 2 columns
    zScoreColumns(m, 2, 2);
    expect(Array.from(m)).toEqual([-1, -1, 1, 1]);
  });
});
