/**
 * NumPy `.npy` parsing (format versions 1–3) for the little-endian numeric dtypes the V1 data uses:
 * `<f8`, `<f4`, `<i8`, `<i4`, in C or Fortran order. Anything else is rejected with an error that names the
 * file and the fault, so a bad download never turns into a silently wrong artifact.
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

/** The dtypes this reader accepts (numpy's `descr` strings). */
export const NPY_DTYPES = ["<f8", "<f4", "<i8", "<i4"] as const;

/** One of {@link NPY_DTYPES}. */
export type NpyDtype = (typeof NPY_DTYPES)[number];

/** A parsed array, always returned in C (row-major) order whatever order the file stored. */
export interface NpyArray {
  /** The stored dtype. */
  dtype: NpyDtype;
  /** The shape, outermost axis first. */
  shape: number[];
  /** Whether the file stored the data in Fortran (column-major) order; `data` is C order regardless. */
  fortranOrder: boolean;
  /** The values in C order. */
  data: Float64Array | Float32Array | BigInt64Array | Int32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ITEM_SIZE: Record<NpyDtype, number> = {"<f8": 8, "<f4": 4, "<i8": 8, "<i4": 4};

/**
 * Parses the bytes of one `.npy` file. `name` (a path, or `archive.npz:entry.npy`) is put in every error message.
 * Throws on: a missing magic string, a truncated header or body, an unparsable header, big-endian or unsupported
 * dtypes, and object arrays.
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

  if (descr[0] === ">")
    fail(`big-endian dtype ${descr} is not supported (save with a little-endian dtype, e.g. '<f4')`);
  // A one-byte or native-order descr ('|', '=') of a supported kind is still not something we accept: be explicit.
  if (!(NPY_DTYPES as readonly string[]).includes(descr)) {
    fail(`unsupported dtype ${descr} (supported: ${NPY_DTYPES.join(", ")})`);
  }
  const dtype = descr as NpyDtype;
  const size = shape.reduce((a, b) => a * b, 1);
  const byteLength = size * ITEM_SIZE[dtype];
  if (bytes.length - dataStart < byteLength) {
    fail(
      `truncated .npy data: shape (${shape.join(", ")}) of ${dtype} needs ${byteLength} bytes, file has ${bytes.length - dataStart}`,
    );
  }
  // Copy so the typed array is aligned and independent of the archive's buffer.
  const raw = bytes.slice(dataStart, dataStart + byteLength).buffer;
  const stored =
    dtype === "<f8"
      ? new Float64Array(raw)
      : dtype === "<f4"
        ? new Float32Array(raw)
        : dtype === "<i8"
          ? new BigInt64Array(raw)
          : new Int32Array(raw);
  const fortranOrder = fortran === "True";
  return {dtype, shape, fortranOrder, data: fortranOrder && shape.length > 1 ? fortranToC(stored, shape) : stored};
}

/**
 * Reorders Fortran-order values to C order. A Fortran array of shape (a, b, c) is laid out like a C array of the
 * reversed shape (c, b, a), so this is the transpose that reverses every axis.
 */
function fortranToC<T extends Float64Array | Float32Array | BigInt64Array | Int32Array>(src: T, shape: number[]): T {
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
