import {describe, expect, it} from "vitest";
import {kendallTauA, pearson, rank, spearman} from "../../../src/components/core/rank.js";
import {seededSource} from "../../../src/components/core/random.js";

/** Kendall's tau-a by its definition, over all pairs: an independent O(n²) reference. */
function tauABruteForce(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) s += Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
  return s / ((a.length * (a.length - 1)) / 2);
}

describe("rank", () => {
  it("rank(values) gives tied values the average of their ranks", () => {
    expect(Array.from(rank([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it("rank(values) handles a run of three ties", () => {
    expect(Array.from(rank([7, 7, 7, 1]))).toEqual([3, 3, 3, 1]);
  });

  it("rank(values) equals the ranks counted by brute force, with many ties, long runs of them and ±0", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const levels of [3, 40, 1e9]) {
      const values = Array.from({length: 500}, () => Math.floor(next() * levels) / 7 - 1);
      values[0] = -0;
      values[1] = 0;
      const got = rank(values);
      values.forEach((v, i) => {
        const below = values.filter((w) => w < v).length;
        const equal = values.filter((w) => w === v).length;
        expect(got[i]).toBe(below + (equal + 1) / 2);
      });
    }
  });

  it("rank rejects NaN", () => {
    expect(() => rank([1, NaN])).toThrow(/NaN/);
  });
});

describe("pearson", () => {
  it("pearson(a, b) is 1 for an increasing linear relation and −1 for a decreasing one", () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 14);
    expect(pearson([1, 2, 3, 4], [0, -1, -2, -3])).toBeCloseTo(-1, 14);
  });

  it("pearson(a, b) matches a hand computation", () => {
    // a − mean = (−1, 0, 1), b − mean = (−1, 2, −1): Σab = 0 → r = 0.
    expect(pearson([1, 2, 3], [1, 4, 1])).toBe(0);
  });

  it("pearson(a, constant) is NaN", () => {
    expect(pearson([1, 2, 3], [2, 2, 2])).toBeNaN();
  });
});

describe("spearman", () => {
  it("spearman(a, b) with ties matches the hand-computed 4.5/√22.5", () => {
    // ranks a = (1, 2.5, 2.5, 4), ranks b = (1, 3, 2, 4).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 14);
  });

  it("spearman(a, f(a)) is 1 for any increasing f", () => {
    const a = [0.3, 2, -1, 5, 4.5];
    expect(spearman(a, a.map(Math.exp))).toBeCloseTo(1, 14);
  });
});

describe("kendallTauA", () => {
  it("kendallTauA on three pairs: two concordant, one discordant", () => {
    expect(kendallTauA([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3, 14);
  });

  it("kendallTauA counts a tied pair as neither concordant nor discordant", () => {
    expect(kendallTauA([1, 1, 2], [1, 2, 3])).toBeCloseTo(2 / 3, 14);
  });

  it("kendallTauA matches the pairwise definition on random data with many ties", () => {
    const random = seededSource(5);
    const a = Array.from({length: 300}, () => Math.floor(random() * 8));
    const b = a.map((x) => Math.floor(x / 2 + random() * 4));
    expect(kendallTauA(a, b)).toBeCloseTo(tauABruteForce(a, b), 12);
  });

  it("kendallTauA matches the pairwise definition on continuous data", () => {
    const random = seededSource(9);
    const a = Array.from({length: 257}, () => random());
    const b = a.map((x) => x + random() - 0.5);
    expect(kendallTauA(a, b)).toBeCloseTo(tauABruteForce(a, b), 12);
  });
});
