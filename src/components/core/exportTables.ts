/**
 * Results as CSV files a reader takes to Python or R (`pandas.read_csv`): the RSA page's RDMs and comparisons, the
 * fingerprint page's per-target scores. Plain text, one header row, numbers in full precision (`String(x)`, which
 * round-trips a double), names quoted when they hold a comma or a quote. Isomorphic: no DOM.
 */

/** A CSV cell: numbers as JavaScript prints them (NaN stays "NaN"), text quoted when it must be. */
export function csvCell(value: string | number): string {
  if (typeof value === "number") return String(value);
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const line = (cells: (string | number)[]) => cells.map(csvCell).join(",");

/**
 * RDMs in long form: one row per representation and pair of stimuli i < j (the RDM is symmetric with a zero
 * diagonal), with both stimuli's index and orientation and the dissimilarity.
 */
export function rdmsCsv(stimuli: ArrayLike<number>, rdms: {name: string; rdm: ArrayLike<number>}[]): string {
  const n = stimuli.length;
  const rows = [line(["representation", "i", "j", "orientation_i", "orientation_j", "dissimilarity"])];
  for (const {name, rdm} of rdms) {
    if (rdm.length !== n * n) throw new RangeError(`rdmsCsv: ${name} has ${rdm.length} entries, not ${n} × ${n}`);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) rows.push(line([name, i, j, stimuli[i], stimuli[j], rdm[i * n + j]]));
  }
  return rows.join("\n") + "\n";
}

/** One comparison of a layer's RDM with V1's: the estimate and its interval (NaN until computed); also a bar of charts/comparisonBars.ts. */
export interface ComparisonRow {
  network: string;
  layer: string;
  estimate: number;
  lo: number;
  hi: number;
}

/** The layer-vs-V1 comparisons, one row per layer, with the method and the noise ceiling repeated on each row. */
export function comparisonsCsv(rows: ComparisonRow[], {method, ceiling}: {method: string; ceiling: number}): string {
  return (
    [
      line(["network", "layer", "method", "estimate", "ci_low", "ci_high", "noise_ceiling"]),
      ...rows.map((r) => line([r.network, r.layer, method, r.estimate, r.lo, r.hi, ceiling])),
    ].join("\n") + "\n"
  );
}

/**
 * Fingerprint scores in wide form: one row per target (a neuron, or a pseudo-voxel of `groupSize` neurons), one
 * column per layer, `scores[l][t]` the held-out score of target t from layer l.
 */
export function scoresCsv(layers: string[], scores: ArrayLike<number>[]): string {
  if (scores.length !== layers.length)
    throw new RangeError(`scoresCsv: ${scores.length} score rows for ${layers.length} layers`);
  const t = scores[0]?.length ?? 0;
  const rows = [line(["target", ...layers])];
  for (let j = 0; j < t; j++) rows.push(line([j, ...scores.map((s) => s[j])]));
  return rows.join("\n") + "\n";
}

/** What {@link searchlightCsv} reads of a searchlight result (core/searchlightAnalysis.ts `SearchlightResult`). */
export interface SearchlightTable {
  grid: {centres: ArrayLike<number>; counts: ArrayLike<number>; truth?: ArrayLike<number> | null; dims?: 2 | 3};
  maps: {layers: string[]; scores: ArrayLike<number>; best: ArrayLike<number>; bestScore: ArrayLike<number>};
  permutation: {p: ArrayLike<number>; pCorrected: ArrayLike<number>} | null;
}

/**
 * Searchlight centres in wide form: position (µm; x, y and, on a 3-D layout, z), neurons in reach, planted region (when simulated), every layer's
 * correlation, the best layer and its correlation, and the uncorrected and family-wise p-values (NaN without a test
 * or at blank centres, whose correlations are NaN too).
 */
export function searchlightCsv({grid, maps, permutation}: SearchlightTable): string {
  const L = maps.layers.length;
  const dims = grid.dims ?? 2;
  const axes = ["x_um", "y_um", "z_um"].slice(0, dims);
  const rows = [line([...axes, "neurons", "planted_region", ...maps.layers, "best_layer", "best_r", "p", "p_fwe"])];
  for (let c = 0; c < maps.best.length; c++) {
    const scores = Array.from({length: L}, (_, l) => maps.scores[c * L + l]);
    rows.push(
      line([
        ...axes.map((_, d) => grid.centres[dims * c + d]),
        grid.counts[c],
        grid.truth ? grid.truth[c] : "",
        ...scores,
        maps.best[c] < 0 ? "" : maps.layers[maps.best[c]],
        maps.bestScore[c],
        permutation ? permutation.p[c] : NaN,
        permutation ? permutation.pCorrected[c] : NaN,
      ]),
    );
  }
  return rows.join("\n") + "\n";
}
