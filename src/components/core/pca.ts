/**
 * Principal component analysis of a data matrix with few rows (stimuli) and many columns (neurons), through the
 * rows' Gram matrix: with X centred per column, X Xᵀ = U Λ Uᵀ gives the rows' PC scores U √Λ directly, at the
 * cost of an nRows × nRows eigenproblem instead of nCols × nCols (360 × 360 instead of 23,589 × 23,589).
 */
import {gram, symmetricEigen, type MatrixData} from "./linalg.js";

/** The result of {@link pca}. */
export interface PCA {
  /** nRows × components row-major: the rows' coordinates on the principal components. */
  scores: Float64Array;
  /** Number of components returned. */
  components: number;
  /** Variance along each component (eigenvalue / nRows), largest first. */
  variance: Float64Array;
  /** Share of the total variance along each component. */
  explained: Float64Array;
}

/**
 * PCA of `matrix` (nRows × nCols, row-major; each row an observation, e.g. a stimulus). Columns are centred
 * first. The sign of each component is fixed so that its largest-magnitude score is positive (deterministic).
 */
export function pca(
  matrix: MatrixData,
  nRows: number,
  nCols: number,
  {components = 2}: {components?: number} = {},
): PCA {
  if (matrix.length !== nRows * nCols)
    throw new RangeError(`pca: expected ${nRows * nCols} entries, got ${matrix.length}`);
  return pcaFromGram(gram(matrix, nRows, nCols), nRows, {components});
}

/**
 * PCA from the rows' (uncentred) Gram matrix X Xᵀ, nRows × nRows: the same result as {@link pca} on X, for when
 * the Gram matrix is precomputed (the V1 page gets it from the build; binning maps it with `binGram`).
 * `gramMatrix` is not modified.
 */
export function pcaFromGram(
  gramMatrix: Float64Array,
  nRows: number,
  {components = 2}: {components?: number} = {},
): PCA {
  if (gramMatrix.length !== nRows * nRows) {
    throw new RangeError(`pcaFromGram: expected ${nRows * nRows} entries, got ${gramMatrix.length}`);
  }
  const k = Math.min(components, nRows);
  const g = Float64Array.from(gramMatrix);
  // Centring the columns of X is double-centring its Gram matrix: Gc = J G J with J = I − 11ᵀ/n.
  const rowMean = new Float64Array(nRows);
  let grand = 0;
  for (let i = 0; i < nRows; i++) {
    let s = 0;
    for (let j = 0; j < nRows; j++) s += g[i * nRows + j];
    rowMean[i] = s / nRows;
    grand += s;
  }
  grand /= nRows * nRows;
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nRows; j++) g[i * nRows + j] += grand - rowMean[i] - rowMean[j];
  }
  let trace = 0;
  for (let i = 0; i < nRows; i++) trace += g[i * nRows + i];

  const {values, vectors} = symmetricEigen(g, nRows);
  const scores = new Float64Array(nRows * k);
  const variance = new Float64Array(k);
  const explained = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const lambda = Math.max(values[c], 0); // round-off can make null eigenvalues slightly negative
    variance[c] = lambda / nRows;
    explained[c] = trace > 0 ? lambda / trace : 0;
    let peak = 0;
    for (let i = 0; i < nRows; i++)
      if (Math.abs(vectors[i * nRows + c]) > Math.abs(peak)) peak = vectors[i * nRows + c];
    const scale = Math.sqrt(lambda) * (peak < 0 ? -1 : 1);
    for (let i = 0; i < nRows; i++) scores[i * k + c] = vectors[i * nRows + c] * scale;
  }
  return {scores, components: k, variance, explained};
}
