import {describe, expect, it} from "vitest";
import {choleskySolve, gram} from "../../../src/components/core/linalg.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {
  cvSmoothers,
  foldLabels,
  kernelScale,
  predictScores,
  ridgeSmoothers,
  scoreTargets,
  selectAlpha,
} from "../../../src/components/core/ridge.js";

const z = seededNormal(seededSource(21));
const n = 9;
const p = 4;
const x = Float64Array.from({length: n * p}, () => z());
const y = Float64Array.from({length: n}, () => z());

/** Primal ridge with intercept, (XcᵀXc + αI)⁻¹ Xcᵀ yc on centered training data, as an independent reference. */
function primalPredict(train: number[], test: number[], alpha: number): number[] {
  const mx = new Float64Array(p);
  let my = 0;
  for (const t of train) {
    for (let k = 0; k < p; k++) mx[k] += x[t * p + k] / train.length;
    my += y[t] / train.length;
  }
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (const t of train) {
    for (let r = 0; r < p; r++) {
      b[r] += (x[t * p + r] - mx[r]) * (y[t] - my);
      for (let c = 0; c < p; c++) a[r * p + c] += (x[t * p + r] - mx[r]) * (x[t * p + c] - mx[c]);
    }
  }
  for (let r = 0; r < p; r++) a[r * p + r] += alpha;
  const beta = choleskySolve(a, b, p);
  return test.map((i) => my + beta.reduce((s, bk, k) => s + bk * (x[i * p + k] - mx[k]), 0));
}

describe("ridgeSmoothers", () => {
  it("ridgeSmoothers(K, ...) predicts what the primal closed form (XᵀX + αI)⁻¹Xᵀy predicts", () => {
    const train = [0, 2, 3, 5, 6, 8];
    const test = [1, 4, 7];
    const alphas = [0.1, 3];
    const ws = ridgeSmoothers(gram(x, n, p), n, train, test, alphas);
    ws.forEach((w, a) => {
      const expected = primalPredict(train, test, alphas[a]);
      test.forEach((_, r) => {
        const predicted = train.reduce((s, t, c) => s + w[r * train.length + c] * y[t], 0);
        expect(predicted).toBeCloseTo(expected[r], 10);
      });
    });
  });

  it("ridgeSmoothers predicts a constant target exactly (the intercept is not penalised)", () => {
    const [w] = ridgeSmoothers(gram(x, n, p), n, [0, 1, 2, 3, 4], [5, 6], [100]);
    for (let r = 0; r < 2; r++) expect(w.subarray(r * 5, r * 5 + 5).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("ridgeSmoothers rejects a non-positive alpha", () => {
    expect(() => ridgeSmoothers(gram(x, n, p), n, [0, 1, 2], [3], [0])).toThrow(/alpha must be positive/);
  });
});

describe("foldLabels and kernelScale", () => {
  it("foldLabels(10, 3) deals 4, 3 and 3 stimuli to the folds", () => {
    const counts = [0, 0, 0];
    for (const f of foldLabels(10, 3)) counts[f]++;
    expect(counts).toEqual([4, 3, 3]);
  });

  it("kernelScale(K) is the mean squared norm of the centered rows", () => {
    // Rows (0,0), (2,0), (4,0): centered (−2,0), (0,0), (2,0) → mean squared norm 8/3.
    expect(kernelScale(gram(Float64Array.of(0, 0, 2, 0, 4, 0), 3, 2), 3)).toBeCloseTo(8 / 3, 12);
  });
});

describe("cvSmoothers and predictScores", () => {
  it("every held-out row uses only other folds and sums to 1", () => {
    const labels = foldLabels(n, 3, 7);
    const [pm] = cvSmoothers(gram(x, n, p), n, [1], {folds: 3, seed: 7});
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        if (labels[j] === labels[i]) expect(pm[i * n + j]).toBe(0);
        s += pm[i * n + j];
      }
      expect(s).toBeCloseTo(1, 12);
    }
  });

  it("cvSmoothers rows match the primal fit on the other folds (relative alpha × kernelScale)", () => {
    const k = gram(x, n, p);
    const labels = foldLabels(n, 3, 2);
    const [pm] = cvSmoothers(k, n, [0.5], {folds: 3, seed: 2});
    const test = [...labels.keys()].filter((i) => labels[i] === 0);
    const train = [...labels.keys()].filter((i) => labels[i] !== 0);
    const expected = primalPredict(train, test, 0.5 * kernelScale(k, n));
    test.forEach((i, r) => {
      const predicted = y.reduce((s, yj, j) => s + pm[i * n + j] * yj, 0);
      expect(predicted).toBeCloseTo(expected[r], 10);
    });
  });

  it("a target that is linear in the features scores R² ≈ 1 with a tiny alpha", () => {
    const m = 40;
    const xs = Float64Array.from({length: m * 3}, () => z());
    const targets = Float64Array.from({length: m * 2}, (_, k) => {
      const i = k >> 1;
      return k % 2 ? 2 * xs[i * 3] - xs[i * 3 + 2] + 5 : xs[i * 3 + 1];
    });
    const [pm] = cvSmoothers(gram(xs, m, 3), m, [1e-8]);
    const scores = predictScores(pm, targets, m, 2, {block: 1});
    expect(scores[0]).toBeCloseTo(1, 6);
    expect(scores[1]).toBeCloseTo(1, 6);
  });

  it("selectAlpha prefers a large penalty when targets are pure noise", () => {
    const m = 30;
    const xs = Float64Array.from({length: m * 20}, () => z());
    const noise = Float64Array.from({length: m * 50}, () => z());
    const {alpha} = selectAlpha(gram(xs, m, 20), noise, m, 50, {alphas: [1e-3, 1e3]});
    expect(alpha).toBe(1e3);
  });
});

describe("scoreTargets", () => {
  it("scoreTargets gives hand-computed R² and Pearson r", () => {
    // Target (1, 2, 3), prediction (1, 2, 4): SSE = 1, SST = 2 → R² = 0.5; r = 3/√(2·4.6667).
    const pred = [1, 2, 4];
    const target = [1, 2, 3];
    expect(scoreTargets(pred, target, 3, 1)[0]).toBeCloseTo(0.5, 14);
    expect(scoreTargets(pred, target, 3, 1, {score: "pearson"})[0]).toBeCloseTo(3 / Math.sqrt(2 * (14 / 3)), 14);
  });

  it("scoreTargets is NaN for a constant target", () => {
    expect(scoreTargets([1, 2], [3, 3], 2, 1)[0]).toBeNaN();
  });
});
