/**
 * The fingerprint's heavy step at build time: held-out ridge scores of every target for every layer, through
 * the same ONNX graph the page runs (analysisGraphs.ts `ridgeScoreModel`), on onnxruntime-node. About 50×
 * faster than the TypeScript reference (`predictScores`) on the full V1 shape (tests/bench/analysis.bench.ts).
 */
import * as ort from "onnxruntime-node";
import {ridgeScoreModel, splitScores, stackSmoothers} from "../../src/components/analysisGraphs.ts";
import type {RidgeScore} from "../../src/components/math/ridge.ts";

/** One Float64Array of t scores per smoother (each n × n), for targets y (n × t). */
export async function ridgeScoresOnNode(
  smoothers: Float64Array[],
  y: Float32Array,
  n: number,
  t: number,
  {score = "r2"}: {score?: RidgeScore} = {},
): Promise<Float64Array[]> {
  const layers = smoothers.length;
  const stacked = stackSmoothers(smoothers, n);
  const session = await ort.InferenceSession.create(ridgeScoreModel(layers, n, {score}));
  try {
    const out = await session.run({
      smoothers: new ort.Tensor("float32", stacked, [layers, n, n]),
      targets: new ort.Tensor("float32", y, [n, t]),
    });
    const scores = out.scores.data as Float32Array;
    return splitScores(scores, layers, t);
  } finally {
    await session.release();
  }
}
