/**
 * Network layers as the RSA and fingerprint pages see them: not the activations themselves (a conv layer has
 * thousands of units) but each layer's stimulus Gram matrices, which carry everything both analyses need.
 * The RDM of any metric comes from the raw Gram K = X Xᵀ (cosine, Euclidean) or the Gram of row-centered
 * activations (correlation); kernel ridge needs only K. Binning stimuli by orientation averages rows
 * (X → B X), so a binned Gram is B K Bᵀ: one artifact at 1° serves every bin width.
 *
 * Artifact `rsa-layers.arrow` (written by data-loaders/analysis/layersArrow.ts): one Float32 column per layer
 * and kind holding the lower triangle (with diagonal) of its 1°-stimulus Gram, and schema metadata with the
 * layer list and the stimuli.
 */
import {tableFromIPC} from "apache-arrow";
import {binGram, orientationBins} from "./binning.js";
import {gram} from "./linalg.js";
import {rdmFromGram, type RdmOptions} from "./rdm.js";

/** A network layer's activations on the stimuli, the interface every layer source produces. */
export interface LayerActivations {
  /** Which network the layer belongs to ("trained CNN", "untrained CNN", "Gabor bank", …). */
  network: string;
  /** The layer's name within its network ("conv1", "hidden", …). */
  layer: string;
  /** nStimuli × nUnits, row = stimulus. */
  activations: Float32Array;
  nUnits: number;
}

/** A layer reduced to its Gram matrices on n stimuli. */
export interface LayerGram {
  network: string;
  layer: string;
  nUnits: number;
  /** Number of stimuli. */
  n: number;
  /** n × n Gram of the raw activations, X Xᵀ. */
  gram: Float64Array;
  /** n × n Gram of the activations with each stimulus's mean over units removed. */
  centered: Float64Array;
}

/** Column and metadata names of `rsa-layers.arrow`. */
export const LAYERS_ARROW = {
  /** Schema metadata key: JSON `{stimuli: number[], layers: {network, layer, nUnits}[]}`. */
  metaKey: "rsa.layers",
  column: (index: number, kind: "gram" | "centered") => `${index}.${kind}`,
} as const;

/** Reduces activations to their Gram matrices (accumulated in Float64). */
export function layerGram({network, layer, activations, nUnits}: LayerActivations, n: number): LayerGram {
  if (activations.length !== n * nUnits)
    throw new RangeError(`layerGram(${network} ${layer}): expected ${n} × ${nUnits} values`);
  const centered = new Float64Array(n * nUnits);
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let k = 0; k < nUnits; k++) mean += activations[i * nUnits + k];
    mean /= nUnits;
    for (let k = 0; k < nUnits; k++) centered[i * nUnits + k] = activations[i * nUnits + k] - mean;
  }
  return {network, layer, nUnits, n, gram: gram(activations, n, nUnits), centered: gram(centered, n, nUnits)};
}

/**
 * The layer's Grams after orientation binning (rows averaged within bins, so the Gram becomes B K Bᵀ), with
 * the same `binGram` the V1 Gram goes through. `stimuli` are the layer's n stimuli in degrees.
 */
export function binLayerGram(layer: LayerGram, stimuli: ArrayLike<number>, binWidth: number): LayerGram {
  const gram = binGram(layer.gram, stimuli, binWidth);
  return {...layer, n: gram.nStimuli, gram: gram.gram, centered: binGram(layer.centered, stimuli, binWidth).gram};
}

/**
 * For each stimulus of `to`, the index of the nearest stimulus of `from` (circular distance in degrees). Throws when
 * one is further than `maxGap` degrees (the networks were not shown anything near it).
 */
export function nearestStimuli(from: ArrayLike<number>, to: ArrayLike<number>, maxGap = 1): Int32Array {
  const index = new Int32Array(to.length);
  for (let i = 0; i < to.length; i++) {
    let best = -1;
    let bestGap = Infinity;
    for (let k = 0; k < from.length; k++) {
      const d = Math.abs(((((to[i] - from[k]) % 360) + 540) % 360) - 180);
      if (d < bestGap) [best, bestGap] = [k, d];
    }
    if (bestGap > maxGap)
      throw new RangeError(`no network stimulus within ${maxGap}° of ${to[i]}° (nearest ${bestGap.toFixed(2)}° away)`);
    index[i] = best;
  }
  return index;
}

/**
 * The layers' Grams on other stimuli: row and column `i` are those of the layer stimulus nearest `to[i]`. Both
 * Grams are per-stimulus quantities (raw, and centred within each stimulus), so selecting rows and columns gives
 * exactly the Grams of the activations on the selected stimuli. Returns `layers` itself when the stimuli agree.
 */
export function layerGramsAt(layers: LayerGram[], from: ArrayLike<number>, to: ArrayLike<number>): LayerGram[] {
  if (from.length === to.length && Array.prototype.every.call(to, (s: number, i: number) => s === from[i]))
    return layers;
  const index = nearestStimuli(from, to);
  const n = index.length;
  const pick = (g: Float64Array, m: number) => {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = g[index[i] * m + index[j]];
    return out;
  };
  return layers.map((l) => ({...l, n, gram: pick(l.gram, l.n), centered: pick(l.centered, l.n)}));
}

/** Stimuli (after binning) beyond which the networks' Grams are not formed in the page: 1,440² doubles are 16 MB. */
export const MAX_BINNED_STIMULI = 1440;

/**
 * The layers' binned Grams on the stimuli `to` (a reader's dataset): `binLayerGram` of {@link layerGramsAt}'s Grams,
 * formed without their n × n intermediate (a 5,000-stimulus file would need 200 MB per Gram). Entry (a, b) is the
 * mean over the pairs of `to` stimuli in bins a and b of the layer's Gram at their nearest layer stimuli. With
 * `to` equal to `from`, exactly `binLayerGram` of the layers. Throws, saying what to do, beyond
 * {@link MAX_BINNED_STIMULI} bins.
 */
export function layerGramsBinnedAt(
  layers: LayerGram[],
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  binWidth: number,
): LayerGram[] {
  if (from.length === to.length && Array.prototype.every.call(to, (s: number, i: number) => s === from[i]))
    return layers.map((l) => binLayerGram(l, from, binWidth));
  const n = to.length;
  const bins =
    binWidth <= 1
      ? {row: Int32Array.from({length: n}, (_, i) => i), counts: new Float64Array(n).fill(1), nBins: n}
      : orientationBins(to, binWidth);
  const m = bins.nBins;
  if (m > MAX_BINNED_STIMULI)
    throw new RangeError(
      `${m.toLocaleString("en-US")} stimuli at a bin width of ${binWidth}° are too many for the networks' RDMs here (at most ${MAX_BINNED_STIMULI.toLocaleString("en-US")}); widen the bins`,
    );
  const index = nearestStimuli(from, to);
  const bin = (g: Float64Array, size: number) => {
    const out = new Float64Array(m * m);
    for (let s = 0; s < n; s++) {
      const src = index[s] * size;
      const dst = bins.row[s] * m;
      for (let t = 0; t < n; t++) out[dst + bins.row[t]] += g[src + index[t]];
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[a * m + b] /= bins.counts[a] * bins.counts[b];
    return out;
  };
  return layers.map((l) => ({...l, n: m, gram: bin(l.gram, l.n), centered: bin(l.centered, l.n)}));
}

/**
 * The layer's RDM from its Grams: correlation distance from the centered Gram, cosine from the raw one (both
 * normalised by the diagonal; a stimulus with no response spread gets dissimilarity 1), Euclidean from the raw.
 */
export function layerRdm(layer: LayerGram, {metric = "correlation"}: RdmOptions = {}): Float64Array {
  const {n} = layer;
  const source = metric === "correlation" ? layer.centered : layer.gram;
  const g = Float64Array.from(source);
  if (metric !== "euclidean") {
    const norm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = source[i * n + i];
      norm[i] = d > 1e-24 ? 1 / Math.sqrt(d) : 0;
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] *= norm[i] * norm[j];
  }
  return rdmFromGram(g, n, {metric});
}

/** Lower triangle with diagonal, row by row, as Float32: how the artifact stores a symmetric Gram. */
export function packLower(g: Float64Array, n: number): Float32Array {
  const out = new Float32Array((n * (n + 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) out[k++] = g[i * n + j];
  return out;
}

/** Inverse of {@link packLower}: the full symmetric n × n matrix. */
export function unpackLower(packed: ArrayLike<number>, n: number): Float64Array {
  const g = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) g[i * n + j] = g[j * n + i] = packed[k++];
  return g;
}

/** Reads `rsa-layers.arrow`: the 1° stimuli and every layer's Grams. */
export function readLayerGrams(buffer: ArrayBuffer | Uint8Array): {stimuli: Float32Array; layers: LayerGram[]} {
  const table = tableFromIPC(buffer);
  const json = table.schema.metadata.get(LAYERS_ARROW.metaKey);
  if (!json) throw new Error(`rsa-layers.arrow: no '${LAYERS_ARROW.metaKey}' metadata`);
  const meta = JSON.parse(json) as {stimuli: number[]; layers: {network: string; layer: string; nUnits: number}[]};
  const n = meta.stimuli.length;
  const column = (name: string) => {
    const v = table.getChild(name);
    if (!v) throw new Error(`rsa-layers.arrow: missing column '${name}'`);
    return unpackLower(v.toArray() as Float32Array, n);
  };
  return {
    stimuli: Float32Array.from(meta.stimuli),
    layers: meta.layers.map((l, i) => ({
      ...l,
      n,
      gram: column(LAYERS_ARROW.column(i, "gram")),
      centered: column(LAYERS_ARROW.column(i, "centered")),
    })),
  };
}
