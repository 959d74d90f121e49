/**
 * The fingerprint's heavy step at build time: held-out ridge scores of every target for every layer, through
 * the same ONNX graph the page runs (core/analysisGraphs.ts `ridgeScoresWith`), on onnxruntime-node. About 50×
 * faster than the TypeScript reference (`predictScores`) on the full V1 shape (tests/bench/analysis.bench.ts).
 */
import {ridgeScoresWith} from "../../src/components/core/analysisGraphs.ts";
import type {RidgeScore} from "../../src/components/core/ridge.ts";
import {runOnNode} from "../training/session.ts";

/** One Float64Array of t scores per smoother (each n × n), for targets y (n × t). */
export function ridgeScoresOnNode(
  smoothers: Float64Array[],
  y: Float32Array,
  n: number,
  t: number,
  options: {score?: RidgeScore} = {},
): Promise<Float64Array[]> {
  return ridgeScoresWith(runOnNode, smoothers, y, n, t, options);
}
