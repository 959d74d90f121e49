import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {cachedSyntheticV1, syntheticCachePath} from "../../data-loaders/syntheticCache.ts";
import {SYNTHETIC_V1_DEFAULTS, syntheticV1} from "../../data-loaders/syntheticV1.ts";

const small = {nStimuli: 24, nNeurons: 30, seed: 5};
const tempDir = () => mkdtempSync(join(tmpdir(), "synthcache-"));

describe("cachedSyntheticV1", () => {
  it("cachedSyntheticV1 generates on the first call and reads the same numbers back on the second", () => {
    const dir = tempDir();
    const first = cachedSyntheticV1(small, dir);
    const second = cachedSyntheticV1(small, dir);
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    expect(Array.from(second.responses)).toEqual(Array.from(syntheticV1(small).responses));
    expect(Array.from(second.stimuli)).toEqual(Array.from(syntheticV1(small).stimuli));
  });

  it("cachedSyntheticV1 regenerates when the cached file has the wrong size", () => {
    const dir = tempDir();
    writeFileSync(syntheticCachePath({...SYNTHETIC_V1_DEFAULTS, ...small}, dir), new Uint8Array(10));
    const result = cachedSyntheticV1(small, dir);
    expect(result.fromCache).toBe(false);
    expect(Array.from(result.responses)).toEqual(Array.from(syntheticV1(small).responses));
  });

  it("syntheticCachePath differs between parameter sets", () => {
    const a = syntheticCachePath({...SYNTHETIC_V1_DEFAULTS, seed: 1}, "/c");
    const b = syntheticCachePath({...SYNTHETIC_V1_DEFAULTS, seed: 2}, "/c");
    expect(a).not.toBe(b);
  });
});
