import {describe, expect, it} from "vitest";
import {pca, pcaFromGram} from "../../../src/components/core/pca.ts";

describe("pca", () => {
  // Rows on a circle of radius 2 in the first two columns plus a small third axis: the PCs are known.
  const n = 12;
  const x = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    x.set([5 + 2 * Math.cos(t), -3 + 2 * Math.sin(t), i % 2 ? 0.1 : -0.1], i * 3);
  }

  it("pca(matrix) centres columns and recovers the variance along each component", () => {
    const p = pca(x, n, 3, {components: 3});
    // Variance of 2cos over evenly spaced angles is 2² / 2 = 2; of ±0.1 it is 0.01.
    expect(Array.from(p.variance).map((v) => +v.toFixed(10))).toEqual([2, 2, 0.01]);
  });

  it("pca(matrix) reports the explained share of variance", () => {
    const p = pca(x, n, 3, {components: 3});
    expect(p.explained[2]).toBeCloseTo(0.01 / 4.01, 10);
  });

  it("pca(matrix) scores keep the rows' distances within the leading plane", () => {
    const p = pca(x, n, 3, {components: 2});
    // Each row sits at radius 2 from the centre in the PC1–PC2 plane.
    for (let i = 0; i < n; i++) expect(Math.hypot(p.scores[i * 2], p.scores[i * 2 + 1])).toBeCloseTo(2, 8);
  });

  it("pca(matrix) scores of a 1-D line are the centred coordinates, largest positive", () => {
    const line = Float64Array.of(1, 2, 4); // 3 rows × 1 column, mean 7/3
    const p = pca(line, 3, 1, {components: 1});
    expect(Array.from(p.scores).map((v) => +v.toFixed(10))).toEqual(
      [1 - 7 / 3, 2 - 7 / 3, 4 - 7 / 3].map((v) => +v.toFixed(10)),
    );
  });
});

describe("pcaFromGram", () => {
  it("pcaFromGram(X Xᵀ) gives the same scores as pca(X)", () => {
    const x = Float64Array.from({length: 5 * 4}, (_, i) => Math.cos(i * 2.3) + (i % 3));
    const g = new Float64Array(25);
    for (let a = 0; a < 5; a++)
      for (let b = 0; b < 5; b++) for (let k = 0; k < 4; k++) g[a * 5 + b] += x[a * 4 + k] * x[b * 4 + k];
    const direct = pca(x, 5, 4, {components: 2});
    const fromGram = pcaFromGram(g, 5, {components: 2});
    fromGram.scores.forEach((v, i) => expect(v).toBeCloseTo(direct.scores[i], 10));
  });
});
