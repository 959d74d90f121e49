/**
 * The zip writer of every loader that ships an archive (decoders.zip, cnn.zip, encoding.zip): members stored,
 * not deflated (ONNX and float payloads barely compress and pages unpack stored members faster), with one fixed
 * timestamp so that the same members give the same bytes on every build.
 */
import {zipSync} from "fflate";

/** The timestamp written on every member (zip stores local time to 2 s; any fixed date will do). */
export const ZIP_MTIME = new Date(Date.UTC(2024, 0, 1));

/** Zips `files` (member name → bytes), stored and with the fixed {@link ZIP_MTIME}. */
export function storedZip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(files, {level: 0, mtime: ZIP_MTIME});
}
