/**
 * Classical (Torgerson) multidimensional scaling: points in a few dimensions whose Euclidean distances
 * approximate an RDM's dissimilarities, by double centering the squared dissimilarities and keeping the
 * top eigenvectors (Torgerson 1952; Borg & Groenen, "Modern Multidimensional Scaling", ch. 12).
 */
import {symmetricEigen} from "./linalg.js";

/** Options for {@link mds}. */
export interface MdsOptions {
  /** Number of output dimensions (default 2). */
  dims?: number;
}

/** An MDS embedding. */
export interface MdsResult {
  /** n × dims row-major coordinates; column k is scaled by √λₖ. */
  coords: Float64Array;
  /** The top `dims` eigenvalues of the double-centered matrix (negative ones are reported, their axes zeroed). */
  values: Float64Array;
  /** Share of the positive eigenvalue mass the kept dimensions carry. */
  explained: number;
}

/**
 * Classical MDS of an n × n dissimilarity matrix: B = −½ J D⁽²⁾ J with J = I − 11ᵀ/n, B = V Λ Vᵀ,
 * coordinates V_k √λ_k. When the dissimilarities are Euclidean distances of some configuration, the result
 * recovers that configuration up to rotation, reflection and translation.
 */
export function mds(rdm: ArrayLike<number>, n: number, {dims = 2}: MdsOptions = {}): MdsResult {
  if (rdm.length !== n * n) throw new RangeError(`mds: expected an ${n} × ${n} matrix`);
  if (dims < 1 || dims > n) throw new RangeError(`mds: dims must be between 1 and ${n}`);
  const b = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) b[i] = rdm[i] * rdm[i];
  const rowMeans = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rowMeans[i] += b[i * n + j];
    rowMeans[i] /= n;
    grand += rowMeans[i];
  }
  grand /= n;
  // D² is symmetric, so column means equal row means.
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) b[i * n + j] = -0.5 * (b[i * n + j] - rowMeans[i] - rowMeans[j] + grand);
  const {values, vectors} = symmetricEigen(b, n);
  const coords = new Float64Array(n * dims);
  for (let k = 0; k < dims; k++) {
    const s = Math.sqrt(Math.max(0, values[k]));
    for (let i = 0; i < n; i++) coords[i * dims + k] = vectors[i * n + k] * s;
  }
  let positive = 0;
  for (const v of values) if (v > 0) positive += v;
  let kept = 0;
  for (let k = 0; k < dims; k++) kept += Math.max(0, values[k]);
  return {coords, values: values.slice(0, dims), explained: positive > 0 ? kept / positive : 0};
}
