/**
 * `.npz` reading: a zip archive (stored or deflated entries, unpacked by fflate) of `.npy` arrays, each entry checked
 * against the CRC-32 its central directory records (numpy writes one; fflate does not check it), and the validation
 * of the V1 archive's `resp` and `stimuli` arrays. Every error names the file and the fault. Isomorphic: the build
 * reads the V1 npz with it, and a page can read a reader's own file with the same code.
 */
import {unzipSync} from "fflate";
import {parseNpy, toFiniteFloat32, type NpyArray} from "./npy.js";

/**
 * Unpacks an `.npz` archive into its arrays, keyed by name without the `.npy` suffix.
 * `file` is the archive's path, used in error messages.
 */
export function readNpz(bytes: Uint8Array, file: string): Map<string, NpyArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new Error(`${file}: not a zip/npz file (no PK signature${bytes.length === 0 ? "; the file is empty" : ""})`);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new Error(`${file}: truncated or corrupt zip archive (${(e as Error).message})`);
  }
  const crcs = centralCrcs(bytes, file);
  const arrays = new Map<string, NpyArray>();
  for (const [entry, data] of Object.entries(entries)) {
    const stored = crcs.get(entry);
    if (stored === undefined) throw new Error(`${file}:${entry}: not listed in the zip's central directory`);
    const computed = crc32(data);
    if (computed !== stored)
      throw new Error(
        `${file}:${entry}: CRC-32 mismatch (stored ${hex(stored)}, computed ${hex(computed)}): the file is corrupt`,
      );
    if (!entry.endsWith(".npy")) continue;
    arrays.set(entry.slice(0, -4), parseNpy(data, `${file}:${entry}`));
  }
  return arrays;
}

const hex = (n: number) => n.toString(16).padStart(8, "0");

let CRC_TABLE: Uint32Array | null = null;

/** The CRC-32 (IEEE 802.3, as zip uses) of some bytes. */
export function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  const table = CRC_TABLE;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The CRC-32 of every entry, as the zip's central directory records it (zip64 archives included, as numpy's savez
 * writes them for big arrays).
 */
export function centralCrcs(bytes: Uint8Array, file: string): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (what: string): never => {
    throw new Error(`${file}: truncated or corrupt zip archive (${what})`);
  };
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) corrupt("no end of central directory");
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== 0x07064b50)
      corrupt("no zip64 end of central directory locator");
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== 0x06064b50) corrupt("bad zip64 end record");
    count = Number(view.getBigUint64(record + 32, true));
    offset = Number(view.getBigUint64(record + 48, true));
  }
  const crcs = new Map<string, number>();
  const decoder = new TextDecoder();
  let at = offset;
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) corrupt(`central directory entry ${k}`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    crcs.set(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)), view.getUint32(at + 16, true));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return crcs;
}

/** The V1 arrays as read from the npz, before any binning. */
export interface V1Arrays {
  /** nStimuli × nNeurons responses, stimulus-major. */
  responses: Float32Array;
  /** Stimulus orientation in degrees, one per row of `responses`. */
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  /** Neuron positions (µm), neurons × dims, when the archive has `xyz` or `pos`. */
  positions?: {data: Float32Array; dims: 2 | 3};
}

/** The npz keys that may hold neuron positions, in the order they are looked for. */
export const POSITION_KEYS = ["xyz", "pos"] as const;

/**
 * Reads and validates `W3D4_stringer_oribinned1.npz`-shaped archives: `resp` must be 2-D (stimuli × neurons),
 * `stimuli` 1-D or a column (n × 1), with as many entries as `resp` has rows, and every value finite. Neuron
 * positions, when the archive has `xyz` or `pos`, must be neurons × 2 or 3 and finite (the searchlight reads them).
 */
export function readV1Npz(bytes: Uint8Array, file: string): V1Arrays {
  const arrays = readNpz(bytes, file);
  const missing = ["resp", "stimuli"].filter((k) => !arrays.has(k));
  if (missing.length) {
    throw new Error(
      `${file}: missing ${missing.map((k) => `'${k}'`).join(" and ")} (found: ${[...arrays.keys()].join(", ") || "no arrays"})`,
    );
  }
  const resp = arrays.get("resp")!;
  const stim = arrays.get("stimuli")!;
  if (resp.shape.length !== 2)
    throw new Error(
      `${file}: 'resp' has rank ${resp.shape.length} (shape (${resp.shape.join(", ")})); expected 2 (stimuli × neurons)`,
    );
  const stimColumn = stim.shape.length === 2 && stim.shape[1] === 1;
  if (stim.shape.length !== 1 && !stimColumn) {
    throw new Error(`${file}: 'stimuli' has shape (${stim.shape.join(", ")}); expected a vector (n,) or column (n, 1)`);
  }
  const [nStimuli, nNeurons] = resp.shape;
  if (stim.shape[0] !== nStimuli) {
    throw new Error(`${file}: 'resp' has ${nStimuli} rows but 'stimuli' has ${stim.shape[0]} entries; they must match`);
  }
  const out: V1Arrays = {
    responses: toFiniteFloat32(resp, `${file}:resp`),
    stimuli: toFiniteFloat32(stim, `${file}:stimuli`),
    nStimuli,
    nNeurons,
  };
  const key = POSITION_KEYS.find((k) => arrays.has(k));
  if (key) {
    const pos = arrays.get(key)!;
    const [rows, dims] = pos.shape;
    if (pos.shape.length !== 2 || rows !== nNeurons || (dims !== 2 && dims !== 3))
      throw new Error(
        `${file}: '${key}' has shape (${pos.shape.join(", ")}); expected neurons × 2 or 3, i.e. (${nNeurons}, 2) or (${nNeurons}, 3), positions in µm`,
      );
    out.positions = {data: toFiniteFloat32(pos, `${file}:${key}`), dims};
  }
  return out;
}
