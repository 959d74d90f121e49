/**
 * The V1 dataset as pages and loaders see it: its types, the Arrow layout of `v1-responses.arrow` and
 * `v1-neurons.arrow` (written by data-loaders/v1Arrow.ts), zero-copy readers for pages, and the words of the badge
 * (ui/v1Badges.ts) that says visibly whether a page shows the real recordings or the synthetic stand-in.
 */
import {tableFromIPC, type Table} from "apache-arrow";
import {expandResponses, type CompactResponses} from "./v1Compact.js";

/** Where the V1 data came from; travels in the Arrow schema metadata. */
export interface V1Source {
  /**
   * `real`: the Stringer et al. npz; `synthetic`: the deterministic stand-in (data-loaders/syntheticV1.ts); `user`: a
   * reader's own file, read in the page (core/userData.ts).
   */
  kind: "real" | "synthetic" | "user";
  /** md5 of the npz file (real data). */
  md5?: string;
  /** Where the npz came from (real data): the OSF address, or a file:// URL for a local file. */
  url?: string;
  /** The npz's file name as the build found it (real data), e.g. `W3D4_stringer_oribinned1.npz`. */
  file?: string;
  /** Generator seed (synthetic data). */
  seed?: number;
  /** Generator parameters (synthetic data). */
  params?: Record<string, number>;
  /** The reader's file format (user data). */
  format?: "npz" | "arrow" | "csv";
  /** Size of the reader's file in bytes (user data). */
  bytes?: number;
  /** Shape of the reader's data (user data). */
  nStimuli?: number;
  nNeurons?: number;
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
  /**
   * The one-byte form `responses` was decoded from (v1Compact.ts), where the dataset has one: the build's loaders
   * and pages then compute from the same values, and the build writes these codes as they are.
   */
  compact?: CompactResponses;
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
  /** Compact layout (one row per neuron): the code-0 value and step of each neuron, and its stimuli's codes. */
  offset: "offset",
  scale: "scale",
  codes: "codes",
  /** Schema metadata key holding the stimuli (JSON array of degrees) in the compact layout. */
  stimuliKey: "v1.stimuli",
} as const;

function sourceOf(table: Table, file: string): V1Source {
  const json = table.schema.metadata.get(V1_ARROW.sourceKey);
  if (!json) throw new Error(`${file}: no '${V1_ARROW.sourceKey}' in the Arrow schema metadata`);
  return JSON.parse(json) as V1Source;
}

/**
 * Reads `v1-responses.arrow` in either layout. The compact one the build writes (one row per neuron: `offset`,
 * `scale` and a FixedSizeList<Uint8>[nStimuli] of `codes`, stimuli in the metadata) is decoded once into a new
 * stimulus-major Float32Array, with the codes kept as `compact`. The float32 layout (one row per stimulus: `stimulus`
 * and a FixedSizeList<Float32>[nNeurons] of `responses`) is read without a copy: `responses` is then a view into
 * `buffer`, so keep `buffer` alive while it is used.
 */
export function readV1(responsesBuffer: ArrayBuffer | Uint8Array): V1Dataset {
  const table = tableFromIPC(responsesBuffer);
  if (table.schema.fields.some((f) => f.name === V1_ARROW.codes)) return readCompactV1(table);
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

function readCompactV1(table: Table): V1Dataset {
  const file = "v1-responses.arrow";
  if (table.batches.length !== 1) throw new Error(`${file}: expected one record batch, got ${table.batches.length}`);
  const batch = table.batches[0];
  const list = batch.getChild(V1_ARROW.codes)?.data[0];
  const offsets = batch.getChild(V1_ARROW.offset)?.data[0];
  const scales = batch.getChild(V1_ARROW.scale)?.data[0];
  const stimuliJson = table.schema.metadata.get(V1_ARROW.stimuliKey);
  if (!list || !offsets || !scales || !stimuliJson)
    throw new Error(
      `${file}: the compact layout needs columns 'offset', 'scale', 'codes' and '${V1_ARROW.stimuliKey}'`,
    );
  const nStimuli = (list.type as {listSize: number}).listSize;
  const nNeurons = batch.numRows;
  const child = list.children[0];
  const start = list.offset * nStimuli + child.offset;
  const stimuli = Float32Array.from(JSON.parse(stimuliJson) as number[]);
  if (stimuli.length !== nStimuli) throw new Error(`${file}: ${stimuli.length} stimuli for codes of ${nStimuli}`);
  const compact: CompactResponses = {
    codes: (child.values as Uint8Array).subarray(start, start + nStimuli * nNeurons),
    offset: (offsets.values as Float32Array).subarray(offsets.offset, offsets.offset + nNeurons),
    scale: (scales.values as Float32Array).subarray(scales.offset, scales.offset + nNeurons),
    nStimuli,
    nNeurons,
  };
  return {responses: expandResponses(compact), stimuli, nStimuli, nNeurons, source: sourceOf(table, file), compact};
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

/** The published recording (Stringer et al., as Neuromatch distributes it from https://osf.io/683xc/download). */
export const PUBLISHED_V1 = {file: "W3D4_stringer_oribinned1.npz", md5: "436599dfd8ebe6019f066c38aed20580"} as const;

/** Whether the data is the published recording itself (its md5 matches), not another file of the same layout. */
export function isPublishedV1(source: V1Source): boolean {
  return source.kind === "real" && source.md5 === PUBLISHED_V1.md5;
}

/**
 * The badge's words: "real data (md5 …)" for the published recording, "real data from x.npz (not the published
 * recording)" for another file built with `V1_NPZ_MD5`, "synthetic data (seed …)", or "your data: x.npz, 120 stimuli
 * × 700 neurons" for a reader's own file.
 */
export function sourceLabel(source: V1Source): string {
  if (source.kind === "user")
    return `your data: ${source.file}, ${(source.nStimuli ?? 0).toLocaleString("en-US")} stimuli × ${(source.nNeurons ?? 0).toLocaleString("en-US")} neurons`;
  if (source.kind !== "real") return `synthetic data (seed ${source.seed ?? "unknown"})`;
  if (isPublishedV1(source)) return `real data (md5 ${source.md5})`;
  return `real data from ${source.file ?? "an unnamed file"} (not the published recording)`;
}

/** A sentence naming the source in full, for the data page's table. */
export function sourceDescription(source: V1Source): string {
  if (source.kind === "user")
    return `${source.file} (${source.format}, ${((source.bytes ?? 0) / 2 ** 20).toFixed(1)} MB), your own file, read and analysed in this browser (nothing is uploaded); each neuron z-scored across stimuli`;
  if (source.kind !== "real") return `deterministic synthetic population (seed ${source.seed ?? "unknown"})`;
  if (isPublishedV1(source)) return `Stringer et al., ${PUBLISHED_V1.file} (md5 ${source.md5})`;
  return `${source.file ?? "a local file"} (md5 ${source.md5 ?? "unknown"}): not the published recording of Stringer et al. (${PUBLISHED_V1.file}, md5 ${PUBLISHED_V1.md5}), a file of the same layout chosen at build time`;
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
