import {describe, expect, it} from "vitest";
import {parseNpy, toFiniteFloat32} from "../../../src/components/core/npy.ts";
import {npyBytes} from "../../data-loaders/fixtures.ts";

const values = [1.5, -2, 3.25, 4, 5, -6.75];

describe("parseNpy", () => {
  it("parseNpy(<f8, C order) returns shape and values", () => {
    const a = parseNpy(npyBytes("<f8", [2, 3], values), "x.npy");
    expect(a.dtype).toBe("<f8");
    expect(a.shape).toEqual([2, 3]);
    expect(a.fortranOrder).toBe(false);
    expect(Array.from(a.data, Number)).toEqual(values);
  });

  it("parseNpy(<f4) returns float32 values", () => {
    const a = parseNpy(npyBytes("<f4", [6], values), "x.npy");
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data, Number)).toEqual(values);
  });

  it("parseNpy(<i8) returns 64-bit integers", () => {
    const a = parseNpy(npyBytes("<i8", [3], [7, -8, 9]), "x.npy");
    expect(Array.from(a.data, Number)).toEqual([7, -8, 9]);
  });

  it("parseNpy(<i4) returns 32-bit integers", () => {
    const a = parseNpy(npyBytes("<i4", [3], [7, -8, 9]), "x.npy");
    expect(Array.from(a.data, Number)).toEqual([7, -8, 9]);
  });

  it("parseNpy reorders Fortran-order 2-D data to C order", () => {
    const a = parseNpy(npyBytes("<f8", [2, 3], values, {fortran: true}), "x.npy");
    expect(a.fortranOrder).toBe(true);
    expect(Array.from(a.data, Number)).toEqual(values);
  });

  it("parseNpy reorders Fortran-order 3-D data to C order", () => {
    // Shape (2, 2, 3): value at (i, j, k) is 100i + 10j + k; Fortran order stores i fastest.
    const shape = [2, 2, 3];
    const fortran: number[] = [];
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
    const bytes = npyBytes("<f8", [12], fortran);
    // Rewrite the header's shape and order in place (same length: pad with spaces).
    const text = new TextDecoder("latin1").decode(
      bytes.subarray(10, 10 + new DataView(bytes.buffer).getUint16(8, true)),
    );
    const patched = text.replace("'fortran_order': False, 'shape': (12,)", "'fortran_order': True, 'shape': (2, 2, 3)");
    const fixed = patched.slice(0, text.length - 1).padEnd(text.length - 1, " ") + "\n";
    bytes.set(new TextEncoder().encode(fixed.length === text.length ? fixed : text), 10);
    const a = parseNpy(bytes, "x.npy");
    expect(a.shape).toEqual(shape);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) expected.push(100 * i + 10 * j + k);
    expect(Array.from(a.data, Number)).toEqual(expected);
  });

  it("parseNpy reads format version 2 headers", () => {
    const a = parseNpy(npyBytes("<f8", [2, 3], values, {version: 2}), "x.npy");
    expect(Array.from(a.data, Number)).toEqual(values);
  });

  it("parseNpy reads big-endian files (byte-swapped) and small integers, in C and Fortran order", () => {
    for (const descr of [">f8", ">f4", ">i4", ">i8"]) {
      const expected = descr[1] === "i" ? values.map(Math.trunc) : values;
      const a = parseNpy(npyBytes(descr, [2, 3], expected), "big.npy");
      expect(a.dtype).toBe(`<${descr.slice(1)}`);
      expect(Array.from(a.data, Number)).toEqual(expected);
    }
    const f = parseNpy(npyBytes(">f4", [2, 3], values, {fortran: true}), "bigf.npy");
    expect(Array.from(f.data, Number)).toEqual(values);
    const short = parseNpy(npyBytes("<i2", [3], [1, -2, 300]), "short.npy");
    expect(short.dtype).toBe("<i2");
    expect(Array.from(short.data, Number)).toEqual([1, -2, 300]);
  });

  it("parseNpy rejects unsupported dtypes (complex, float16, strings), naming the file", () => {
    // The same 3-character descr in a valid header: only the dtype differs.
    const as = (descr: string) => {
      const bytes = npyBytes("<f8", [3], [1, 2, 3]);
      const at = new TextDecoder("latin1").decode(bytes).indexOf("<f8");
      bytes.set(new TextEncoder().encode(descr), at);
      return bytes;
    };
    expect(() => parseNpy(as("<c8"), "complex.npy")).toThrow(/complex\.npy: unsupported dtype <c8/);
    expect(() => parseNpy(as("<f2"), "half.npy")).toThrow(/half\.npy: unsupported dtype <f2/);
    expect(() => parseNpy(as("<U1"), "text.npy")).toThrow(/text\.npy: unsupported dtype <U1/);
  });

  it("parseNpy rejects truncated data", () => {
    const bytes = npyBytes("<f8", [2, 3], values);
    expect(() => parseNpy(bytes.subarray(0, bytes.length - 8), "cut.npy")).toThrow(/cut\.npy: truncated \.npy data/);
  });

  it("parseNpy rejects bytes without the npy magic", () => {
    expect(() => parseNpy(new TextEncoder().encode("hello, this is not numpy"), "text.npy")).toThrow(
      /text\.npy: not a \.npy array/,
    );
  });
});

describe("toFiniteFloat32", () => {
  it("toFiniteFloat32 converts 64-bit integers to float32", () => {
    const a = parseNpy(npyBytes("<i8", [3], [1, 2, 3]), "x.npy");
    expect(Array.from(toFiniteFloat32(a, "x"))).toEqual([1, 2, 3]);
  });

  it("toFiniteFloat32 rejects NaN with its position", () => {
    const a = parseNpy(npyBytes("<f8", [3], [1, NaN, 3]), "x.npy");
    expect(() => toFiniteFloat32(a, "nan.npy")).toThrow(/nan\.npy: contains NaN at flat index 1/);
  });

  it("toFiniteFloat32 rejects Inf", () => {
    const a = parseNpy(npyBytes("<f4", [3], [1, 2, -Infinity]), "x.npy");
    expect(() => toFiniteFloat32(a, "inf.npy")).toThrow(/inf\.npy: contains Inf at flat index 2/);
  });

  it("toFiniteFloat32 rejects float64 values that overflow float32", () => {
    const a = parseNpy(npyBytes("<f8", [2], [1, 1e300]), "x.npy");
    expect(() => toFiniteFloat32(a, "huge.npy")).toThrow(/huge\.npy: value 1e\+300 at flat index 1 overflows float32/);
  });
});
