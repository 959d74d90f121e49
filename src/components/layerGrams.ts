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
import {binByOrientation} from "./math/binning.js";
import {gram} from "./math/linalg.js";
import {rdmFromGram, type RdmOptions} from "./math/rdm.js";

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
 * The nBins × n averaging matrix B of orientation binning (row b averages the stimuli in bin b), obtained by
 * binning the identity with the same {@link binByOrientation} the V1 data goes through, so both agree.
 */
export function binningMatrix(stimuli: ArrayLike<number>, binWidth: number): {matrix: Float64Array; nBins: number} {
  const n = stimuli.length;
  const identity = new Float32Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const binned = binByOrientation(identity, stimuli, n, binWidth);
  return {matrix: Float64Array.from(binned.responses), nBins: binned.nStimuli};
}

/** B G Bᵀ for an nBins × n matrix B and an n × n matrix G. */
function sandwich(b: Float64Array, g: Float64Array, nBins: number, n: number): Float64Array {
  const bg = new Float64Array(nBins * n);
  for (let r = 0; r < nBins; r++)
    for (let k = 0; k < n; k++) {
      const brk = b[r * n + k];
      if (brk === 0) continue;
      for (let j = 0; j < n; j++) bg[r * n + j] += brk * g[k * n + j];
    }
  const out = new Float64Array(nBins * nBins);
  for (let r = 0; r < nBins; r++)
    for (let c = 0; c < nBins; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += bg[r * n + k] * b[c * n + k];
      out[r * nBins + c] = s;
    }
  return out;
}

/** The layer's Grams after orientation binning with the averaging matrix from {@link binningMatrix}. */
export function binLayerGram(layer: LayerGram, binning: {matrix: Float64Array; nBins: number}): LayerGram {
  const {matrix, nBins} = binning;
  return {
    ...layer,
    n: nBins,
    gram: sandwich(matrix, layer.gram, nBins, layer.n),
    centered: sandwich(matrix, layer.centered, nBins, layer.n),
  };
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
