/**
 * The analysis graphs (analysisGraphs.ts) run in the page through the site's one ONNX Runtime module
 * (runtime.ts), on whichever backend is active (WebGPU or WASM). Each call builds its small graph, opens a
 * session, runs it, reads the result back and releases everything.
 */
import {rdmModel, ridgeScoreModel, splitScores, stackSmoothers} from "./analysisGraphs.js";
import {createSession, disposeAll, float32, readFloat32} from "./runtime.js";
import type {RdmMetric} from "./math/rdm.js";
import type {RidgeScore} from "./math/ridge.js";

/** The RDM (n × n, Float64) of a stimuli × features matrix, computed by ONNX Runtime. */
export async function rdmOnDevice(
  x: Float32Array,
  n: number,
  p: number,
  {metric = "correlation"}: {metric?: RdmMetric} = {},
): Promise<Float64Array> {
  const session = await createSession(rdmModel(n, p, {metric}));
  try {
    const out = await session.run({x: float32(x, [n, p])});
    const d = Float64Array.from(await readFloat32(out.rdm));
    disposeAll(out);
    return d;
  } finally {
    await session.release();
  }
}

/**
 * Held-out ridge scores of every target for every layer, from the layers' smoothers (each n × n) and the
 * targets (n × t), computed by ONNX Runtime as one batched MatMul. Returns one Float64Array of t per layer.
 */
export async function ridgeScoresOnDevice(
  smoothers: Float64Array[],
  targets: Float32Array,
  n: number,
  t: number,
  {score = "r2"}: {score?: RidgeScore} = {},
): Promise<Float64Array[]> {
  const layers = smoothers.length;
  const stacked = stackSmoothers(smoothers, n);
  const session = await createSession(ridgeScoreModel(layers, n, {score}));
  try {
    const out = await session.run({smoothers: float32(stacked, [layers, n, n]), targets: float32(targets, [n, t])});
    const scores = await readFloat32(out.scores);
    disposeAll(out);
    return splitScores(scores, layers, t);
  } finally {
    await session.release();
  }
}
