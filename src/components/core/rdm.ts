/**
 * Representational dissimilarity matrices (RDMs): for every pair of stimuli, how differently a population
 * (neurons, or a network layer's units) responds to them (Kriegeskorte, Mur & Bandettini 2008).
 * Every metric is computed as a row preparation followed by one Gram matrix, the same two steps the ONNX
 * graph in `analysisGraphs.ts` runs on the GPU.
 */
import {gram, type MatrixData} from "./linalg.js";

/** How dissimilarity between two response patterns is measured. */
export type RdmMetric = "correlation" | "euclidean" | "cosine";

/** The metrics, in the order the pages offer them. */
export const RDM_METRICS: readonly RdmMetric[] = ["correlation", "euclidean", "cosine"];

/** Options for {@link rdm}. */
export interface RdmOptions {
  /** "correlation" (1 − Pearson r, the default), "euclidean" or "cosine" (1 − cosine similarity). */
  metric?: RdmMetric;
}

/**
 * Prepares the rows (stimuli) of a stimuli × features matrix so that their Gram matrix gives the RDM:
 * for "correlation" each row is centered and scaled to unit norm, for "cosine" scaled to unit norm, for
 * "euclidean" left as it is. A row with no variation (or all zeros) becomes all zeros: its correlation
 * with anything is taken as 0, i.e. a dissimilarity of 1, rather than NaN.
 */
export function prepareRows(
  responses: MatrixData,
  nStimuli: number,
  nFeatures: number,
  {metric = "correlation"}: RdmOptions = {},
): Float64Array {
  checkShape(responses, nStimuli, nFeatures);
  const out = Float64Array.from(responses);
  if (metric === "euclidean") return out;
  for (let i = 0; i < nStimuli; i++) {
    const row = out.subarray(i * nFeatures, (i + 1) * nFeatures);
    if (metric === "correlation") {
      let mean = 0;
      for (let k = 0; k < nFeatures; k++) mean += row[k];
      mean /= nFeatures;
      for (let k = 0; k < nFeatures; k++) row[k] -= mean;
    }
    let ss = 0;
    for (let k = 0; k < nFeatures; k++) ss += row[k] * row[k];
    // A relative threshold: rows that are constant up to rounding count as constant.
    const scale = ss > 1e-24 * nFeatures ? 1 / Math.sqrt(ss) : 0;
    for (let k = 0; k < nFeatures; k++) row[k] *= scale;
  }
  return out;
}

/**
 * Turns the Gram matrix of prepared rows into the RDM, in place: 1 − G for correlation and cosine,
 * √(Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ) for Euclidean. The diagonal is set to exactly 0; negative rounding is clamped.
 */
export function rdmFromGram(g: Float64Array, n: number, {metric = "correlation"}: RdmOptions = {}): Float64Array {
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) diag[i] = g[i * n + i];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const gij = g[i * n + j];
      g[i * n + j] =
        i === j ? 0 : metric === "euclidean" ? Math.sqrt(Math.max(0, diag[i] + diag[j] - 2 * gij)) : 1 - gij;
    }
  }
  return g;
}

/**
 * The RDM (nStimuli × nStimuli, row-major Float64Array) of a stimuli × features response matrix.
 * `rdm(responses, 360, 23589)` gives the V1 RDM with correlation distance.
 */
export function rdm(
  responses: MatrixData,
  nStimuli: number,
  nFeatures: number,
  options: RdmOptions = {},
): Float64Array {
  const prepared = prepareRows(responses, nStimuli, nFeatures, options);
  return rdmFromGram(gram(prepared, nStimuli, nFeatures), nStimuli, options);
}

/** The entries above the diagonal of an n × n matrix, row by row: (0,1), (0,2), …, (n−2,n−1). */
export function upperTriangle(matrix: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = matrix[i * n + j];
  return out;
}

/** The columns `columns` of a rows × cols matrix, as a new rows × columns.length Float32Array. */
export function selectColumns(x: MatrixData, rows: number, cols: number, columns: ArrayLike<number>): Float32Array {
  checkShape(x, rows, cols);
  const m = columns.length;
  const out = new Float32Array(rows * m);
  for (let i = 0; i < rows; i++) for (let k = 0; k < m; k++) out[i * m + k] = x[i * cols + columns[k]];
  return out;
}

function checkShape(x: MatrixData, rows: number, cols: number): void {
  if (x.length !== rows * cols)
    throw new RangeError(`rdm: expected ${rows} × ${cols} = ${rows * cols} values, got ${x.length}`);
}
