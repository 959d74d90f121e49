import {describe, expect, it} from "vitest";
import {crc32, readNpz, readV1Npz} from "../../../src/components/core/npz.ts";
import {npyBytes, npzBytes} from "../../data-loaders/fixtures.ts";

// 3 stimuli × 2 neurons, and the stimuli's orientations.
const resp = [0.5, -1, 1.5, 2, -0.25, 3];
const stimuli = [10, 20, 30];

function v1Npz({deflate = false, fortran = false} = {}): Uint8Array {
  return npzBytes({resp: npyBytes("<f8", [3, 2], resp, {fortran}), stimuli: npyBytes("<f8", [3], stimuli)}, {deflate});
}

describe("readNpz", () => {
  it("readNpz lists the arrays of a stored (uncompressed) archive", () => {
    const arrays = readNpz(v1Npz(), "a.npz");
    expect([...arrays.keys()].sort()).toEqual(["resp", "stimuli"]);
  });

  it("readNpz reads deflated entries", () => {
    const arrays = readNpz(v1Npz({deflate: true}), "a.npz");
    expect(Array.from(arrays.get("resp")!.data, Number)).toEqual(resp);
  });

  it("readNpz reads zip64 entries, as numpy's savez writes them (force_zip64)", () => {
    // A 2 × 2 <f8 resp [[1, 2], [3, 4]] and stimuli [10, 20], deflated, each entry with zip64 sizes in its local
    // header (written once by a zip library that supports zip64, since fflate does not write it).
    const zip64 = Buffer.from(
      "UEsDBC0AAAAIAAAAIQAhNYtp//////////8IABQAcmVzcC5ucHkBABAAoAAAAAAAAABVAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CkaaOgq1CmQDLgYw+GAPoRkcIBQHlBZwAABQSwMELQAAAAgAAAAhAKSLYH3//////////wsAFABzdGltdWxpLm5weQEAEACQAAAAAAAAAEwAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgbpNmoa6joJ6WX1RSlJgXn1+UkgoSd0vMKU4FihdnJBakAvkaRjqaOgq1ChQALgYwUHGA0CYOAFBLAQItAy0AAAAIAAAAIQAhNYtpVQAAAKAAAAAIAAAAAAAAAAAAAACAAQAAAAByZXNwLm5weVBLAQItAy0AAAAIAAAAIQCki2B9TAAAAJAAAAALAAAAAAAAAAAAAACAAY8AAABzdGltdWxpLm5weVBLBQYAAAAAAgACAG8AAAAYAQAAAAA=",
      "base64",
    );
    const v1 = readV1Npz(new Uint8Array(zip64), "zip64.npz");
    expect(Array.from(v1.responses)).toEqual([1, 2, 3, 4]);
    expect(Array.from(v1.stimuli)).toEqual([10, 20]);
  });

  it("readNpz rejects a file that is not a zip archive", () => {
    const text = new TextEncoder().encode("<html>Not found</html>");
    expect(() => readNpz(text, "page.npz")).toThrow(/page\.npz: not a zip\/npz file/);
  });

  it("readNpz rejects an empty file", () => {
    expect(() => readNpz(new Uint8Array(0), "empty.npz")).toThrow(/empty\.npz: not a zip\/npz file .*empty/);
  });

  it("readNpz rejects a truncated archive", () => {
    const bytes = v1Npz({deflate: true});
    expect(() => readNpz(bytes.subarray(0, bytes.length >> 1), "cut.npz")).toThrow(
      /cut\.npz: truncated or corrupt zip archive/,
    );
  });
});

describe("readV1Npz", () => {
  it("readV1Npz returns stimulus-major float32 responses and stimuli", () => {
    const v1 = readV1Npz(v1Npz(), "a.npz");
    expect([v1.nStimuli, v1.nNeurons]).toEqual([3, 2]);
    expect(Array.from(v1.responses)).toEqual(resp);
    expect(Array.from(v1.stimuli)).toEqual(stimuli);
  });

  it("readV1Npz reads Fortran-order resp in the same stimulus-major order", () => {
    expect(Array.from(readV1Npz(v1Npz({fortran: true, deflate: true}), "f.npz").responses)).toEqual(resp);
  });

  it("readV1Npz accepts stimuli stored as a column (n, 1) of int32", () => {
    const bytes = npzBytes({resp: npyBytes("<f4", [3, 2], resp), stimuli: npyBytes("<i4", [3, 1], stimuli)});
    expect(Array.from(readV1Npz(bytes, "c.npz").stimuli)).toEqual(stimuli);
  });

  it("readV1Npz rejects an archive without resp", () => {
    const bytes = npzBytes({stimuli: npyBytes("<f8", [3], stimuli)});
    expect(() => readV1Npz(bytes, "noresp.npz")).toThrow(/noresp\.npz: missing 'resp' \(found: stimuli\)/);
  });

  it("readV1Npz rejects an archive without stimuli", () => {
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], resp)});
    expect(() => readV1Npz(bytes, "nostim.npz")).toThrow(/nostim\.npz: missing 'stimuli'/);
  });

  it("readV1Npz rejects resp of the wrong rank", () => {
    const bytes = npzBytes({resp: npyBytes("<f8", [6], resp), stimuli: npyBytes("<f8", [3], stimuli)});
    expect(() => readV1Npz(bytes, "rank.npz")).toThrow(/rank\.npz: 'resp' has rank 1 .*expected 2/);
  });

  it("readV1Npz rejects stimuli of the wrong rank", () => {
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], resp), stimuli: npyBytes("<f8", [3, 2], resp)});
    expect(() => readV1Npz(bytes, "srank.npz")).toThrow(/srank\.npz: 'stimuli' has shape \(3, 2\)/);
  });

  it("readV1Npz rejects a row count of resp that differs from the stimuli's length", () => {
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], resp), stimuli: npyBytes("<f8", [2], [1, 2])});
    expect(() => readV1Npz(bytes, "rows.npz")).toThrow(/rows\.npz: 'resp' has 3 rows but 'stimuli' has 2 entries/);
  });

  it("readV1Npz rejects NaN in resp, naming the entry", () => {
    const bad = [...resp];
    bad[4] = NaN;
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], bad), stimuli: npyBytes("<f8", [3], stimuli)});
    expect(() => readV1Npz(bytes, "nan.npz")).toThrow(/nan\.npz:resp: contains NaN at flat index 4/);
  });

  it("readV1Npz reads neuron positions from xyz or pos, neurons × 2 or 3", () => {
    const base = {resp: npyBytes("<f8", [3, 2], resp), stimuli: npyBytes("<f8", [3], stimuli)};
    const xyz = readV1Npz(npzBytes({...base, xyz: npyBytes("<f4", [2, 3], [1, 2, 3, 4, 5, 6])}), "a.npz");
    expect(xyz.positions?.dims).toBe(3);
    expect(Array.from(xyz.positions!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const pos = readV1Npz(npzBytes({...base, pos: npyBytes("<i4", [2, 2], [10, 20, 30, 40])}), "b.npz");
    expect(pos.positions?.dims).toBe(2);
    expect(Array.from(pos.positions!.data)).toEqual([10, 20, 30, 40]);
    expect(readV1Npz(npzBytes(base), "c.npz").positions).toBeUndefined();
  });

  it("readV1Npz rejects positions of the wrong shape or with NaN, naming the key", () => {
    const base = {resp: npyBytes("<f8", [3, 2], resp), stimuli: npyBytes("<f8", [3], stimuli)};
    expect(() => readV1Npz(npzBytes({...base, xyz: npyBytes("<f8", [3, 2], [1, 2, 3, 4, 5, 6])}), "s.npz")).toThrow(
      /s\.npz: 'xyz' has shape \(3, 2\); expected neurons × 2 or 3, i\.e\. \(2, 2\) or \(2, 3\)/,
    );
    expect(() =>
      readV1Npz(npzBytes({...base, pos: npyBytes("<f8", [2, 4], [1, 2, 3, 4, 5, 6, 7, 8])}), "s.npz"),
    ).toThrow(/'pos' has shape \(2, 4\)/);
    expect(() => readV1Npz(npzBytes({...base, pos: npyBytes("<f8", [2, 2], [1, NaN, 3, 4])}), "n.npz")).toThrow(
      /n\.npz:pos: contains NaN at flat index 1/,
    );
  });

  it("readV1Npz rejects Inf in stimuli", () => {
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], resp), stimuli: npyBytes("<f8", [3], [1, Infinity, 3])});
    expect(() => readV1Npz(bytes, "inf.npz")).toThrow(/inf\.npz:stimuli: contains Inf at flat index 1/);
  });

  it("readV1Npz reads a big-endian resp and integer stimuli", () => {
    const bytes = npzBytes({resp: npyBytes(">f8", [3, 2], resp), stimuli: npyBytes("<i2", [3], stimuli)});
    const v1 = readV1Npz(bytes, "be.npz");
    expect(Array.from(v1.responses)).toEqual(resp);
    expect(Array.from(v1.stimuli)).toEqual(stimuli);
  });

  it("readV1Npz rejects an unsupported dtype", () => {
    const stim = npyBytes("<f8", [3], stimuli);
    stim.set(new TextEncoder().encode("<c8"), new TextDecoder("latin1").decode(stim).indexOf("<f8"));
    const bytes = npzBytes({resp: npyBytes("<f8", [3, 2], resp), stimuli: stim});
    expect(() => readV1Npz(bytes, "c8.npz")).toThrow(/c8\.npz:stimuli\.npy: unsupported dtype <c8/);
  });
});

describe("CRC-32 checks", () => {
  it("crc32 gives the standard check value of '123456789' and of the empty input", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("rejects a stored member whose bytes changed but still parse as finite numbers, naming it", () => {
    const bytes = v1Npz().slice();
    // Find the float64 1.5 (resp[0][1] of the fixture, 0x3ff8000000000000 little-endian) and change one mantissa byte.
    const at = bytes.findIndex((_, i) => bytes[i] === 0xf8 && bytes[i + 1] === 0x3f && bytes[i - 1] === 0);
    expect(at).toBeGreaterThan(0);
    bytes[at - 2] = 0x01; // 1.5 becomes 1.5000000000000355: finite, plausible, wrong
    expect(() => readV1Npz(bytes, "flip.npz")).toThrow(
      /flip\.npz:resp\.npy: CRC-32 mismatch \(stored [0-9a-f]{8}, computed [0-9a-f]{8}\): the file is corrupt/,
    );
  });

  it("no single-byte change anywhere in a small npz gives different arrays silently", () => {
    for (const deflate of [false, true]) {
      const good = v1Npz({deflate});
      const want = readV1Npz(good, "good.npz");
      let silent = 0;
      for (let i = 0; i < good.length; i++) {
        const bad = good.slice();
        bad[i] ^= 0x5a;
        try {
          const got = readV1Npz(bad, "bad.npz");
          if (!sameArrays(got.responses, want.responses) || !sameArrays(got.stimuli, want.stimuli)) silent++;
        } catch {
          // detected: an error naming the file
        }
      }
      expect(silent).toBe(0);
    }
  });
});

function sameArrays(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
