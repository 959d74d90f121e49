/**
 * NumPy `.npy` parsing (format versions 1–3) for the numeric dtypes recordings come in: floats (`f8`, `f4`) and
 * integers (`i8`, `i4`, `i2`, `i1`, `u4`, `u2`, `u1`), little- or big-endian, in C or Fortran order. Anything else
 * is rejected with an error that names the file and the fault, so a bad download never turns into a silently wrong
 * artifact. Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

/** The dtypes this reader accepts, as little-endian (or one-byte) `descr` strings; `>` forms are read too. */
export const NPY_DTYPES = ["<f8", "<f4", "<i8", "<i4", "<i2", "|i1", "<u4", "<u2", "|u1"] as const;

/** One of {@link NPY_DTYPES}: the dtype of the values as returned (big-endian files are byte-swapped). */
export type NpyDtype = (typeof NPY_DTYPES)[number];

type NpyData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A parsed array, always returned in C (row-major) order whatever order the file stored. */
export interface NpyArray {
  /** The stored dtype. */
  dtype: NpyDtype;
  /** The shape, outermost axis first. */
  shape: number[];
  /** Whether the file stored the data in Fortran (column-major) order; `data` is C order regardless. */
  fortranOrder: boolean;
  /** The values in C order. */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ARRAYS: Record<NpyDtype, new (buffer: ArrayBuffer) => NpyData> = {
  "<f8": Float64Array,
  "<f4": Float32Array,
  "<i8": BigInt64Array,
  "<i4": Int32Array,
  "<i2": Int16Array,
  "|i1": Int8Array,
  "<u4": Uint32Array,
  "<u2": Uint16Array,
  "|u1": Uint8Array,
};

/**
 * Parses the bytes of one `.npy` file. `name` (a path, or `archive.npz:entry.npy`) is put in every error message.
 * Throws on: a missing magic string, a truncated header or body, an unparsable header, unsupported dtypes (complex,
 * strings, objects, float16, booleans).
 */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  const fail = (fault: string): never => {
    throw new Error(`${name}: ${fault}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail("not a .npy array (missing \\x93NUMPY magic)");
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`unsupported .npy format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail("truncated .npy header");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (bytes.length < dataStart) fail(`truncated .npy header (needs ${dataStart} bytes, file has ${bytes.length})`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(8 + lengthBytes, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1] ?? fail(`unparsable .npy header ${JSON.stringify(header)}`);
  const fortran =
    /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1] ?? fail("unparsable .npy header: no fortran_order");
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail("unparsable .npy header: no shape");
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => (/^\d+L?$/.test(s) ? parseInt(s, 10) : fail(`unparsable .npy shape (${shapeText})`)));

  // The same kind in little-endian (or one-byte) form: '=' is native order, little-endian on every platform we run on.
  const [order, kind] = [descr[0], descr.slice(1)];
  const normal = (kind.endsWith("1") ? "|" : "<") + kind;
  const bigEndian = order === ">";
  if (!"<>|=".includes(order) || !(NPY_DTYPES as readonly string[]).includes(normal)) {
    fail(`unsupported dtype ${descr} (supported: ${NPY_DTYPES.join(", ")}, either byte order)`);
  }
  const dtype = normal as NpyDtype;
  const itemSize = Number(kind.slice(1));
  const size = shape.reduce((a, b) => a * b, 1);
  const byteLength = size * itemSize;
  if (bytes.length - dataStart < byteLength) {
    fail(
      `truncated .npy data: shape (${shape.join(", ")}) of ${descr} needs ${byteLength} bytes, file has ${bytes.length - dataStart}`,
    );
  }
  // Copy so the typed array is aligned and independent of the archive's buffer; big-endian items are swapped.
  const raw = bytes.slice(dataStart, dataStart + byteLength);
  if (bigEndian && itemSize > 1)
    for (let at = 0; at < raw.length; at += itemSize) raw.subarray(at, at + itemSize).reverse();
  const stored = new ARRAYS[dtype](raw.buffer);
  const fortranOrder = fortran === "True";
  return {dtype, shape, fortranOrder, data: fortranOrder && shape.length > 1 ? fortranToC(stored, shape) : stored};
}

/**
 * Reorders Fortran-order values to C order. A Fortran array of shape (a, b, c) is laid out like a C array of the
 * reversed shape (c, b, a), so this is the transpose that reverses every axis.
 */
function fortranToC<T extends NpyData>(src: T, shape: number[]): T {
  const rank = shape.length;
  const out = new (src.constructor as new (n: number) => T)(src.length);
  // Fortran strides: axis k advances by the product of the sizes of the axes before it.
  const fStride = new Array<number>(rank);
  for (let k = 0, s = 1; k < rank; k++) {
    fStride[k] = s;
    s *= shape[k];
  }
  const index = new Array<number>(rank).fill(0);
  let f = 0;
  for (let c = 0; c < out.length; c++) {
    out[c] = src[f];
    // Advance the C-order multi-index (last axis fastest) and track the Fortran offset alongside.
    for (let k = rank - 1; k >= 0; k--) {
      index[k]++;
      f += fStride[k];
      if (index[k] < shape[k]) break;
      f -= fStride[k] * shape[k];
      index[k] = 0;
    }
  }
  return out;
}

/**
 * The array's values as a Float32Array in C order, with every value checked to be finite. `name` goes in the error.
 * 64-bit integers are converted through Number (exact below 2^53, far beyond any orientation or response).
 */
export function toFiniteFloat32(array: NpyArray, name: string): Float32Array {
  const src = array.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = Number(src[i]);
    if (!Number.isFinite(v)) {
      throw new Error(
        `${name}: contains ${Number.isNaN(v) ? "NaN" : "Inf"} at flat index ${i} (shape (${array.shape.join(", ")}))`,
      );
    }
    out[i] = v;
  }
  // Float64 values beyond float32 range become Infinity here: report them as such too.
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]))
      throw new Error(`${name}: value ${Number(src[i])} at flat index ${i} overflows float32`);
  }
  return out;
}
