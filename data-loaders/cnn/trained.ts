/**
 * Trained grating CNNs, trained once per build and shared by every loader that needs them (the CNN pages'
 * `cnn.zip`, the RSA/fingerprint layer activations): the first caller trains and stores the result under
 * `.cache/cnn/<key>/`, later callers read it. The key hashes the training options and the source files that
 * decide the result, so a change to the architecture, data or training code retrains.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {resolve} from "node:path";
import {packWeights, unpackWeights} from "../../src/components/core/cnnWeights.js";
import {
  trainGratingCnn,
  type CnnReport,
  type CnnVariant,
  type TrainCnnOptions,
  type TrainedCnn,
} from "./gratingCnns.js";

const ROOT = resolve(import.meta.dirname, "../..");
/** Default cache folder (git-ignored; `npm run clean` does not touch it, deleting it forces retraining). */
export const CNN_CACHE_DIR = resolve(ROOT, ".cache/cnn");

/** Files whose content decides a trained network; any change retrains. */
const SOURCES = [
  "models/src/architectures/cnn.ts",
  "models/src/conv.ts",
  "models/src/model.ts",
  "models/src/optimizers.ts",
  "data-loaders/cnn/gratingCnns.ts",
  "data-loaders/training/session.ts",
  "src/components/core/kernels.ts",
  "src/components/core/gratings.ts",
  "src/components/core/gratingTasks.ts",
  "src/components/core/cnnWeights.ts",
  "src/components/core/batches.ts",
];

/** The cache key of a variant trained with `options`. */
export function cacheKey(variant: CnnVariant, options: Omit<TrainCnnOptions, "log"> = {}): string {
  const h = createHash("md5").update(JSON.stringify({variant, options}));
  for (const f of SOURCES) h.update(existsSync(resolve(ROOT, f)) ? readFileSync(resolve(ROOT, f)) : f);
  return `${variant}-${h.digest("hex").slice(0, 12)}`;
}

function floats(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The trained `variant`, from the cache when it is there, else trained now and cached. */
export async function loadTrainedCnn(
  variant: CnnVariant,
  options: TrainCnnOptions = {},
  {cacheDir = CNN_CACHE_DIR}: {cacheDir?: string} = {},
): Promise<TrainedCnn> {
  const {log, ...rest} = options;
  const dir = resolve(cacheDir, cacheKey(variant, rest));
  const file = (name: string) => resolve(dir, name);
  if (existsSync(file("report.json"))) {
    log?.(`cnn ${variant}: using the cached training in ${dir}`);
    const report = JSON.parse(readFileSync(file("report.json"), "utf8")) as CnnReport;
    return {
      report,
      inference: new Uint8Array(readFileSync(file("inference.onnx"))),
      trainStep: new Uint8Array(readFileSync(file("train.onnx"))),
      initial: unpackWeights(floats(readFileSync(file("initial.bin"))), report.params),
      trained: unpackWeights(floats(readFileSync(file("trained.bin"))), report.params),
    };
  }
  const r = await trainGratingCnn(variant, options);
  // Written to a temporary folder and renamed, so a parallel reader never sees half a cache entry.
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, {recursive: true});
  writeFileSync(resolve(tmp, "inference.onnx"), r.inference);
  writeFileSync(resolve(tmp, "train.onnx"), r.trainStep);
  writeFileSync(resolve(tmp, "initial.bin"), packWeights(r.initial, r.report.params));
  writeFileSync(resolve(tmp, "trained.bin"), packWeights(r.trained, r.report.params));
  writeFileSync(resolve(tmp, "report.json"), JSON.stringify(r.report));
  if (existsSync(dir)) rmSync(tmp, {recursive: true, force: true});
  else renameSync(tmp, dir);
  return r;
}
