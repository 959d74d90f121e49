/**
 * `.npz` reading: a zip archive (stored or deflated entries, unpacked by fflate) of `.npy` arrays, and the
 * validation of the V1 archive's `resp` and `stimuli` arrays. Every error names the file and the fault.
 */
import {unzipSync} from "fflate";
import {parseNpy, toFiniteFloat32, type NpyArray} from "./npy.ts";

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
  const arrays = new Map<string, NpyArray>();
  for (const [entry, data] of Object.entries(entries)) {
    if (!entry.endsWith(".npy")) continue;
    arrays.set(entry.slice(0, -4), parseNpy(data, `${file}:${entry}`));
  }
  return arrays;
}

/** The V1 arrays as read from the npz, before any binning. */
export interface V1Arrays {
  /** nStimuli × nNeurons responses, stimulus-major. */
  responses: Float32Array;
  /** Stimulus orientation in degrees, one per row of `responses`. */
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/**
 * Reads and validates `W3D4_stringer_oribinned1.npz`-shaped archives: `resp` must be 2-D (stimuli × neurons),
 * `stimuli` 1-D or a column (n × 1), with as many entries as `resp` has rows, and every value finite.
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
  return {
    responses: toFiniteFloat32(resp, `${file}:resp`),
    stimuli: toFiniteFloat32(stim, `${file}:stimuli`),
    nStimuli,
    nNeurons,
  };
}
