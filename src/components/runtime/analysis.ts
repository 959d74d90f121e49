/**
 * The analysis graphs (core/analysisGraphs.ts) run in the page through the site's one ONNX Runtime module
 * (runtime.ts `runOnce`), on whichever backend is active (WebGPU or WASM).
 */
import {rdmWith, ridgeScoresWith} from "../core/analysisGraphs.js";
import {runOnce} from "./runtime.js";
import type {RdmMetric} from "../core/rdm.js";
import type {RidgeScore} from "../core/ridge.js";

/** The RDM (n × n, Float64) of a stimuli × features matrix, computed by ONNX Runtime. */
export function rdmOnDevice(x: Float32Array, n: number, p: number, options: {metric?: RdmMetric} = {}) {
  return rdmWith(runOnce, x, n, p, options);
}

/**
 * Held-out ridge scores of every target for every layer, from the layers' smoothers (each n × n) and the
 * targets (n × t), computed by ONNX Runtime as one batched MatMul. Returns one Float64Array of t per layer.
 */
export function ridgeScoresOnDevice(
  smoothers: Float64Array[],
  targets: Float32Array,
  n: number,
  t: number,
  options: {score?: RidgeScore} = {},
) {
  return ridgeScoresWith(runOnce, smoothers, targets, n, t, options);
}
