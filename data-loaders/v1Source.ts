/**
 * Where the V1 data comes from, in this order: the npz named by env `V1_NPZ`; a cached download in `.cache/`;
 * a download from its public OSF address (short timeout, md5 checked, then cached); and, where none of these is
 * possible (no network, as on the build machines), the deterministic synthetic population of syntheticV1.ts.
 * A real file that is broken or fails its md5 check is an error, never a silent fallback.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {binByOrientation} from "../src/components/core/binning.ts";
import {compactResponses, expandResponses} from "../src/components/core/v1Compact.ts";
import {PUBLISHED_V1, type V1Dataset, type V1Source} from "../src/components/core/v1.ts";
import {readV1Npz} from "../src/components/core/npz.ts";
import {cachedSyntheticV1} from "./syntheticCache.ts";
import type {SyntheticV1Options} from "./syntheticV1.ts";

export type {V1Dataset, V1Source};

/** The npz's file name, public address (as in Neuromatch's W1D5/W3D4 tutorials) and md5. */
export const V1_NPZ_FILE = PUBLISHED_V1.file;
export const V1_NPZ_URL = "https://osf.io/683xc/download";
export const V1_NPZ_MD5 = PUBLISHED_V1.md5;
/** The download cache: `.cache/` at the project root (git-ignored), whatever the working directory. */
export const DEFAULT_CACHE_DIR = resolve(import.meta.dirname, "..", ".cache");

/** Options of {@link loadV1}. */
export interface LoadV1Options {
  /** Orientation bin width in degrees (≤ 1: no binning), as the seed's `load_data(bin_width)`. */
  binWidth?: number;
  /** A local npz to use (default: env `V1_NPZ`). */
  npzPath?: string;
  /** Folder of the cached download and synthetic population (default: env `V1_CACHE_DIR`, else {@link DEFAULT_CACHE_DIR}). */
  cacheDir?: string;
  /** Whether to try the download at all (tests pass false: they never touch the network). */
  download?: boolean;
  /** Milliseconds to wait for the download's response headers before giving up. */
  timeoutMs?: number;
  /** Milliseconds allowed for the whole download body. */
  bodyTimeoutMs?: number;
  /** The fetch to use (tests inject one). */
  fetch?: typeof fetch;
  /** Expected md5 of the npz; null accepts any file. Default: env `V1_NPZ_MD5` (`none` for null), else {@link V1_NPZ_MD5}. */
  md5?: string | null;
  /**
   * `compact` (default): the responses as the pages get them, decoded from one byte per value (v1Compact.ts), so
   * every build result is computed from the values the site ships; `float32`: the file's own values (for the
   * comparison in BENCHMARKS.md).
   */
  precision?: "compact" | "float32";
  /** Options of the synthetic fallback (tests use small populations). */
  synthetic?: SyntheticV1Options;
  /** Where progress messages go (stderr by default: loaders keep stdout for the artifact). */
  log?: (message: string) => void;
}

/** md5 of some bytes, as hex. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("hex");
}

function checkMd5(bytes: Uint8Array, file: string, expected: string | null): string {
  const md5 = md5Hex(bytes);
  if (expected && md5 !== expected) throw new Error(`${file}: md5 mismatch: expected ${expected}, got ${md5}`);
  return md5;
}

/** Loads the V1 data (real if it can be had, synthetic otherwise), binned by `binWidth`. */
export async function loadV1({
  binWidth = 1,
  npzPath = process.env.V1_NPZ,
  cacheDir = process.env.V1_CACHE_DIR ?? DEFAULT_CACHE_DIR,
  download = true,
  timeoutMs = 5000,
  bodyTimeoutMs = 120_000,
  fetch: fetchImpl = globalThis.fetch,
  md5: expectedMd5 = process.env.V1_NPZ_MD5 === "none" ? null : (process.env.V1_NPZ_MD5 ?? V1_NPZ_MD5),
  synthetic = {},
  precision = "compact",
  log = (m: string) => console.error(m),
}: LoadV1Options = {}): Promise<V1Dataset> {
  const finish = (dataset: V1Dataset, binWidth: number) => finishV1(dataset, binWidth, precision);
  const real = (bytes: Uint8Array, file: string, url: string): V1Dataset => {
    const md5 = checkMd5(bytes, file, expectedMd5);
    const arrays = readV1Npz(bytes, file);
    log(`v1: real data from ${file} (${arrays.nStimuli} stimuli × ${arrays.nNeurons} neurons, md5 ${md5})`);
    return finish({...arrays, source: {kind: "real", md5, url, file: basename(file)}}, binWidth);
  };

  if (npzPath) {
    const file = resolve(npzPath);
    if (!existsSync(file)) throw new Error(`${file}: V1_NPZ names a file that does not exist`);
    return real(readFileSync(file), file, pathToFileURL(file).href);
  }
  const cached = resolve(cacheDir, V1_NPZ_FILE);
  if (existsSync(cached)) return real(readFileSync(cached), cached, V1_NPZ_URL);

  if (download) {
    const bytes = await tryDownload(V1_NPZ_URL, {fetchImpl, timeoutMs, bodyTimeoutMs, log});
    if (bytes) {
      // Validate before caching, so a bad download never poisons the cache.
      const dataset = real(bytes, `${V1_NPZ_URL} (download)`, V1_NPZ_URL);
      mkdirSync(cacheDir, {recursive: true});
      writeFileSync(`${cached}.part`, bytes);
      renameSync(`${cached}.part`, cached);
      return dataset;
    }
  }
  const gen = cachedSyntheticV1(synthetic, cacheDir);
  log(
    `v1: no real data available; using the synthetic population (seed ${gen.params.seed}, ${gen.nStimuli} × ${gen.nNeurons}${gen.fromCache ? ", cached" : ""})`,
  );
  const {responses, stimuli, nStimuli, nNeurons, params} = gen;
  return finish(
    {responses, stimuli, nStimuli, nNeurons, source: {kind: "synthetic", seed: params.seed, params}},
    binWidth,
  );
}

/**
 * Quantises the responses to the compact form (unless `float32`) and bins them. The compact codes travel with an
 * unbinned dataset, so `v1-responses.arrow` holds exactly the values every other artifact was computed from.
 */
function finishV1(dataset: V1Dataset, binWidth: number, precision: "compact" | "float32"): V1Dataset {
  let source = dataset;
  if (precision === "compact") {
    const compact = compactResponses(dataset.responses, dataset.nStimuli, dataset.nNeurons);
    source = {...dataset, responses: expandResponses(compact), compact};
  }
  const binned = binByOrientation(source.responses, source.stimuli, source.nNeurons, binWidth);
  const {compact, ...rest} = source;
  return binned.nStimuli === source.nStimuli && binned.responses === source.responses
    ? {...source, ...binned}
    : {...rest, ...binned};
}

/**
 * Fetches `url`, returning null (and logging why) on any network failure, timeout or HTTP error, so the caller
 * can fall back. Nothing here throws.
 */
async function tryDownload(
  url: string,
  {
    fetchImpl,
    timeoutMs,
    bodyTimeoutMs,
    log,
  }: {fetchImpl: typeof fetch; timeoutMs: number; bodyTimeoutMs: number; log: (m: string) => void},
): Promise<Uint8Array | null> {
  const controller = new AbortController();
  const headerTimer = setTimeout(() => controller.abort(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
  const bodyTimer = setTimeout(
    () => controller.abort(new Error(`download took over ${bodyTimeoutMs} ms`)),
    bodyTimeoutMs,
  );
  try {
    const response = await fetchImpl(url, {signal: controller.signal, redirect: "follow"});
    clearTimeout(headerTimer);
    if (!response.ok) {
      log(`v1: download of ${url} failed: HTTP ${response.status}`);
      return null;
    }
    return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    const reason = controller.signal.aborted ? controller.signal.reason : e;
    log(`v1: download of ${url} failed: ${(reason as Error)?.message ?? reason}`);
    return null;
  } finally {
    clearTimeout(headerTimer);
    clearTimeout(bodyTimer);
  }
}

/** The path of the cached npz under `cacheDir`. */
export function cachedNpzPath(cacheDir = DEFAULT_CACHE_DIR): string {
  return join(cacheDir, V1_NPZ_FILE);
}
