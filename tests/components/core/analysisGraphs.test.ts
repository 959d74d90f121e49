import {describe, expect, it} from "vitest";
import * as ort from "onnxruntime-node";
import {rdmModel, ridgeScoreModel} from "../../../src/components/core/analysisGraphs.js";
import {gram} from "../../../src/components/core/linalg.js";
import {RDM_METRICS, rdm} from "../../../src/components/core/rdm.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {cvSmoothers, predictScores} from "../../../src/components/core/ridge.js";

const z = seededNormal(seededSource(31));

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, output: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run(feeds);
  await session.release();
  return out[output].data as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("rdmGraph", () => {
  const n = 15;
  const p = 40;
  const x = Float32Array.from({length: n * p}, () => z() + 0.5);
  x.fill(0, 3 * p, 4 * p); // an all-zero stimulus row

  it.each(RDM_METRICS)("rdmModel(n, p, {metric: %s}) on onnxruntime-node matches rdm()", async (metric) => {
    const out = await run(rdmModel(n, p, {metric}), {x: new ort.Tensor("float32", x, [n, p])}, "rdm");
    expect(maxAbsDiff(out, rdm(x, n, p, {metric}))).toBeLessThan(1e-4);
  });
});

describe("ridgeScoreGraph", () => {
  const n = 30;
  const t = 25;
  const features = Float32Array.from({length: n * 6}, () => z());
  const y = Float32Array.from({length: n * t}, (_, k) => features[Math.floor(k / t) * 6 + (k % 6)] + z());
  const smoothers = [1e-2, 1].map((a) => cvSmoothers(gram(features, n, 6), n, [a])[0]);
  const stacked = new Float32Array(2 * n * n);
  smoothers.forEach((s, l) => stacked.set(s, l * n * n));

  it.each(["r2", "pearson"] as const)(
    "ridgeScoreModel(2, n, {score: %s}) matches predictScores for every layer",
    async (score) => {
      const out = await run(
        ridgeScoreModel(2, n, {score}),
        {smoothers: new ort.Tensor("float32", stacked, [2, n, n]), targets: new ort.Tensor("float32", y, [n, t])},
        "scores",
      );
      smoothers.forEach((s, l) => {
        expect(maxAbsDiff(out.subarray(l * t, (l + 1) * t), predictScores(s, y, n, t, {score}))).toBeLessThan(1e-4);
      });
    },
  );
});
