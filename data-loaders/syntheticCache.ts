/**
 * A disk cache for the synthetic V1 population. Several loaders (the V1 artifacts, decoders, RSA, fingerprints)
 * each need the same 360 × 23,589 population; generating it takes a second or more per loader on a busy 2-core
 * machine, reading it back a few milliseconds. The key covers the resolved parameters and the generator's own
 * source text, so a change to the generator can never serve stale numbers.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {SYNTHETIC_V1_DEFAULTS, syntheticV1, type SyntheticV1Options, type SyntheticV1Params} from "./syntheticV1.ts";

/** The synthetic population without its ground truth (what loaders need). */
export interface CachedSyntheticV1 {
  responses: Float32Array;
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  params: SyntheticV1Params;
  /** Whether the numbers came from the cache. */
  fromCache: boolean;
}

// The code whose output is cached: the generator and the random module it draws from.
const SOURCES = [
  resolve(import.meta.dirname, "syntheticV1.ts"),
  resolve(import.meta.dirname, "../src/components/core/random.ts"),
];

/** The cache file for these parameters and this version of the generator. */
export function syntheticCachePath(params: SyntheticV1Params, cacheDir: string): string {
  const hash = createHash("md5").update(JSON.stringify(params));
  for (const file of SOURCES) hash.update(readFileSync(file));
  return join(cacheDir, `synthetic-v1-${hash.digest("hex")}.f32`);
}

/**
 * The synthetic population for `options`, from `cacheDir` when it holds it, else generated and stored there.
 * The file is stimuli then responses, raw float32; a file of the wrong size is regenerated.
 */
export function cachedSyntheticV1(options: SyntheticV1Options, cacheDir: string): CachedSyntheticV1 {
  const params: SyntheticV1Params = {...SYNTHETIC_V1_DEFAULTS, ...options};
  const {nStimuli, nNeurons} = params;
  const file = syntheticCachePath(params, cacheDir);
  const floats = nStimuli * (1 + nNeurons);
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    if (bytes.length === floats * 4) {
      const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      return {
        stimuli: all.subarray(0, nStimuli),
        responses: all.subarray(nStimuli),
        nStimuli,
        nNeurons,
        params,
        fromCache: true,
      };
    }
  }
  const gen = syntheticV1(params);
  const all = new Float32Array(floats);
  all.set(gen.stimuli);
  all.set(gen.responses, nStimuli);
  mkdirSync(cacheDir, {recursive: true});
  // Write then rename, so loaders running side by side never read a half-written file.
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, all);
  renameSync(part, file);
  return {stimuli: gen.stimuli, responses: gen.responses, nStimuli, nNeurons, params: gen.params, fromCache: false};
}
