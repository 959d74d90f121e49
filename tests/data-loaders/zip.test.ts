import {afterEach, describe, expect, it, vi} from "vitest";
import {unzipSync} from "fflate";
import {encodingArchive} from "../../data-loaders/encoding/encoding.js";
import {storedZip} from "../../data-loaders/zip.js";

/** Runs `make` with the clock set to `iso`: a zip that stamps the current time would differ between two runs. */
async function at<T>(iso: string, make: () => T | Promise<T>): Promise<T> {
  vi.useFakeTimers({toFake: ["Date"]});
  vi.setSystemTime(new Date(iso));
  try {
    return await make();
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => vi.useRealTimers());

describe("storedZip", () => {
  const files = () => ({"a.bin": Uint8Array.from([1, 2, 3]), "b.json": new TextEncoder().encode('{"x":1}')});

  it("gives the same bytes for the same members at different times", async () => {
    const first = await at("2025-03-01T10:00:00Z", () => storedZip(files()));
    const second = await at("2031-07-15T18:30:00Z", () => storedZip(files()));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it("stores the members unchanged", () => {
    const back = unzipSync(storedZip(files()));
    expect(Array.from(back["a.bin"])).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(back["b.json"])).toBe('{"x":1}');
  });
});

describe("encodingArchive", () => {
  it("is reproducible: two builds at different times give the same bytes", async () => {
    const options = {neurons: 4, steps: 2, phases: 1};
    const first = await at("2025-03-01T10:00:00Z", () => encodingArchive(options));
    const second = await at("2031-07-15T18:30:00Z", () => encodingArchive(options));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  }, 60_000);
});
