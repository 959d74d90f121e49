import {describe, expect, it} from "vitest";
import {cholesky, choleskySolve, gram, matmul, symmetricEigen, transpose} from "../../../src/components/core/linalg.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";

/** A random symmetric n × n matrix from a seed. */
function randomSymmetric(n: number, seed: number): Float64Array {
  const normal = seededNormal(seededSource(seed));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = normal();
  return a;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("symmetricEigen", () => {
  it("symmetricEigen(diagonal) returns the diagonal sorted descending with unit basis vectors", () => {
    const {values, vectors} = symmetricEigen(Float64Array.of(2, 0, 0, 0, 5, 0, 0, 0, -1), 3);
    expect(Array.from(values)).toEqual([5, 2, -1]);
    // Column 0 is ±e1, column 1 ±e0, column 2 ±e2.
    expect(Math.abs(vectors[1 * 3 + 0])).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0 * 3 + 1])).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[2 * 3 + 2])).toBeCloseTo(1, 12);
  });

  it("symmetricEigen(2×2) matches the closed form", () => {
    const [a, b, c] = [3, 1.5, -2];
    const {values, vectors} = symmetricEigen(Float64Array.of(a, b, b, c), 2);
    const mean = (a + c) / 2;
    const radius = Math.hypot((a - c) / 2, b);
    expect(values[0]).toBeCloseTo(mean + radius, 12);
    expect(values[1]).toBeCloseTo(mean - radius, 12);
    // The top eigenvector is proportional to (b, λ1 − a).
    const v = [b, values[0] - a];
    const norm = Math.hypot(v[0], v[1]);
    const dot = (vectors[0] * v[0] + vectors[2] * v[1]) / norm;
    expect(Math.abs(dot)).toBeCloseTo(1, 12);
  });

  it("symmetricEigen(A) reconstructs A = V Λ Vᵀ", () => {
    const n = 40;
    const a = randomSymmetric(n, 7);
    const {values, vectors} = symmetricEigen(a, n);
    const scaled = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) scaled[i * n + k] = vectors[i * n + k] * values[k];
    const back = matmul(scaled, transpose(vectors, n, n), n, n, n);
    expect(maxAbsDiff(back, a)).toBeLessThan(1e-10);
  });

  it("symmetricEigen(A) returns orthonormal eigenvectors", () => {
    const n = 40;
    const {vectors} = symmetricEigen(randomSymmetric(n, 11), n);
    const vtv = matmul(transpose(vectors, n, n), vectors, n, n, n);
    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    expect(maxAbsDiff(vtv, identity)).toBeLessThan(1e-12);
  });

  it("symmetricEigen(A) sorts eigenvalues descending and preserves the trace", () => {
    const n = 25;
    const a = randomSymmetric(n, 3);
    const {values} = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 10);
  });

  it("symmetricEigen handles repeated eigenvalues (identity, rank-one plus identity)", () => {
    const n = 5;
    const u = [1, 2, 0, -1, 3];
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j] + (i === j ? 1 : 0);
    const {values} = symmetricEigen(a, n);
    // I + uuᵀ has eigenvalue 1 + |u|² once and 1 four times.
    expect(values[0]).toBeCloseTo(1 + 15, 12);
    for (let k = 1; k < n; k++) expect(values[k]).toBeCloseTo(1, 12);
  });

  it("symmetricEigen rejects non-finite entries and wrong sizes", () => {
    expect(() => symmetricEigen(Float64Array.of(1, NaN, NaN, 1), 2)).toThrow(/entry \(1, 0\) is NaN/);
    expect(() => symmetricEigen(new Float64Array(3), 2)).toThrow(/expected 4 entries/);
  });
});

describe("matmul, gram, transpose", () => {
  it("matmul(A, B) matches a hand-computed 2×3 by 3×2 product", () => {
    const c = matmul(Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(7, 8, 9, 10, 11, 12), 2, 3, 2);
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
  });

  it("gram(X) equals X Xᵀ", () => {
    const x = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(gram(x, 2, 3))).toEqual([14, 32, 32, 77]);
  });

  it("transpose(A) swaps rows and columns", () => {
    expect(Array.from(transpose(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe("cholesky", () => {
  it("cholesky(A) of a hand-worked 3×3 matrix", () => {
    // A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]].
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(Array.from(cholesky(a, 3))).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it("choleskySolve(A, B) solves several right-hand sides at once", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const x = Float64Array.of(1, -1, 2, 0.5, -3, 4);
    const b = matmul(a, x, 3, 3, 2);
    expect(maxAbsDiff(choleskySolve(a, b, 3, 2), x)).toBeLessThan(1e-12);
  });

  it("cholesky rejects a matrix that is not positive definite", () => {
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});
