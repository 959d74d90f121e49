/**
 * A reader's own recording, read in the page ("Your data"): an npz in the seed's layout (`resp`, `stimuli`), an
 * Arrow IPC file in the site's V1 format, or CSV/TSV with one row per stimulus. The readers are the build's own
 * (core/npz.ts, core/v1.ts, core/csvResponses.ts); this module picks one by the file's first bytes, z-scores each
 * neuron as the built-in data is, and names the file in the dataset's source. Its per-neuron summaries and Gram
 * matrix come from the same functions the build's loaders use ({@link datasetSummaries}). Isomorphic: no DOM.
 */
import {parseResponsesCsv} from "./csvResponses.js";
import {gram, zScoreColumns} from "./linalg.js";
import {readV1Npz} from "./npz.js";
import {tuningStats, type TuningStats} from "./tuning.js";
import {readV1, type V1Dataset, type V1Source} from "./v1.js";

/** The file formats a reader may bring. */
export type DatasetFormat = "npz" | "arrow" | "csv";

/** Where a reader's dataset came from: the file's name, format, size and shape (the badge's words). */
export type UserSource = V1Source &
  Required<Pick<V1Source, "file" | "bytes" | "nStimuli" | "nNeurons">> & {kind: "user"; format: DatasetFormat};

/** A reader's dataset: the V1 layout with a {@link UserSource}, and neuron positions (µm) when the file has them. */
export type UserDataset = Omit<V1Dataset, "source" | "compact"> & {
  source: UserSource;
  positions?: {data: Float32Array; dims: 2 | 3};
};

/** Options of {@link readUserDataset}. */
export interface UserReadOptions {
  /** Header name of the orientation column of a CSV/TSV file (default "orientation"). */
  orientationColumn?: string;
  /** Called with the rows read so far while a CSV/TSV file is parsed. */
  onProgress?: (rows: number) => void;
}

const ZIP = [0x50, 0x4b];
const ARROW = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The format of a file from its first bytes: a zip (npz) starts with "PK", an Arrow IPC file with "ARROW1" (an
 * Arrow stream with the continuation marker 0xFFFFFFFF); anything else is read as CSV/TSV text. A `.npz` name on a
 * file that is not a zip is an error, so a renamed or truncated download says what it is.
 */
export function detectFormat(head: Uint8Array, name: string): DatasetFormat {
  if (startsWith(head, ZIP)) return "npz";
  if (startsWith(head, ARROW) || startsWith(head, [0xff, 0xff, 0xff, 0xff])) return "arrow";
  if (/\.(npz|npy|zip)$/i.test(name)) throw new Error(`${name}: not a zip archive, so not an npz file`);
  if (/\.(arrow|feather|ipc)$/i.test(name)) throw new Error(`${name}: not an Arrow IPC file (no ARROW1 magic)`);
  if (head.some((b) => b === 0)) throw new Error(`${name}: not an npz, Arrow or CSV/TSV file (binary content)`);
  return "csv";
}

/** Something that can be read as bytes or as a stream of text: a browser File, or bytes in tests. */
export interface DatasetFile {
  name: string;
  size: number;
  /** The first bytes (at least 8). */
  head(): Promise<Uint8Array>;
  /** The whole file. */
  bytes(): Promise<Uint8Array>;
  /** The file as text chunks (CSV/TSV). */
  text(): AsyncIterable<string> | Iterable<string>;
}

/** A {@link DatasetFile} over bytes in memory, split into text chunks of `chunk` characters. */
export function bytesFile(name: string, bytes: Uint8Array, chunk = 1 << 20): DatasetFile {
  return {
    name,
    size: bytes.length,
    head: async () => bytes.subarray(0, 16),
    bytes: async () => bytes,
    *text() {
      const text = new TextDecoder().decode(bytes);
      for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
    },
  };
}

/** A {@link DatasetFile} over a Blob (a browser File): its bytes when needed, its text streamed in chunks. */
export function blobFile(blob: Blob, name: string): DatasetFile {
  return {
    name,
    size: blob.size,
    head: async () => new Uint8Array(await blob.slice(0, 16).arrayBuffer()),
    bytes: async () => new Uint8Array(await blob.arrayBuffer()),
    async *text() {
      const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const {done, value} = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
}

/**
 * Reads a reader's file into a z-scored {@link UserDataset}. Throws an Error naming the file and the fault (the
 * readers' fault table: not a zip, truncated, missing `resp`/`stimuli`, wrong rank, row count ≠ stimuli, NaN/Inf,
 * unsupported dtype, CRC mismatch, ragged or non-numeric CSV, fewer than 2 neurons or stimuli, orientations
 * outside [0, 360)). Nothing is kept on failure.
 */
export async function readUserDataset(file: DatasetFile, options: UserReadOptions = {}): Promise<UserDataset> {
  const {name} = file;
  const format = detectFormat(await file.head(), name);
  let responses: Float32Array;
  let stimuli: Float32Array;
  let nStimuli: number;
  let nNeurons: number;
  let positions: UserDataset["positions"];
  if (format === "csv") {
    ({responses, stimuli, nStimuli, nNeurons, positions} = await parseResponsesCsv(file.text(), {
      name,
      orientationColumn: options.orientationColumn,
      onProgress: options.onProgress,
    }));
  } else if (format === "npz") {
    ({responses, stimuli, nStimuli, nNeurons, positions} = readV1Npz(await file.bytes(), name));
  } else {
    let v1: V1Dataset;
    try {
      v1 = readV1(await file.bytes());
    } catch (e) {
      throw new Error(`${name}: not the site's V1 Arrow layout (${(e as Error).message})`);
    }
    ({nStimuli, nNeurons} = v1);
    // A copy: the Arrow reader's arrays are views into the file's bytes.
    responses = v1.responses.slice();
    stimuli = v1.stimuli.slice();
    for (let i = 0; i < responses.length; i++)
      if (!Number.isFinite(responses[i]))
        throw new Error(
          `${name}: a response is not finite (stimulus ${Math.floor(i / nNeurons)}, neuron ${i % nNeurons})`,
        );
  }
  if (nNeurons < 2) throw new Error(`${name}: ${nNeurons} neuron${nNeurons === 1 ? "" : "s"}; at least 2 are needed`);
  if (nStimuli < 2) throw new Error(`${name}: ${nStimuli} stimul${nStimuli === 1 ? "us" : "i"}; at least 2 are needed`);
  const outside = stimuli.findIndex((s) => !(s >= 0 && s < 360));
  if (outside >= 0)
    throw new Error(
      `${name}: stimulus ${outside} has orientation ${stimuli[outside]}°; orientations must be in [0, 360)`,
    );
  zScoreColumns(responses, nStimuli, nNeurons);
  return {
    responses,
    stimuli,
    nStimuli,
    nNeurons,
    source: {kind: "user", file: name, format, bytes: file.size, nStimuli, nNeurons},
    ...(positions ? {positions} : {}),
  };
}

/** Gram matrices are computed for at most this many stimuli (5,000 stimuli would need 200 MB and minutes). */
export const MAX_GRAM_STIMULI = 1440;

/** What the build precomputes for the built-in data, computed for a reader's dataset with the same functions. */
export interface DatasetSummaries {
  /** Per-neuron tuning (core/tuning.ts, as `v1-neurons.arrow`). */
  neurons: TuningStats;
  /**
   * The stimuli's Gram matrix X Xᵀ (as `v1-gram.arrow`): null beyond {@link MAX_GRAM_STIMULI} stimuli, and null
   * until computed (the compute worker computes it after the dataset is in use: seconds for large recordings).
   */
  gram: Float64Array | null;
}

type Responses = Pick<V1Dataset, "responses" | "stimuli" | "nStimuli" | "nNeurons">;

/** The Gram matrix of a dataset as the build's loader computes it, or null beyond {@link MAX_GRAM_STIMULI} stimuli. */
export function datasetGram({responses, nStimuli, nNeurons}: Responses): Float64Array | null {
  return nStimuli <= MAX_GRAM_STIMULI ? gram(responses, nStimuli, nNeurons) : null;
}

/** Per-neuron tuning of a dataset, as the build's loader computes it (data-loaders/v1Arrow.ts). */
export function datasetTuning({responses, stimuli, nNeurons}: Responses): TuningStats {
  return tuningStats(responses, stimuli, nNeurons);
}

/** Per-neuron summaries and the Gram matrix of a dataset, as the build's loaders compute them. */
export function datasetSummaries(dataset: Responses): DatasetSummaries {
  return {neurons: datasetTuning(dataset), gram: datasetGram(dataset)};
}
