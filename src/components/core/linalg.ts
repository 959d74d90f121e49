/**
 * Dense linear algebra on row-major typed arrays, shared by loaders and pages: symmetric
 * eigendecomposition (for PCA, classical MDS and kernel ridge), Gram matrices, matrix products and
 * Cholesky solves. Matrices are flat arrays in row-major order with their shape passed alongside.
 */

/** A dense row-major matrix's storage. */
export type MatrixData = Float32Array | Float64Array;

/** Eigenvalues in descending order and the matching unit eigenvectors. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** n × n row-major; column k (entries `vectors[i * n + k]`) is the eigenvector of `values[k]`. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition A = V diag(values) Vᵀ of a symmetric n × n matrix (only its lower triangle is read),
 * by Householder reduction to tridiagonal form and the implicit QL algorithm (EISPACK tred2/tql2, as in
 * JAMA). O(n³): about 0.15 s at n = 360 and 2 s at n = 1,000 in Node on a 2-core machine. Throws on non-finite
 * entries.
 */
export function symmetricEigen(matrix: MatrixData, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new RangeError(`symmetricEigen: expected ${n * n} entries, got ${matrix.length}`);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = matrix[i * n + j];
      if (!Number.isFinite(x)) throw new RangeError(`symmetricEigen: entry (${i}, ${j}) is ${x}`);
      V[i * n + j] = V[j * n + i] = x;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return {values: d, vectors: V};
  // Both steps work on the transform transposed (row k = basis vector k) so inner loops run over
  // contiguous memory; A is symmetric, so it is its own transpose to start from.
  const W = V;
  tred2(W, d, e, n);
  tql2(W, d, e, n);
  const order = Array.from(d.keys()).sort((a, b) => d[b] - d[a]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = d[src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = W[src * n + i];
  });
  return {values, vectors};
}

/**
 * Householder tridiagonalisation in place (JAMA's tred2 with every V[r][c] read as V[c][r]): on return V holds
 * the accumulated transform transposed, d the diagonal, e the subdiagonal.
 */
function tred2(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[j * n + i - 1];
        V[j * n + i] = 0;
        V[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[i * n + j] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[j * n + k] * d[k];
          e[k] += V[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[j * n + k] -= f * e[k] + g * d[k];
        d[j] = V[j * n + i - 1];
        V[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[i * n + n - 1] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[(i + 1) * n + k] * V[j * n + k];
        for (let k = 0; k <= i; k++) V[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[j * n + n - 1];
    V[j * n + n - 1] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e); W holds the transform transposed (row k = eigenvector k). */
function tql2(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const a = i * n;
          const b = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const wb = W[b + k];
            W[b + k] = s * W[a + k] + c * wb;
            W[a + k] = c * W[a + k] - s * wb;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** Transpose of a rows × cols matrix, as a new cols × rows Float64Array. */
export function transpose(a: MatrixData, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/** Product C = A B of an m × k matrix and a k × n matrix, in Float64. */
export function matmul(a: MatrixData, b: MatrixData, m: number, k: number, n: number): Float64Array {
  if (a.length !== m * k || b.length !== k * n)
    throw new RangeError(`matmul: shapes ${m}×${k} and ${k}×${n} do not fit`);
  const c = new Float64Array(m * n);
  // i-p-j order keeps the innermost loop on contiguous rows of B and C.
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/**
 * C = A Bᵀ (m × n) of an m × k matrix A and an n × k matrix B: every row of A dotted with every row of B, summed in
 * Float64 into `out` (allocated when not given). Blocked four rows of A by two of B, so each value read serves several
 * products: about twice as fast as plain dot products (the searchlight's permutation test is this product).
 */
export function matmulTransposed(
  a: MatrixData,
  m: number,
  b: MatrixData,
  n: number,
  k: number,
  out = new Float64Array(m * n),
): Float64Array {
  if (a.length < m * k || b.length < n * k || out.length < m * n)
    throw new RangeError(`matmulTransposed: shapes ${m}×${k} and ${n}×${k} do not fit`);
  const dot = (i: number, j: number) => {
    let s = 0;
    for (let p = 0, ai = i * k, bj = j * k; p < k; p++) s += a[ai + p] * b[bj + p];
    return s;
  };
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const b0 = j * k;
      const b1 = b0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0; // prettier-ignore
      for (let p = 0; p < k; p++) {
        const x0 = b[b0 + p];
        const x1 = b[b1 + p];
        const y0 = a[a0 + p];
        const y1 = a[a1 + p];
        const y2 = a[a2 + p];
        const y3 = a[a3 + p];
        s00 += y0 * x0;
        s01 += y0 * x1;
        s10 += y1 * x0;
        s11 += y1 * x1;
        s20 += y2 * x0;
        s21 += y2 * x1;
        s30 += y3 * x0;
        s31 += y3 * x1;
      }
      out[i * n + j] = s00;
      out[i * n + j + 1] = s01;
      out[(i + 1) * n + j] = s10;
      out[(i + 1) * n + j + 1] = s11;
      out[(i + 2) * n + j] = s20;
      out[(i + 2) * n + j + 1] = s21;
      out[(i + 3) * n + j] = s30;
      out[(i + 3) * n + j + 1] = s31;
    }
    for (; j < n; j++) for (let r = 0; r < 4; r++) out[(i + r) * n + j] = dot(i + r, j);
  }
  for (; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = dot(i, j);
  return out;
}

/**
 * Gram matrix G = X Xᵀ (rows × rows) of a rows × cols matrix: the inner products between rows (stimuli),
 * accumulated in Float64. Only the lower triangle is computed; the upper is mirrored.
 */
export function gram(x: MatrixData, rows: number, cols: number): Float64Array {
  if (x.length !== rows * cols) throw new RangeError(`gram: expected ${rows * cols} entries, got ${x.length}`);
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    const xi = i * cols;
    for (let j = 0; j <= i; j++) {
      const xj = j * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) s += x[xi + k] * x[xj + k];
      g[i * rows + j] = g[j * rows + i] = s;
    }
  }
  return g;
}

/**
 * Cholesky factor L (lower triangular, row-major n × n) with A = L Lᵀ of a symmetric positive-definite
 * matrix (only its lower triangle is read). Throws when A is not positive definite.
 */
export function cholesky(a: MatrixData, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`cholesky: expected ${n * n} entries, got ${a.length}`);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (!(s > 0)) throw new RangeError(`cholesky: matrix is not positive definite (pivot ${j} is ${s})`);
    const ljj = Math.sqrt(s);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = t / ljj;
    }
  }
  return l;
}

/**
 * Solves A X = B for a symmetric positive-definite n × n matrix A and an n × nrhs right-hand side B
 * (row-major), through the Cholesky factor: forward then back substitution for all columns at once.
 */
export function choleskySolve(a: MatrixData, b: MatrixData, n: number, nrhs = 1): Float64Array {
  if (b.length !== n * nrhs) throw new RangeError(`choleskySolve: expected ${n * nrhs} right-hand entries`);
  const l = cholesky(a, n);
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const lik = l[i * n + k];
      for (let c = 0; c < nrhs; c++) x[i * nrhs + c] -= lik * x[k * nrhs + c];
    }
    const lii = l[i * n + i];
    for (let c = 0; c < nrhs; c++) x[i * nrhs + c] /= lii;
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const lki = l[k * n + i];
      for (let c = 0; c < nrhs; c++) x[i * nrhs + c] -= lki * x[k * nrhs + c];
    }
    const lii = l[i * n + i];
    for (let c = 0; c < nrhs; c++) x[i * nrhs + c] /= lii;
  }
  return x;
}

/** Z-scores each neuron (column) of a stimulus-major matrix in place: mean 0, population SD 1 over stimuli. */
export function zScoreColumns(matrix: Float32Array, nRows: number, nCols: number): void {
  const mean = new Float64Array(nCols);
  const sq = new Float64Array(nCols);
  for (let r = 0; r < nRows; r++) for (let j = 0, o = r * nCols; j < nCols; j++) mean[j] += matrix[o + j];
  for (let j = 0; j < nCols; j++) mean[j] /= nRows;
  for (let r = 0; r < nRows; r++) {
    for (let j = 0, o = r * nCols; j < nCols; j++) {
      const d = matrix[o + j] - mean[j];
      sq[j] += d * d;
    }
  }
  const inv = Float64Array.from(sq, (v) => (v > 0 ? 1 / Math.sqrt(v / nRows) : 0));
  for (let r = 0; r < nRows; r++) {
    for (let j = 0, o = r * nCols; j < nCols; j++) matrix[o + j] = (matrix[o + j] - mean[j]) * inv[j];
  }
}
