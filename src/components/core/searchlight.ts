/**
 * Searchlight RSA (Kriegeskorte, Goebel & Bandettini 2006): at every centre of a grid laid over a sheet of neurons
 * with positions, the RDM of the neurons within `radius` of the centre is compared with each network layer's RDM,
 * giving one map per layer, the best-matching layer per centre and its correlation. Statistics: a stimulus-label
 * permutation test with the same permutations at every centre, and the maximum statistic over centres for the
 * family-wise correction (Nichols & Holmes 2002).
 *
 * Local RDMs follow the RSA page's Gram route (rdm.ts): for correlation distance the Gram of the stimulus rows
 * centred over the searchlight's neurons, G = X Xᵀ − s sᵀ / m (s: each stimulus's sum over the m neurons), then
 * d = 1 − Gᵢⱼ / √(Gᵢᵢ Gⱼⱼ). Comparisons use standardized vectors over the stimulus pairs (ranks for Spearman), so a
 * correlation is one dot product, and a permutation of the stimuli only re-indexes each layer's vector.
 */
import {kendallTauA, rank} from "./rank.js";
import {matmulTransposed} from "./linalg.js";
import {upperTriangle} from "./rdm.js";
import {permutation, seededSource} from "./random.js";
import {localGramsWith, permutationBestWith} from "./analysisGraphs.js";
import type {InferenceRunner} from "./inference.js";

/** How local RDMs are compared with the layers'. */
export type SearchlightMethod = "spearman" | "kendall";

/** Neurons with positions (µm), their responses to the stimuli, as a searchlight reads them. */
export interface Sheet {
  /** nNeurons × dims, row-major. */
  positions: Float32Array;
  dims: 2 | 3;
  /** nStimuli × nNeurons, row = stimulus. */
  responses: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/** Where the searchlights go. */
export interface GridOptions {
  /** Searchlight radius (µm). */
  radius: number;
  /** Distance between neighbouring centres (µm). */
  spacing: number;
  /** Centres with fewer neurons in reach are left blank. */
  minNeurons: number;
}

/** The centres of a grid over the sheet and the neurons each one reaches. */
export interface SearchlightGrid {
  /** Number of centres along each axis (x, y[, z]); centre index = x + nx·(y + ny·z). */
  shape: number[];
  /** Position of the first centre on each axis, and the spacing. */
  origin: number[];
  spacing: number;
  /** Centre positions, centres × dims. */
  centres: Float32Array;
  /** Neurons within the radius of each centre (sorted), or null where fewer than minNeurons. */
  members: (Int32Array | null)[];
  /** How many neurons each centre reaches (also for blank ones). */
  counts: Int32Array;
  /** How many centres are blank (fewer than minNeurons). */
  blank: number;
}

/**
 * A grid of centres `spacing` apart covering the neurons' bounding box, and the neurons within `radius` of each (found
 * through buckets of side `radius`, so the cost grows with neurons in reach, not with all neurons).
 */
export function searchlightGrid(
  positions: Float32Array,
  dims: 2 | 3,
  {radius, spacing, minNeurons}: GridOptions,
): SearchlightGrid {
  const n = positions.length / dims;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`searchlight: positions must be neurons × ${dims}`);
  if (!(radius > 0) || !(spacing > 0)) throw new RangeError("searchlight: radius and spacing must be positive");
  const lo = new Array<number>(dims).fill(Infinity);
  const hi = new Array<number>(dims).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dims; d++) {
      const v = positions[i * dims + d];
      if (!Number.isFinite(v)) throw new RangeError(`searchlight: neuron ${i} has a position that is not a number`);
      lo[d] = Math.min(lo[d], v);
      hi[d] = Math.max(hi[d], v);
    }
  const shape = lo.map((l, d) => Math.floor((hi[d] - l) / spacing) + 1);
  // The grid is centred on the bounding box.
  const origin = lo.map((l, d) => l + (hi[d] - l - (shape[d] - 1) * spacing) / 2);
  // Buckets of side `radius`: a searchlight's neurons lie in the 3^dims buckets around its centre's.
  const bucketShape = lo.map((l, d) => Math.floor((hi[d] - l) / radius) + 1);
  const bucketOf = (p: ArrayLike<number>, off: number) => {
    let b = 0;
    for (let d = dims - 1; d >= 0; d--)
      b = b * bucketShape[d] + Math.min(bucketShape[d] - 1, Math.floor((p[off + d] - lo[d]) / radius));
    return b;
  };
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const b = bucketOf(positions, i * dims);
    const list = buckets.get(b);
    if (list) list.push(i);
    else buckets.set(b, [i]);
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const centres = new Float32Array(total * dims);
  const members: (Int32Array | null)[] = [];
  const counts = new Int32Array(total);
  const r2 = radius * radius;
  let blank = 0;
  const cell = new Array<number>(dims);
  for (let c = 0; c < total; c++) {
    let rest = c;
    for (let d = 0; d < dims; d++) {
      const k = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
      centres[c * dims + d] = origin[d] + k * spacing;
      cell[d] = Math.min(bucketShape[d] - 1, Math.max(0, Math.floor((centres[c * dims + d] - lo[d]) / radius)));
    }
    const found: number[] = [];
    const visit = (d: number, b: number) => {
      if (d < 0) {
        for (const i of buckets.get(b) ?? []) {
          let s = 0;
          for (let e = 0; e < dims; e++) s += (positions[i * dims + e] - centres[c * dims + e]) ** 2;
          if (s <= r2) found.push(i);
        }
        return;
      }
      for (let k = Math.max(0, cell[d] - 1); k <= Math.min(bucketShape[d] - 1, cell[d] + 1); k++)
        visit(d - 1, b * bucketShape[d] + k);
    };
    visit(dims - 1, 0);
    counts[c] = found.length;
    if (found.length >= Math.max(2, minNeurons)) members.push(Int32Array.from(found).sort());
    else (members.push(null), blank++);
  }
  return {shape, origin, spacing, centres, members, counts, blank};
}

/**
 * The responses of the neurons `members` of `sheet` (n stimuli × m members, row = stimulus) into `out` at `offset`
 * with row stride `stride` (≥ m; the rest of each row is left as it is), and each stimulus's sum over them.
 */
export function gatherMembers(
  sheet: Sheet,
  members: ArrayLike<number>,
  out: Float32Array | Float64Array = new Float64Array(sheet.nStimuli * members.length),
  offset = 0,
  stride = members.length,
): {x: Float32Array | Float64Array; sums: Float64Array} {
  const {nStimuli: n, nNeurons: p, responses} = sheet;
  const m = members.length;
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    const o = offset + i * stride;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const v = responses[row + members[k]];
      out[o + k] = v;
      sum += v;
    }
    sums[i] = sum;
  }
  return {x: out, sums};
}

/**
 * The correlation-distance RDM (upper triangle) from the raw Gram XXᵀ of m neurons' responses (`gram`, n × n at
 * `offset`, lower triangle read) and each stimulus's sum over the neurons: G = X Xᵀ − s sᵀ/m,
 * d = 1 − Gᵢⱼ/√(GᵢᵢGⱼⱼ), a stimulus whose responses do not vary across the neurons counting as uncorrelated with
 * every other (as in rdm.ts).
 */
export function rdmFromGram(
  gram: ArrayLike<number>,
  sums: Float64Array,
  n: number,
  m: number,
  offset = 0,
): Float64Array {
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = gram[offset + i * n + i] - (sums[i] * sums[i]) / m;
    scale[i] = v > 1e-24 * m * Math.max(1, (sums[i] * sums[i]) / m) ? 1 / Math.sqrt(v) : 0;
  }
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      out[k++] = 1 - (gram[offset + j * n + i] - (sums[i] * sums[j]) / m) * scale[i] * scale[j];
  return out;
}

/**
 * The correlation-distance RDM (upper triangle, pairs (0,1), (0,2), …) of the neurons `members` of `sheet`, by the
 * Gram route ({@link rdmFromGram}), the Gram in TypeScript.
 */
export function localRdm(sheet: Sheet, members: ArrayLike<number>): Float64Array {
  const n = sheet.nStimuli;
  const m = members.length;
  const {x, sums} = gatherMembers(sheet, members);
  const g = new Float64Array(n * n);
  const m4 = m - (m % 4);
  for (let i = 0; i < n; i++) {
    const xi = i * m;
    for (let j = 0; j <= i; j++) {
      const xj = j * m;
      // Four partial sums: independent chains the CPU can overlap (about twice as fast as one).
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0; // prettier-ignore
      let k = 0;
      for (; k < m4; k += 4) {
        d0 += x[xi + k] * x[xj + k];
        d1 += x[xi + k + 1] * x[xj + k + 1];
        d2 += x[xi + k + 2] * x[xj + k + 2];
        d3 += x[xi + k + 3] * x[xj + k + 3];
      }
      for (; k < m; k++) d0 += x[xi + k] * x[xj + k];
      g[i * n + j] = d0 + d1 + (d2 + d3);
    }
  }
  return rdmFromGram(g, sums, n, m);
}

/**
 * A vector of dissimilarities made ready for correlating by dot products: for Spearman its ranks, centred and scaled
 * to unit norm (so the dot product of two is Spearman's ρ); for Kendall the values themselves. A constant vector
 * becomes all zeros (its correlation with anything is taken as 0).
 */
export function standardize(values: ArrayLike<number>, method: SearchlightMethod): Float32Array {
  if (method === "kendall") return Float32Array.from(values);
  const r = rank(values);
  let mean = 0;
  for (let k = 0; k < r.length; k++) mean += r[k];
  mean /= r.length;
  let ss = 0;
  for (let k = 0; k < r.length; k++) ss += (r[k] - mean) ** 2;
  const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  const out = new Float32Array(r.length);
  for (let k = 0; k < r.length; k++) out[k] = (r[k] - mean) * scale;
  return out;
}

/** The correlation of two standardized vectors ({@link standardize}). */
export function correlateStandardized(a: Float32Array, b: Float32Array, method: SearchlightMethod): number {
  if (method === "kendall") {
    const t = kendallTauA(a, b);
    return Number.isNaN(t) ? 0 : t;
  }
  let dot = 0;
  for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
  return dot;
}

/** A layer's RDM as {@link searchlightMaps} and the permutation test use it. */
export interface LayerTarget {
  name: string;
  /** n × n RDM. */
  rdm: Float64Array;
}

/** The searchlight's maps: every centre's correlation with every layer, and the best layer. */
export interface SearchlightMaps {
  nStimuli: number;
  layers: string[];
  /** centres × layers (NaN at blank centres). */
  scores: Float32Array;
  /** Index of the best layer per centre (−1 at blank centres). */
  best: Int16Array;
  /** The best layer's correlation per centre (NaN at blank centres). */
  bestScore: Float32Array;
}

/** What the permutation test needs of the centres' RDMs, kept from {@link searchlightMaps}. */
export interface CentreVectors {
  /** Standardized local RDM vectors of the non-blank centres, concatenated (each nPairs long). */
  vectors: Float32Array;
  /** Which centre each vector belongs to. */
  centres: Int32Array;
  nPairs: number;
}

/**
 * What both ways of computing the maps share: each centre's local RDM, once computed, is standardized, kept for the
 * permutation test and correlated with every layer.
 */
function centreScorer(
  sheet: Sheet,
  grid: SearchlightGrid,
  layers: LayerTarget[],
  method: SearchlightMethod,
  maps: SearchlightMaps,
) {
  const n = sheet.nStimuli;
  const nPairs = (n * (n - 1)) / 2;
  const L = layers.length;
  const layerVectors = layers.map((l) => standardize(upperTriangle(l.rdm, n), method));
  const {scores, best, bestScore} = maps;
  const live = grid.members.filter((m) => m !== null).length;
  const vectors = new Float32Array(live * nPairs);
  const centres = new Int32Array(live);
  let v = 0;
  return {
    score(c: number, rdm: Float64Array) {
      const local = standardize(rdm, method);
      vectors.set(local, v * nPairs);
      centres[v++] = c;
      for (let l = 0; l < L; l++) {
        const r = correlateStandardized(local, layerVectors[l], method);
        scores[c * L + l] = r;
        if (best[c] < 0 || r > bestScore[c]) ((best[c] = l), (bestScore[c] = r));
      }
    },
    done: () => ({maps, kept: {vectors, centres, nPairs}}),
  };
}

/**
 * Compares the local RDM of every non-blank centre with each layer's, centre by centre, yielding how many centres are
 * done (the `maps` arrays fill in as it goes, so a page can draw them part-way); returns the maps and the centres'
 * vectors the permutation test reuses.
 */
export function* searchlightSteps(
  sheet: Sheet,
  grid: SearchlightGrid,
  layers: LayerTarget[],
  method: SearchlightMethod,
  maps: SearchlightMaps = emptyMaps(sheet.nStimuli, grid, layers),
): Generator<number, {maps: SearchlightMaps; kept: CentreVectors}> {
  const scorer = centreScorer(sheet, grid, layers, method, maps);
  for (let c = 0; c < grid.members.length; c++) {
    const members = grid.members[c];
    if (members) scorer.score(c, localRdm(sheet, members));
    yield c + 1;
  }
  return scorer.done();
}

/** Centres per ONNX Runtime call of {@link searchlightStepsWith}: their responses take at most about 16 MB. */
export function centreBatch(nStimuli: number, maxMembers: number): number {
  return Math.max(1, Math.min(512, Math.floor(2 ** 22 / (nStimuli * Math.max(1, maxMembers)))));
}

/**
 * {@link searchlightSteps} with the centres' Gram matrices on ONNX Runtime (core/analysisGraphs.ts
 * `localGramGraph` through `run`, WebGPU or WASM), a batch of centres per call (their responses zero-padded to the
 * batch's largest searchlight, which leaves each Gram as it is; `size` live centres per call, {@link centreBatch} by
 * default). Yields the centres done after each batch.
 */
export async function* searchlightStepsWith(
  run: InferenceRunner,
  sheet: Sheet,
  grid: SearchlightGrid,
  layers: LayerTarget[],
  method: SearchlightMethod,
  maps: SearchlightMaps = emptyMaps(sheet.nStimuli, grid, layers),
  size?: number,
): AsyncGenerator<number, {maps: SearchlightMaps; kept: CentreVectors}> {
  const n = sheet.nStimuli;
  const scorer = centreScorer(sheet, grid, layers, method, maps);
  const total = grid.members.length;
  let widest = 0;
  for (const m of grid.members) if (m) widest = Math.max(widest, m.length);
  size ??= centreBatch(n, widest);
  for (let start = 0; start < total;) {
    // The next `size` live centres (and the blank ones between them).
    const batch: number[] = [];
    let end = start;
    while (end < total && batch.length < size) if (grid.members[end++]) batch.push(end - 1);
    while (end < total && !grid.members[end]) end++; // blank centres after the batch go with it
    if (batch.length) {
      const width = Math.max(...batch.map((c) => grid.members[c]!.length));
      const x = new Float32Array(batch.length * n * width);
      const sums = batch.map((c, b) => gatherMembers(sheet, grid.members[c]!, x, b * n * width, width).sums);
      const grams = await localGramsWith(run, x, batch.length, n, width);
      batch.forEach((c, b) => scorer.score(c, rdmFromGram(grams, sums[b], n, grid.members[c]!.length, b * n * n)));
    }
    start = end;
    yield end;
  }
  return scorer.done();
}

/** Maps with every centre still blank, to be filled by {@link searchlightSteps}. */
export function emptyMaps(nStimuli: number, grid: SearchlightGrid, layers: LayerTarget[]): SearchlightMaps {
  const total = grid.members.length;
  return {
    nStimuli,
    layers: layers.map((l) => l.name),
    scores: new Float32Array(total * layers.length).fill(NaN),
    best: new Int16Array(total).fill(-1),
    bestScore: new Float32Array(total).fill(NaN),
  };
}

/** Runs {@link searchlightSteps} to the end. */
export function searchlightMaps(...args: Parameters<typeof searchlightSteps>): {
  maps: SearchlightMaps;
  kept: CentreVectors;
} {
  return finish(searchlightSteps(...args));
}

function finish<T>(steps: Generator<number, T>): T {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/** Per-centre p-values of the best correlation, uncorrected and corrected by the maximum statistic. */
export interface PermutationResult {
  permutations: number;
  /** Per centre (NaN at blank centres): (1 + #{π: the centre's best permuted correlation ≥ observed}) / (1 + P). */
  p: Float32Array;
  /** The same against each permutation's maximum over all centres (family-wise error control). */
  pCorrected: Float32Array;
  /** Each permutation's maximum over centres. */
  maxNull: Float32Array;
}

/** Options of the permutation test. */
export interface PermutationOptions {
  permutations: number;
  seed: number;
  method: SearchlightMethod;
}

/**
 * What both ways of running the permutation test share: the permutations (drawn in one seeded order), each layer's
 * standardized values as a full symmetric matrix (a permuted pair (π i, π j) is one lookup), and the tally of each
 * permutation's best correlation per centre and its maximum over centres.
 */
function permutationTally(
  maps: SearchlightMaps,
  kept: CentreVectors,
  layers: LayerTarget[],
  {permutations, seed, method}: PermutationOptions,
) {
  const n = maps.nStimuli;
  const {nPairs, centres} = kept;
  const total = maps.best.length;
  const full = layers.map((l) => {
    const z = standardize(upperTriangle(l.rdm, n), method);
    const m = new Float32Array(n * n);
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m[i * n + j] = m[j * n + i] = z[k++];
    return m;
  });
  const exceed = new Int32Array(total);
  const exceedMax = new Int32Array(total);
  const maxNull = new Float32Array(permutations);
  const source = seededSource(seed);
  let q = 0;
  return {
    /** The next permutation of the stimuli. */
    draw: () => permutation(n, source),
    /** Writes layer l's permuted vector to out[base(l) + k · stride], k over the stimulus pairs. */
    fill(pi: ArrayLike<number>, out: Float32Array, base: (l: number) => number, stride: number) {
      for (let l = 0; l < full.length; l++) {
        const f = full[l];
        let k = base(l);
        for (let i = 0; i < n; i++) {
          const row = pi[i] * n;
          for (let j = i + 1; j < n; j++, k += stride) out[k] = f[row + pi[j]];
        }
      }
    },
    /** Counts one permutation, given each live centre's best permuted correlation at best[offset + v · stride]. */
    count(best: ArrayLike<number>, offset = 0, stride = 1) {
      let m = -Infinity;
      for (let v = 0; v < centres.length; v++) m = Math.max(m, best[offset + v * stride]);
      maxNull[q++] = m;
      for (let v = 0; v < centres.length; v++) {
        const c = centres[v];
        const observed = maps.bestScore[c] - 1e-6;
        if (best[offset + v * stride] >= observed) exceed[c]++;
        if (m >= observed) exceedMax[c]++;
      }
    },
    result(): PermutationResult {
      const p = new Float32Array(total).fill(NaN);
      const pCorrected = new Float32Array(total).fill(NaN);
      for (const c of centres) {
        p[c] = (1 + exceed[c]) / (1 + permutations);
        pCorrected[c] = (1 + exceedMax[c]) / (1 + permutations);
      }
      return {permutations, p, pCorrected, maxNull};
    },
    nPairs,
  };
}

/**
 * A stimulus-label permutation test of every centre's best correlation. Each permutation relabels the stimuli of the
 * layer RDMs (which is the same as relabelling the local RDMs), the same permutation for every centre, so each
 * permutation's maximum over centres gives the family-wise null. In TypeScript (one blocked product per
 * permutation); {@link permutationStepsWith} runs the products on ONNX Runtime. Yields the permutations done.
 */
export function* permutationSteps(
  maps: SearchlightMaps,
  kept: CentreVectors,
  layers: LayerTarget[],
  options: PermutationOptions,
): Generator<number, PermutationResult> {
  const {nPairs, vectors, centres} = kept;
  const {method} = options;
  const L = layers.length;
  const tally = permutationTally(maps, kept, layers, options);
  // The permuted layers' vectors, one row per layer; every centre's correlations are then one product.
  const permuted = new Float32Array(L * nPairs);
  const live = centres.length;
  const products = new Float64Array(live * L);
  const nullBest = new Float32Array(live);
  for (let q = 0; q < options.permutations; q++) {
    tally.fill(tally.draw(), permuted, (l) => l * nPairs, 1);
    if (method === "kendall")
      for (let v = 0; v < live; v++)
        for (let l = 0; l < L; l++)
          products[v * L + l] = correlateStandardized(
            vectors.subarray(v * nPairs, (v + 1) * nPairs),
            permuted.subarray(l * nPairs, (l + 1) * nPairs),
            method,
          );
    else matmulTransposed(vectors, live, permuted, L, nPairs, products);
    for (let v = 0; v < live; v++) {
      let b = -Infinity;
      for (let l = 0; l < L; l++) b = Math.max(b, products[v * L + l]);
      nullBest[v] = b;
    }
    tally.count(nullBest);
    yield q + 1;
  }
  return tally.result();
}

/** Permutations per ONNX Runtime call: the permuted layers of a batch take at most about 4 MB. */
export function permutationBatch(nPairs: number, layers: number, permutations: number): number {
  return Math.max(1, Math.min(50, permutations, Math.floor(2 ** 20 / (nPairs * layers))));
}

/**
 * {@link permutationSteps} for Spearman's ρ with the products on ONNX Runtime (core/analysisGraphs.ts
 * `permutationBestGraph` through `run`, WebGPU or WASM): the same permutations in the same order, a batch of them
 * per call, so the p-values are the same (up to float32 sums). Yields the permutations done after each batch.
 */
export async function* permutationStepsWith(
  run: InferenceRunner,
  maps: SearchlightMaps,
  kept: CentreVectors,
  layers: LayerTarget[],
  options: PermutationOptions,
): AsyncGenerator<number, PermutationResult> {
  if (options.method !== "spearman") throw new RangeError("permutationStepsWith: Spearman's ρ only");
  const {nPairs, vectors, centres} = kept;
  const L = layers.length;
  const live = centres.length;
  const tally = permutationTally(maps, kept, layers, options);
  const size = permutationBatch(nPairs, L, options.permutations);
  for (let done = 0; done < options.permutations;) {
    const batch = Math.min(size, options.permutations - done);
    const permuted = new Float32Array(nPairs * batch * L);
    for (let b = 0; b < batch; b++) tally.fill(tally.draw(), permuted, (l) => b * L + l, batch * L);
    const best = live ? await permutationBestWith(run, vectors, live, nPairs, permuted, L, batch) : new Float32Array();
    for (let b = 0; b < batch; b++) tally.count(best, b, batch);
    done += batch;
    yield done;
  }
  return tally.result();
}

/** Runs {@link permutationSteps} to the end. */
export function permutationTest(...args: Parameters<typeof permutationSteps>): PermutationResult {
  return finish(permutationSteps(...args));
}
