import {describe, expect, it} from "vitest";
import {pca} from "../../../src/components/core/pca.js";
import {
  activityTrace,
  activityTrajectory,
  binnedActivity,
  histogram,
  ifNetwork,
  ifSimulation,
  ifWeights,
  isolatedRate,
} from "../../../src/components/core/ifNetwork.js";

const f = Math.fround;

/** Row-major W (W[i][j]: from j onto i) to the module's column-major layout. */
function columnMajor(W: number[][]): Float32Array {
  const n = W.length;
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[j * n + i] = W[i][j];
  return w;
}

describe("ifNetwork", () => {
  // Three neurons, weights and drives exactly representable in float32.
  const W = [
    [0, 12.5, -20],
    [30, 0, 7.25],
    [-15, 40, 0],
  ];
  const I = [80, 65, 50];
  const x0 = [-1, -60, -30];
  const run = (steps: number) =>
    ifNetwork({
      n: 3,
      steps,
      weights: columnMajor(W),
      input: new Float32Array(I),
      initial: new Float32Array(x0),
    });

  it("ifNetwork() takes the first Euler step as worked out by hand", () => {
    const r = run(1);
    // x0: -1 + 0.1(-(-1 + 60) + 80) = -1 + 2.1 = 1.1 >= 0: spikes on step 0 and resets to -70.
    // x1: -60 + 0.1(-(0) + 65) = -53.5;  x2: -30 + 0.1(-(30) + 50) = -28.
    expect(Array.from(r.voltages)).toEqual([-70, f(-53.5), f(-28)]);
    expect(Array.from(r.spikeSteps)).toEqual([0]);
    expect(Array.from(r.spikeNeurons)).toEqual([0]);
  });

  it("ifNetwork() delivers a spike's weights on the next step", () => {
    const r = run(2);
    // Step 1: neuron 0 spiked, so neuron 1 gets W10 = 30 and neuron 2 gets W20 = -15.
    // x0: -70 + 0.1(-(-70 + 60) + 80) = -61;  x1: -53.5 + 0.1(-6.5 + 30 + 65) = -44.65;
    // x2: -28 + 0.1(-32 - 15 + 50) = -27.7.
    const x1 = f(f(-53.5) + 0.1 * (-(f(-53.5) + 60) + (30 + 65)));
    const x2 = f(f(-28) + 0.1 * (-(f(-28) + 60) + (-15 + 50)));
    expect(Array.from(r.voltages.subarray(3, 6))).toEqual([f(-70 + 0.1 * (10 + 80)), x1, x2]);
    expect(x1).toBeCloseTo(-44.65, 4);
    expect(x2).toBeCloseTo(-27.7, 4);
  });

  it("ifNetwork() matches a hand-stepped 3-neuron network exactly for 60 steps", () => {
    const steps = 60;
    const r = run(steps);
    // Independent dense implementation of dx = -(x - rest) + W s(t-1) + I, Euler, threshold 0, reset -70.
    let x = x0.map(f);
    let s = [0, 0, 0];
    const voltages: number[] = [];
    const spikes: [number, number][] = [];
    for (let t = 0; t < steps; t++) {
      const rec = W.map((row) => f(row.reduce((acc, w, j) => (s[j] ? f(acc + w) : acc), 0)));
      const next = x.map((xi, i) => f(xi + 0.1 * (-(xi - -60) + (rec[i] + I[i]))));
      s = next.map((v) => (v >= 0 ? 1 : 0));
      x = next.map((v, i) => (s[i] ? -70 : v));
      x.forEach((v, i) => s[i] && spikes.push([t, i]));
      voltages.push(...x);
    }
    expect(spikes.length).toBeGreaterThan(5); // the case exercises spikes from all sides
    expect(Array.from(r.voltages)).toEqual(voltages);
    expect(Array.from(r.spikeSteps)).toEqual(spikes.map((p) => p[0]));
    expect(Array.from(r.spikeNeurons)).toEqual(spikes.map((p) => p[1]));
  });

  it("ifNetwork() fires an uncoupled neuron at the closed-form Euler period", () => {
    // From reset -70 with drive 70, x_k = 10 - 80·0.9^k; it first reaches 0 when 0.9^k <= 1/8, i.e. k = 20.
    const r = ifNetwork({
      n: 1,
      steps: 2000,
      weights: new Float32Array(1),
      input: new Float32Array([70]),
      initial: new Float32Array([-70]),
    });
    expect(Array.from(r.spikeSteps.subarray(0, 3))).toEqual([19, 39, 59]);
    expect(r.spikeCount).toBe(100);
    expect(r.rates[0]).toBeCloseTo(100 / (2000 * 0.1), 10);
  });

  it("ifNetwork() fires faster as the input mean rises", () => {
    const means = [62, 66, 70, 80, 100];
    const rates = means.map((inputMean) => {
      const r = ifNetwork({n: 200, steps: 2000, inputMean, seed: 3});
      return r.spikeCount / (r.n * r.steps * r.dt);
    });
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeGreaterThan(rates[k - 1]);
  });

  it("ifNetwork() is deterministic for a seed", () => {
    const a = ifNetwork({n: 50, steps: 300, noise: 5, seed: 7});
    const b = ifNetwork({n: 50, steps: 300, noise: 5, seed: 7});
    expect(a.voltages).toEqual(b.voltages);
    expect(ifNetwork({n: 50, steps: 300, noise: 5, seed: 8}).voltages).not.toEqual(a.voltages);
  });

  it("ifSimulation(options).advance(k) in chunks equals ifNetwork(options) in one go", () => {
    const options = {n: 40, steps: 500, noise: 3, weightScale: 80, seed: 4};
    const sim = ifSimulation(options);
    while (sim.done < sim.steps) sim.advance(77);
    const chunked = sim.result();
    const whole = ifNetwork(options);
    expect(chunked.voltages).toEqual(whole.voltages);
    expect(chunked.spikeNeurons).toEqual(whole.spikeNeurons);
  });

  it("ifSimulation(options).result() refuses an unfinished run", () => {
    const sim = ifSimulation({n: 5, steps: 10});
    sim.advance(3);
    expect(() => sim.result()).toThrow(/only 3 of 10/);
  });

  it("ifNetwork() rejects weights of the wrong size", () => {
    expect(() => ifNetwork({n: 3, weights: new Float32Array(4)})).toThrow(/expected 9/);
  });
});

describe("ifWeights", () => {
  it('ifWeights(n, {structure: "dale"}) fixes each column\'s sign, 80% excitatory', () => {
    const n = 100;
    const w = ifWeights(n, {structure: "dale", seed: 2});
    const signs = Array.from({length: n}, (_, j) => {
      const col = Array.from(w.subarray(j * n, (j + 1) * n)).filter((_, i) => i !== j);
      if (col.every((v) => v >= 0)) return 1;
      if (col.every((v) => v <= 0)) return -1;
      return 0;
    });
    expect(signs.filter((s) => s === 0)).toEqual([]);
    expect(signs.filter((s) => s === 1).length).toBe(80);
  });

  it('ifWeights(n, {structure: "dale"}) balances excitation and inhibition on average', () => {
    const n = 400;
    const w = ifWeights(n, {structure: "dale", weightScale: 10});
    let sum = 0;
    let abs = 0;
    for (const v of w) ((sum += v), (abs += Math.abs(v)));
    expect(Math.abs(sum) / abs).toBeLessThan(0.05);
  });

  it('ifWeights(n, {structure: "random"}) has mean 0 and deviation g/√N', () => {
    const n = 400;
    const w = ifWeights(n, {structure: "random", weightScale: 20});
    const off = Array.from(w).filter((_, k) => k % (n + 1) !== 0);
    const mean = off.reduce((a, b) => a + b, 0) / off.length;
    const sd = Math.sqrt(off.reduce((a, b) => a + (b - mean) ** 2, 0) / off.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeCloseTo(20 / Math.sqrt(n), 1);
  });

  it('ifWeights(n, {structure: "ring"}) depends only on ring distance: near excites, far inhibits', () => {
    const n = 60;
    const w = ifWeights(n, {structure: "ring", ringWidth: 0.1});
    const W = (i: number, j: number) => w[j * n + i];
    expect(W(5, 6)).toBe(W(0, 59)); // distance 1, across the wrap
    expect(W(10, 13)).toBe(W(13, 10));
    expect(W(0, 1)).toBeGreaterThan(0);
    expect(W(0, 30)).toBeLessThan(0);
  });

  it("ifWeights() has no self-connections", () => {
    for (const structure of ["random", "dale", "ring"] as const) {
      const w = ifWeights(20, {structure});
      for (let i = 0; i < 20; i++) expect(w[i * 20 + i]).toBe(0);
    }
  });
});

describe("isolatedRate", () => {
  it("isolatedRate(70) is one spike per 20 steps of 0.1, and 0 below threshold", () => {
    expect(isolatedRate(70)).toBeCloseTo(0.5, 12);
    expect(isolatedRate(60)).toBe(0);
    expect(isolatedRate(55)).toBe(0);
  });

  it.each([61, 64, 75, 90, 150, 400])("isolatedRate(%d) matches a simulated lone neuron", (drive) => {
    const r = ifNetwork({
      n: 1,
      steps: 4000,
      weights: new Float32Array(1),
      input: new Float32Array([drive]),
      initial: new Float32Array([-70]),
    });
    // From reset the neuron is periodic, so spikes = floor(T / period).
    const period = 1 / (isolatedRate(drive) * 0.1);
    expect(r.spikeCount).toBe(Math.floor(4000 / Math.round(period)));
  });
});

describe("activityTrace", () => {
  it("activityTrace(result, {tau, every}) decays by exp(-dt/tau) per step and jumps by 1 at spikes", () => {
    const result = {
      n: 2,
      steps: 4,
      dt: 0.5,
      spikeCount: 2,
      spikeSteps: new Int32Array([0, 2]),
      spikeNeurons: new Int32Array([0, 1]),
    };
    const {samples, trace} = activityTrace(result, {tau: 1, every: 2});
    const d = Math.exp(-0.5);
    expect(samples).toBe(2);
    // End of step 1: neuron 0 spiked at step 0, decayed once. End of step 3: it decayed 3 times; neuron 1 once.
    [d, 0, d ** 3, d].forEach((v, k) => expect(trace[k]).toBeCloseTo(v, 6));
  });
});

describe("activityTrajectory", () => {
  const r = ifNetwork({n: 60, steps: 1000, weightScale: 100, structure: "dale", seed: 2});

  it("activityTrajectory(result) gives one point per sample, PC1 explaining at least PC2", () => {
    const {points, explained} = activityTrajectory(r, {samples: 100});
    expect(points).toHaveLength(100);
    expect(points[0].time).toBeCloseTo(0.9, 10);
    expect(explained[0]).toBeGreaterThanOrEqual(explained[1]);
    expect(explained[0] + explained[1]).toBeLessThanOrEqual(1 + 1e-9);
  });

  it("activityTrajectory(result) projects the fitted samples onto their own PCA scores", () => {
    // With every sample in the fit, the projections must equal pca()'s scores of the activity trace.
    const {points} = activityTrajectory(r, {samples: 100, fitSamples: 100});
    const {samples, trace} = activityTrace(r, {every: 10});
    const {scores} = pca(trace, samples, r.n, {components: 2});
    for (let s = 0; s < samples; s++) {
      expect(points[s].pc1).toBeCloseTo(scores[2 * s], 6);
      expect(points[s].pc2).toBeCloseTo(scores[2 * s + 1], 6);
    }
  });
});

describe("binnedActivity", () => {
  it("binnedActivity(result) counts spikes per bin and neuron", () => {
    const result = {
      n: 2,
      steps: 5,
      spikeCount: 4,
      spikeSteps: new Int32Array([0, 1, 2, 4]),
      spikeNeurons: new Int32Array([0, 0, 1, 1]),
    };
    const {bins, counts} = binnedActivity(result, {binSteps: 2});
    expect(bins).toBe(3);
    expect(Array.from(counts)).toEqual([2, 0, 0, 1, 0, 1]);
  });
});

describe("histogram", () => {
  it("histogram(values, {bins, lo, hi}) counts values per bin, clamping the ends", () => {
    const h = histogram([-5, 0, 0.4, 0.5, 0.99, 1, 7], {bins: 2, lo: 0, hi: 1});
    expect(h.map((b) => b.count)).toEqual([3, 4]);
    expect(h.map((b) => [b.x0, b.x1])).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
  });
});
