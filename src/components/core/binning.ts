/**
 * Orientation binning as Neuromatch's `load_data(bin_width)` does it for the Stringer et al. V1 data:
 * `bins = np.digitize(stimuli, np.arange(0, 360 + bin_width, bin_width))`, then, for every occupied bin in
 * increasing order, the mean stimulus and the mean response of each neuron. Shared by the loaders and the pages.
 */

/** Stimuli and responses after binning. */
export interface Binned {
  /** nStimuli × nNeurons mean responses, stimulus-major (row = bin). */
  responses: Float32Array;
  /** Mean orientation (degrees) of the stimuli in each occupied bin. */
  stimuli: Float32Array;
  /** Number of occupied bins (rows). */
  nStimuli: number;
}

/**
 * Bin edges as `np.arange(0, 360 + binWidth, binWidth)` computes them (start + k·step, length
 * ceil((stop − start) / step)), so bin membership matches numpy's even where floating point makes it delicate.
 */
export function orientationBinEdges(binWidth: number): Float64Array {
  const n = Math.ceil((360 + binWidth) / binWidth);
  const edges = new Float64Array(n);
  for (let k = 0; k < n; k++) edges[k] = k * binWidth;
  return edges;
}

/**
 * `np.digitize(x, edges)` for increasing edges (right=False): the number of edges ≤ x, so x in
 * [edges[i−1], edges[i]) gets i, values below the first edge get 0 and values at or past the last get edges.length.
 */
export function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Which occupied bin (row of the binned data, 0-based in increasing bin order) each stimulus falls in. */
export interface OrientationBins {
  /** Per stimulus, its row in the binned data. */
  row: Int32Array;
  /** Stimuli per row. */
  counts: Float64Array;
  /** Number of occupied bins. */
  nBins: number;
}

/** Assigns stimuli to the occupied bins of `binWidth` degrees, numbered in increasing bin order (empty bins skipped). */
export function orientationBins(stimuli: ArrayLike<number>, binWidth: number): OrientationBins {
  const edges = orientationBinEdges(binWidth);
  const bin = Int32Array.from(stimuli, (s) => digitize(s, edges));
  const occupied = [...new Set(bin)].sort((a, b) => a - b);
  const rowOfBin = new Map(occupied.map((b, i) => [b, i]));
  const row = bin.map((b) => rowOfBin.get(b)!);
  const counts = new Float64Array(occupied.length);
  for (const r of row) counts[r]++;
  return {row, counts, nBins: occupied.length};
}

/** How many rows {@link binByOrientation} gives for these stimuli, without binning any responses. */
export function binnedCount(stimuli: ArrayLike<number>, binWidth: number): number {
  return binWidth <= 1 ? stimuli.length : orientationBins(stimuli, binWidth).nBins;
}

/**
 * Averages `responses` (nStimuli × nNeurons, stimulus-major) and `stimuli` within orientation bins of `binWidth`
 * degrees. As in the seed, a bin width of 1 or less returns the data unchanged (the same arrays).
 */
export function binByOrientation(
  responses: Float32Array,
  stimuli: ArrayLike<number>,
  nNeurons: number,
  binWidth: number,
): Binned {
  const nStimuli = stimuli.length;
  if (responses.length !== nStimuli * nNeurons) {
    throw new RangeError(
      `binByOrientation: ${responses.length} responses is not ${nStimuli} stimuli × ${nNeurons} neurons`,
    );
  }
  if (!(binWidth > 0)) throw new RangeError(`binByOrientation: bin width must be positive, got ${binWidth}`);
  if (binWidth <= 1) return {responses, stimuli: Float32Array.from(stimuli), nStimuli};

  const {row, counts, nBins} = orientationBins(stimuli, binWidth);
  const sums = new Float64Array(nBins * nNeurons);
  const stimSums = new Float64Array(nBins);
  for (let s = 0; s < nStimuli; s++) {
    const r = row[s];
    stimSums[r] += stimuli[s];
    const src = s * nNeurons;
    const dst = r * nNeurons;
    for (let j = 0; j < nNeurons; j++) sums[dst + j] += responses[src + j];
  }
  const out = new Float32Array(nBins * nNeurons);
  const outStimuli = new Float32Array(nBins);
  for (let r = 0; r < nBins; r++) {
    outStimuli[r] = stimSums[r] / counts[r];
    for (let j = 0, o = r * nNeurons; j < nNeurons; j++) out[o + j] = sums[o + j] / counts[r];
  }
  return {responses: out, stimuli: outStimuli, nStimuli: nBins};
}

/**
 * The Gram matrix (X Xᵀ, stimuli × stimuli) of the binned responses, computed from the unbinned one: binning
 * averages rows, X_b = B X, so X_b X_bᵀ = B (X Xᵀ) Bᵀ, i.e. each entry is the mean of the Gram entries between the
 * two bins' stimuli. Lets a page re-bin without the full response matrix's O(stimuli² × neurons) product.
 */
export function binGram(
  gram: Float64Array,
  stimuli: ArrayLike<number>,
  binWidth: number,
): {gram: Float64Array; nStimuli: number} {
  const n = stimuli.length;
  if (gram.length !== n * n) throw new RangeError(`binGram: expected ${n * n} entries, got ${gram.length}`);
  if (!(binWidth > 0)) throw new RangeError(`binGram: bin width must be positive, got ${binWidth}`);
  if (binWidth <= 1) return {gram, nStimuli: n};
  const {row: index, counts, nBins: m} = orientationBins(stimuli, binWidth);
  const out = new Float64Array(m * m);
  for (let s = 0; s < n; s++) {
    for (let t = 0; t < n; t++) out[index[s] * m + index[t]] += gram[s * n + t];
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[a * m + b] /= counts[a] * counts[b];
  return {gram: out, nStimuli: m};
}
