// loadV1's source order and failure modes. No test touches the network: downloads go through an injected fetch.
import {execFile} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {promisify} from "node:util";
import {describe, expect, it, vi} from "vitest";
import {V1_NPZ_FILE, V1_NPZ_MD5, V1_NPZ_URL, loadV1, md5Hex} from "../../data-loaders/v1Source.ts";
import {npyBytes, npzBytes} from "./fixtures.ts";
import {expandResponses} from "../../src/components/core/v1Compact.ts";
import {readV1, sourceLabel} from "../../src/components/core/v1.ts";
import {binByOrientation} from "../../src/components/core/binning.ts";
import {v1ResponsesArrow} from "../../data-loaders/v1Arrow.ts";

const resp = [0.5, -1, 1.5, 2, -0.25, 3, 1, 1];
const stimuli = [0.5, 1.5, 2.5, 10];
const npz = npzBytes({resp: npyBytes("<f8", [4, 2], resp), stimuli: npyBytes("<f8", [4], stimuli)}, {deflate: true});
const md5 = md5Hex(npz);
const small = {nStimuli: 36, nNeurons: 50, seed: 7};
const quiet = () => {};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "v1source-"));
}
function npzFile(bytes: Uint8Array = npz): string {
  const file = join(tempDir(), "fixture.npz");
  writeFileSync(file, bytes);
  return file;
}
const noFetch = (() => Promise.reject(new Error("network touched"))) as typeof fetch;

describe("loadV1", () => {
  it("loadV1({npzPath}) reads the local file as real data with its md5", async () => {
    const v1 = await loadV1({npzPath: npzFile(), md5, fetch: noFetch, log: quiet, precision: "float32"});
    expect(v1.source.kind).toBe("real");
    expect(v1.source.md5).toBe(md5);
    expect(v1.source.file).toBe("fixture.npz"); // the file actually used, named as such on the pages
    expect(Array.from(v1.responses)).toEqual(resp);
    expect(v1.compact).toBeUndefined();
  });

  it("loadV1 gives the compact form's values by default, with its codes, as the pages decode them", async () => {
    const v1 = await loadV1({npzPath: npzFile(), md5, fetch: noFetch, log: quiet});
    expect(v1.compact).toBeDefined();
    expect(v1.responses).toEqual(expandResponses(v1.compact!));
    // Neuron 0 takes 0.5, 1.5, -0.25, 1 (step 1.75/255), neuron 1 takes -1, 2, 3, 1 (step 4/255): within half a step.
    resp.forEach((x, k) =>
      expect(Math.abs(v1.responses[k] - x)).toBeLessThanOrEqual((k % 2 ? 4 : 1.75) / 255 / 2 + 1e-7),
    );
    // The page reads the artifact back to the same Float32Array.
    expect(readV1(v1ResponsesArrow(v1).slice().buffer).responses).toEqual(v1.responses);
  });

  it("loadV1({npzPath}) rejects a file whose md5 differs", async () => {
    const file = npzFile();
    await expect(loadV1({npzPath: file, md5: V1_NPZ_MD5, fetch: noFetch, log: quiet})).rejects.toThrow(
      `${file}: md5 mismatch: expected 436599dfd8ebe6019f066c38aed20580, got ${md5}`,
    );
  });

  it("loadV1({npzPath}) rejects a missing file", async () => {
    await expect(loadV1({npzPath: "/nonexistent/x.npz", log: quiet})).rejects.toThrow(
      /x\.npz: V1_NPZ names a file that does not exist/,
    );
  });

  it("loadV1 uses the cached download when there is one", async () => {
    const cacheDir = tempDir();
    writeFileSync(join(cacheDir, V1_NPZ_FILE), npz);
    const v1 = await loadV1({npzPath: "", cacheDir, md5, fetch: noFetch, log: quiet});
    expect(v1.source).toEqual({kind: "real", md5, url: V1_NPZ_URL, file: V1_NPZ_FILE});
  });

  it("loadV1 downloads, checks and caches the npz", async () => {
    const cacheDir = tempDir();
    const fetch = vi.fn(async () => new Response(npz)) as unknown as typeof globalThis.fetch;
    const v1 = await loadV1({npzPath: "", cacheDir, md5, fetch, log: quiet});
    expect(fetch).toHaveBeenCalledWith(V1_NPZ_URL, expect.anything());
    expect(v1.source.kind).toBe("real");
    expect(md5Hex(readFileSync(join(cacheDir, V1_NPZ_FILE)))).toBe(md5);
  });

  it("loadV1 rejects a corrupted download and does not cache it", async () => {
    const cacheDir = tempDir();
    const fetch = (async () => new Response(npz.subarray(0, 100))) as typeof globalThis.fetch;
    await expect(loadV1({npzPath: "", cacheDir, md5, fetch, log: quiet})).rejects.toThrow(/\(download\): md5 mismatch/);
    expect(existsSync(join(cacheDir, V1_NPZ_FILE))).toBe(false);
  });

  it("loadV1 falls back to synthetic data when the download fails", async () => {
    const v1 = await loadV1({npzPath: "", cacheDir: tempDir(), fetch: noFetch, synthetic: small, log: quiet});
    expect(v1.source.kind).toBe("synthetic");
    expect(v1.source.seed).toBe(7);
    expect([v1.nStimuli, v1.nNeurons]).toEqual([36, 50]);
  });

  it("loadV1 falls back to synthetic data on an HTTP error", async () => {
    const fetch = (async () => new Response("gone", {status: 404})) as typeof globalThis.fetch;
    const v1 = await loadV1({npzPath: "", cacheDir: tempDir(), fetch, synthetic: small, log: quiet});
    expect(v1.source.kind).toBe("synthetic");
  });

  it("loadV1 gives up on a download that does not answer within timeoutMs", async () => {
    // A fetch that never answers unless aborted, as a black-holed connection does.
    const fetch = ((_: unknown, init?: RequestInit) =>
      new Promise((_ok, fail) =>
        init?.signal?.addEventListener("abort", () => fail(init.signal!.reason)),
      )) as typeof globalThis.fetch;
    const messages: string[] = [];
    const t0 = performance.now();
    const v1 = await loadV1({
      npzPath: "",
      cacheDir: tempDir(),
      fetch,
      timeoutMs: 50,
      synthetic: small,
      log: (m) => messages.push(m),
    });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(v1.source.kind).toBe("synthetic");
    expect(messages.join("\n")).toMatch(/no response within 50 ms/);
  });

  it("loadV1({download: false}) never calls fetch", async () => {
    const fetch = vi.fn(noFetch);
    await loadV1({npzPath: "", cacheDir: tempDir(), download: false, fetch, synthetic: small, log: quiet});
    expect(fetch).not.toHaveBeenCalled();
  });

  it("loadV1({binWidth}) bins the responses", async () => {
    const v1 = await loadV1({npzPath: npzFile(), md5, binWidth: 5, log: quiet, precision: "float32"});
    // Stimuli 0.5, 1.5, 2.5 fall in [0, 5), 10 in [10, 15).
    expect(Array.from(v1.stimuli)).toEqual([1.5, 10]);
    expect(Array.from(v1.responses)).toEqual([(0.5 + 1.5 - 0.25) / 3, (-1 + 2 + 3) / 3, 1, 1].map(Math.fround));
    // By default the bins average the compact form's values (as a page binning the shipped data does); no codes.
    const compact = await loadV1({npzPath: npzFile(), md5, binWidth: 5, log: quiet});
    const unbinned = await loadV1({npzPath: npzFile(), md5, log: quiet});
    expect(compact.compact).toBeUndefined();
    expect(compact.responses).toEqual(binByOrientation(unbinned.responses, unbinned.stimuli, 2, 5).responses);
  });
});

describe("v1-responses.arrow.ts (loader entry)", () => {
  it("exits non-zero and writes nothing to stdout on a bad npz", async () => {
    const badBytes = npzBytes({resp: npyBytes("<f8", [4, 2], resp)});
    const bad = npzFile(badBytes);
    const entry = resolve(import.meta.dirname, "../../src/data/v1-responses.arrow.ts");
    const tsx = resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    const run = promisify(execFile)(tsx, [entry], {
      env: {...process.env, V1_NPZ: bad, V1_NPZ_MD5: md5Hex(badBytes)},
      encoding: "buffer",
    });
    const failure = await run.then(
      () => null,
      (e: {code: number; stdout: Buffer; stderr: Buffer}) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout.length).toBe(0);
    expect(failure?.stderr.toString()).toMatch(/fixture\.npz: missing 'stimuli'/);
  });
});

describe("v1-responses.arrow.ts with another real file (V1_NPZ_MD5)", () => {
  it("names the file actually used and never calls it the published recording", async () => {
    const dir = tempDir();
    const file = join(dir, "v1_heldout_a.npz");
    writeFileSync(file, npz);
    const entry = resolve(import.meta.dirname, "../../src/data/v1-responses.arrow.ts");
    const tsx = resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
    const {stdout} = await promisify(execFile)(tsx, [entry], {
      env: {...process.env, V1_NPZ: file, V1_NPZ_MD5: "none", V1_CACHE_DIR: dir},
      encoding: "buffer",
      maxBuffer: 1 << 26,
    });
    const {source} = readV1(new Uint8Array(stdout).slice().buffer);
    expect(source).toMatchObject({kind: "real", md5, file: "v1_heldout_a.npz"});
    expect(sourceLabel(source)).toBe("real data from v1_heldout_a.npz (not the published recording)");
  });
});
