import {describe, expect, it} from "vitest";
import {prepareRows, rdm, selectColumns, upperTriangle} from "../../../src/components/core/rdm.js";

describe("rdm", () => {
  it("rdm(x) with correlation distance gives 1 − r for hand-picked rows", () => {
    // Rows 0 and 2 are perfectly correlated (r = 1), row 1 is their mirror (r = −1).
    const d = rdm(Float32Array.of(1, 2, 3, 3, 2, 1, 2, 4, 6), 3, 3);
    expect(Array.from(d).map((x) => +x.toFixed(12))).toEqual([0, 2, 0, 2, 0, 2, 0, 2, 0]);
  });

  it("rdm(x, {metric: 'euclidean'}) gives the distances of a 3-4-5 triangle", () => {
    const d = rdm(Float32Array.of(0, 0, 3, 4, 6, 8), 3, 2, {metric: "euclidean"});
    expect(Array.from(d).map((x) => +x.toFixed(12))).toEqual([0, 5, 10, 5, 0, 5, 10, 5, 0]);
  });

  it("rdm(x, {metric: 'cosine'}) gives 1 − cos of the angle between rows", () => {
    const d = rdm(Float32Array.of(1, 0, 0, 1, 1, 1), 3, 2, {metric: "cosine"});
    expect(d[1]).toBeCloseTo(1, 12);
    expect(d[2]).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(d[5]).toBeCloseTo(1 - Math.SQRT1_2, 12);
  });

  it("rdm(x) is symmetric with a zero diagonal", () => {
    const x = Float32Array.from({length: 5 * 7}, (_, i) => Math.sin(i * 1.7) + (i % 3));
    const d = rdm(x, 5, 7);
    for (let i = 0; i < 5; i++) {
      expect(d[i * 5 + i]).toBe(0);
      for (let j = 0; j < 5; j++) expect(d[i * 5 + j]).toBe(d[j * 5 + i]);
    }
  });

  it("rdm(x) treats a constant row as uncorrelated with everything (dissimilarity 1)", () => {
    const d = rdm(Float32Array.of(5, 5, 5, 1, 2, 3), 2, 3);
    expect(d[1]).toBe(1);
  });

  it("prepareRows(x, {metric: 'correlation'}) centers rows and scales them to unit norm", () => {
    const p = prepareRows(Float32Array.of(1, 2, 3), 1, 3);
    expect(p[0]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(p[1]).toBeCloseTo(0, 12);
    expect(p[2]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("rdm rejects a response matrix of the wrong size", () => {
    expect(() => rdm(new Float32Array(5), 2, 3)).toThrow(/expected 2 × 3 = 6 values, got 5/);
  });
});

describe("upperTriangle and selectColumns", () => {
  it("upperTriangle(m, 3) lists (0,1), (0,2), (1,2)", () => {
    expect(Array.from(upperTriangle([0, 1, 2, 1, 0, 3, 2, 3, 0], 3))).toEqual([1, 2, 3]);
  });

  it("selectColumns(x, rows, cols, [2, 0]) picks columns in the given order", () => {
    expect(Array.from(selectColumns(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, [2, 0]))).toEqual([3, 1, 6, 4]);
  });
});
