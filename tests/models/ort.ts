/** Test helpers: run graphs built with @brain-nets/models through onnxruntime-node. */
import * as ort from "onnxruntime-node";
import {lcg, toModelBytes, type Graph} from "../../models/src/index.js";

/** Plain feed: typed data and dims. */
export type Feed = {data: Float32Array | Float64Array; dims: readonly number[]};

/** Opens a session on `graph` (all optimisations on, as the loaders run). */
export async function session(graph: Graph | Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(graph instanceof Uint8Array ? graph : toModelBytes(graph));
}

/** Runs `sess` on plain feeds and returns every output as a Float64Array. */
export async function run(
  sess: ort.InferenceSession,
  feeds: Record<string, Feed>,
): Promise<Record<string, Float64Array>> {
  const tensors: Record<string, ort.Tensor> = {};
  for (const [name, {data, dims}] of Object.entries(feeds)) {
    tensors[name] = new ort.Tensor(data instanceof Float64Array ? "float64" : "float32", data, [...dims]);
  }
  const out = await sess.run(tensors);
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float64Array.from(t.data as Float32Array)]));
}

/** Seeded uniform numbers in [lo, hi) as a Float64Array (models' `lcg`, so tests are reproducible). */
export function uniform(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const source = lcg(seed);
  return Float64Array.from({length: n}, () => lo + (hi - lo) * source());
}
