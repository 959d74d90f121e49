/**
 * Test fixtures written from scratch: `.npy` bytes with a header built here (not by the reader under test) and
 * `.npz` archives zipped by fflate with stored (level 0) or deflated entries.
 */
import {zipSync} from "fflate";

/** Options for {@link npyBytes}. */
export interface NpyFixtureOptions {
  /** Write the values (given in C order) in Fortran order. */
  fortran?: boolean;
  /** .npy format version (1 uses a 2-byte header length, 2 a 4-byte one). */
  version?: 1 | 2;
}

/** The bytes of a `.npy` file holding `values` (C order) with the given numpy `descr` and shape. */
export function npyBytes(
  descr: string,
  shape: number[],
  values: number[],
  {fortran = false, version = 1}: NpyFixtureOptions = {},
): Uint8Array<ArrayBuffer> {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error("fixture: values do not fill the shape");
  // Reorder to Fortran order by hand for 1-D and 2-D fixtures (what the tests use).
  let stored = values;
  if (fortran && shape.length === 2) {
    const [r, c] = shape;
    stored = [];
    for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) stored.push(values[i * c + j]);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  header += " ".repeat(64 - ((prefix + header.length + 1) % 64)) + "\n";
  const kind = descr.slice(1);
  const little = descr[0] !== ">";
  const item = Number(kind.slice(1));
  const body = new DataView(new ArrayBuffer(size * item));
  stored.forEach((v, i) => {
    if (kind === "f8") body.setFloat64(i * 8, v, little);
    else if (kind === "f4") body.setFloat32(i * 4, v, little);
    else if (kind === "i8") body.setBigInt64(i * 8, BigInt(v), little);
    else if (kind === "i4") body.setInt32(i * 4, v, little);
    else if (kind === "i2") body.setInt16(i * 2, v, little);
    else throw new Error(`fixture: no writer for ${descr}`);
  });
  const out = new Uint8Array(prefix + header.length + body.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(new Uint8Array(body.buffer), prefix + header.length);
  return out;
}

/** An `.npz` archive of the given `.npy` entries (names without `.npy`), stored or deflated. */
export function npzBytes(
  entries: Record<string, Uint8Array>,
  {deflate = false}: {deflate?: boolean} = {},
): Uint8Array<ArrayBuffer> {
  const files = Object.fromEntries(Object.entries(entries).map(([k, v]) => [`${k}.npy`, v]));
  return zipSync(files, {level: deflate ? 6 : 0});
}
