/**
 * The V1 dataset as pages and loaders see it: its types, the Arrow layout of `v1-responses.arrow` and
 * `v1-neurons.arrow` (written by data-loaders/v1Arrow.ts), zero-copy readers for pages, and the words of the badge
 * (ui/v1Badges.ts) that says visibly whether a page shows the real recordings or the synthetic stand-in.
 */
import {tableFromIPC, type Table} from "apache-arrow";

/** Where the V1 data came from; travels in the Arrow schema metadata. */
export interface V1Source {
  /** `real`: the Stringer et al. npz; `synthetic`: the deterministic stand-in (data-loaders/syntheticV1.ts). */
  kind: "real" | "synthetic";
  /** md5 of the npz file (real data). */
  md5?: string;
  /** Where the npz came from (real data): the OSF address, or a file:// URL for a local file. */
  url?: string;
  /** Generator seed (synthetic data). */
  seed?: number;
  /** Generator parameters (synthetic data). */
  params?: Record<string, number>;
}

/** Stimulus-major V1 responses with their stimuli and source. */
export interface V1Dataset {
  /** nStimuli × nNeurons responses, stimulus-major (row = stimulus), z-scored per neuron. */
  responses: Float32Array;
  /** Stimulus orientation in degrees, one per row. */
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  source: V1Source;
}

/** Per-neuron tuning summaries (the `v1-neurons.arrow` table). */
export interface V1Neurons {
  /** Preferred orientation in degrees, [0, 360). */
  preferred: Float32Array;
  /** Orientation selectivity index in [0, 1]. */
  osi: Float32Array;
  /** Direction selectivity index in [0, 1]. */
  dsi: Float32Array;
  /** Response gain: peak-to-trough range of the smoothed tuning curve (z-score units). */
  gain: Float32Array;
  nNeurons: number;
  source: V1Source;
}

/** Column and metadata names shared by the Arrow writer (data-loaders/v1Arrow.ts) and the readers here. */
export const V1_ARROW = {
  stimulus: "stimulus",
  responses: "responses",
  neuron: "neuron",
  preferred: "preferred",
  osi: "osi",
  dsi: "dsi",
  gain: "gain",
  gram: "gram",
  /** Schema metadata key holding the JSON of the {@link V1Source}. */
  sourceKey: "v1.source",
  /** Schema metadata key holding the bin width the responses were binned with. */
  binWidthKey: "v1.binWidth",
} as const;

function sourceOf(table: Table, file: string): V1Source {
  const json = table.schema.metadata.get(V1_ARROW.sourceKey);
  if (!json) throw new Error(`${file}: no '${V1_ARROW.sourceKey}' in the Arrow schema metadata`);
  return JSON.parse(json) as V1Source;
}

/**
 * Reads `v1-responses.arrow`. `responses` is a view into `buffer` (no copy), so it can be handed to
 * onnxruntime-web as a tensor's data directly; keep `buffer` alive while it is used.
 */
export function readV1(responsesBuffer: ArrayBuffer | Uint8Array): V1Dataset {
  const table = tableFromIPC(responsesBuffer);
  if (table.batches.length !== 1)
    throw new Error(`v1-responses.arrow: expected one record batch, got ${table.batches.length}`);
  const batch = table.batches[0];
  const list = batch.getChild(V1_ARROW.responses)?.data[0];
  const stim = batch.getChild(V1_ARROW.stimulus)?.data[0];
  if (!list || !stim)
    throw new Error(`v1-responses.arrow: needs columns '${V1_ARROW.stimulus}' and '${V1_ARROW.responses}'`);
  const nNeurons = (list.type as {listSize: number}).listSize;
  const nStimuli = batch.numRows;
  const child = list.children[0];
  const start = list.offset * nNeurons + child.offset;
  const responses = (child.values as Float32Array).subarray(start, start + nStimuli * nNeurons);
  const stimuli = (stim.values as Float32Array).subarray(stim.offset, stim.offset + nStimuli);
  return {responses, stimuli, nStimuli, nNeurons, source: sourceOf(table, "v1-responses.arrow")};
}

/** Reads `v1-neurons.arrow` into typed arrays (views into `buffer`). */
export function readNeurons(buffer: ArrayBuffer | Uint8Array): V1Neurons {
  const table = tableFromIPC(buffer);
  const column = (name: string): Float32Array => {
    const vector = table.getChild(name);
    if (!vector) throw new Error(`v1-neurons.arrow: missing column '${name}'`);
    if (vector.data.length !== 1) return vector.toArray() as Float32Array;
    const data = vector.data[0];
    return (data.values as Float32Array).subarray(data.offset, data.offset + data.length);
  };
  return {
    preferred: column(V1_ARROW.preferred),
    osi: column(V1_ARROW.osi),
    dsi: column(V1_ARROW.dsi),
    gain: column(V1_ARROW.gain),
    nNeurons: table.numRows,
    source: sourceOf(table, "v1-neurons.arrow"),
  };
}

/** The stimuli's Gram matrix X Xᵀ of the z-scored responses (the `v1-gram.arrow` table). */
export interface V1Gram {
  /** nStimuli × nStimuli, row-major. */
  gram: Float64Array;
  stimuli: Float32Array;
  nStimuli: number;
  source: V1Source;
}

/** Reads `v1-gram.arrow` (views into `buffer`). */
export function readGram(buffer: ArrayBuffer | Uint8Array): V1Gram {
  const table = tableFromIPC(buffer);
  const list = table.getChild(V1_ARROW.gram)?.data;
  const stim = table.getChild(V1_ARROW.stimulus)?.data;
  if (list?.length !== 1 || stim?.length !== 1)
    throw new Error("v1-gram.arrow: expected one record batch with 'stimulus' and 'gram'");
  const n = table.numRows;
  const child = list[0].children[0];
  const start = list[0].offset * n + child.offset;
  return {
    gram: (child.values as Float64Array).subarray(start, start + n * n),
    stimuli: (stim[0].values as Float32Array).subarray(stim[0].offset, stim[0].offset + n),
    nStimuli: n,
    source: sourceOf(table, "v1-gram.arrow"),
  };
}

/** The badge's words: "real data (md5 …)" or "synthetic data (seed …)". */
export function sourceLabel(source: V1Source): string {
  return source.kind === "real"
    ? `real data (md5 ${source.md5 ?? "unknown"})`
    : `synthetic data (seed ${source.seed ?? "unknown"})`;
}

/**
 * Parses a reader's list of neuron indices ("12, 4051 20000"): `neurons` is null for empty input (use the default)
 * and for bad input, where `error` says what is wrong and which indices are valid.
 */
export function parseNeuronList(text: string, nNeurons: number): {neurons: number[] | null; error: string | null} {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== "");
  if (parts.length === 0) return {neurons: null, error: null};
  const bad = parts.filter((p) => !/^\d+$/.test(p) || Number(p) >= nNeurons);
  if (bad.length) {
    return {
      neurons: null,
      error: `Not a neuron index: ${bad.join(", ")}. Use whole numbers from 0 to ${nNeurons - 1}.`,
    };
  }
  if (parts.length > 10) return {neurons: null, error: `Pick at most 10 neurons (got ${parts.length}).`};
  return {neurons: [...new Set(parts.map(Number))], error: null};
}
