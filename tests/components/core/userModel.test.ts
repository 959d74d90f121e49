import * as ort from "onnxruntime-node";
import {describe, expect, it} from "vitest";
import {defaultLayers, inspectOnnx, withOutputs} from "../../../models/src/index.js";
import {gratingBatch} from "../../../src/components/core/gratings.js";
import {layerGram} from "../../../src/components/core/layerGrams.js";
import {
  gramsOf,
  IMAGENET,
  modelGratings,
  modelLayerGrams,
  periodAt,
  poolFactor,
  poolMaps,
  pooledUnits,
  sideThatFits,
  type ModelForward,
} from "../../../src/components/core/userModel.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {runOnNode} from "../../../data-loaders/training/session.js";
import {residualNet} from "../../models/onnxFixtures.js";

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m / scale;
}

describe("modelGratings", () => {
  const angles = [0, 30, 135];
  it("at the site's size, one channel, no normalisation: the site's own gratings", () => {
    const spec = {height: 48, width: 64, channels: 1, layout: "NCHW", normalisation: "none"} as const;
    expect(periodAt(48)).toBeCloseTo(2 * Math.PI * 2.8, 12);
    expect(modelGratings(angles, spec)).toEqual(gratingBatch(angles));
  });

  it("3 channels, NCHW and NHWC hold the same pixels; [0, 1] and ImageNet normalisation by hand", () => {
    const base = {height: 20, width: 16, channels: 3, normalisation: "unit"} as const;
    const nchw = modelGratings(angles, {...base, layout: "NCHW"});
    const nhwc = modelGratings(angles, {...base, layout: "NHWC"});
    const grey = gratingBatch(angles, {height: 20, width: 16, period: periodAt(20)});
    const hw = 320;
    for (const [i, c, p] of [
      [0, 0, 0],
      [1, 2, 77],
      [2, 1, 319],
    ])
      (expect(nchw[(i * 3 + c) * hw + p]).toBe(nhwc[(i * hw + p) * 3 + c]),
        expect(nchw[(i * 3 + c) * hw + p]).toBe(grey[i * hw + p] + 0.5));
    const net = modelGratings(angles, {...base, layout: "NCHW", normalisation: "imagenet"});
    // A white pixel (1) in the green channel: (1 − 0.456) / 0.224; a black one in red: −0.485 / 0.229.
    const white = grey.findIndex((v) => v > 0);
    const black = grey.findIndex((v) => v < 0);
    expect(net[(0 * 3 + 1) * hw + white]).toBeCloseTo((1 - IMAGENET.mean[1]) / IMAGENET.std[1], 6);
    expect(net[(0 * 3 + 0) * hw + black]).toBeCloseTo(-IMAGENET.mean[0] / IMAGENET.std[0], 6);
  });
});

describe("pooling large maps", () => {
  it("poolFactor: the smallest block that fits", () => {
    expect(poolFactor([1, 64, 32, 32], 16384)).toBe(2); // 65,536 → 16,384
    expect(poolFactor([1, 64, 16, 16], 16384)).toBe(1);
    expect(poolFactor([1, 3, 100, 100], 3000)).toBe(4); // 3·25·25 = 1,875 (3·34·34 = 3,468 at 3)
    expect(poolFactor([1, 4096], 16)).toBe(256); // a vector in blocks of 256 features: 16
    expect(poolFactor([1, 4096], 5000)).toBe(1);
    expect(poolFactor([1, 197, 768], 16384)).toBe(10); // tokens: ⌈197/10⌉·768 = 15,360 (⌈197/9⌉·768 = 16,896)
    expect(poolFactor([1, 2, 3, 4, 5], 2)).toBe(1); // other ranks are kept whole
    expect(pooledUnits([1, 197, 768], 10)).toBe(15_360);
    expect(pooledUnits([1, 64, 32, 32], 2)).toBe(16_384);
    expect(pooledUnits([1, 10], 3)).toBe(4);
    expect(pooledUnits([1, 2, 3, 4, 5], 3)).toBe(120);
  });

  it("poolMaps on sequences pools tokens only, on vectors neighbouring features", () => {
    // Two images of 3 tokens × 2 features; blocks of 2 tokens: (t0+t1)/2, t2.
    const seq = Float32Array.from([1, 10, 3, 30, 5, 50, 2, 20, 4, 40, 6, 60]);
    expect([...poolMaps(seq, [2, 3, 2], 2)]).toEqual([2, 20, 5, 50, 3, 30, 6, 60]);
    // Two images of 5 features in blocks of 2: [1,2] → 1.5, [3,4] → 3.5, [5] → 5.
    const vec = Float32Array.from([1, 2, 3, 4, 5, 10, 20, 30, 40, 50]);
    expect([...poolMaps(vec, [2, 5], 2)]).toEqual([1.5, 3.5, 5, 15, 35, 50]);
  });

  it("poolMaps averages blocks, edge blocks over the pixels they have", () => {
    // One map 3 × 3: 1…9, blocks of 2: [1,2,4,5] → 3, [3,6] → 4.5, [7,8] → 7.5, [9] → 9.
    const out = poolMaps(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3], 2);
    expect([...out]).toEqual([3, 4.5, 7.5, 9]);
  });

  it("sideThatFits: outputs grow with the pixel count", () => {
    // 64 px took 128 MB; 512 MB allows twice the side: 128.
    expect(sideThatFits(64, 128 * 2 ** 20, 512 * 2 ** 20)).toBe(128);
    expect(sideThatFits(224, 2 ** 40, 2 ** 20)).toBe(8);
  });
});

describe("gramsOf", () => {
  it("equals layerGram's Float64 Grams (raw and centred) within float32 rounding", async () => {
    const z = seededNormal(seededSource(11));
    const n = 9;
    const p = 50;
    const x = Float32Array.from({length: n * p}, () => z() + 2);
    const ours = await gramsOf(runOnNode, x, n, p, "your model", "l");
    const direct = layerGram({network: "your model", layer: "l", activations: x, nUnits: p}, n);
    expect(maxRelDiff(ours.gram, direct.gram)).toBeLessThan(1e-6);
    expect(maxRelDiff(ours.centered, direct.centered)).toBeLessThan(1e-5);
    expect(ours).toMatchObject({n, nUnits: p, network: "your model", layer: "l"});
  });
});

describe("modelLayerGrams on a test-built residual network (onnxruntime-node)", () => {
  it("each layer's Grams equal those of the activations of one direct run, whatever the batch size", async () => {
    const bytes = residualNet();
    const s = inspectOnnx(bytes, "r.onnx");
    const picked = defaultLayers(s.candidates, 5);
    const session = await ort.InferenceSession.create(withOutputs(bytes, picked, s.outputs));
    const forward: ModelForward = async (images, b) => {
      const out = await session.run({pixel_values: new ort.Tensor("float32", images, [b, 3, 64, 64])}, picked);
      return Object.fromEntries(picked.map((t) => [t, {data: out[t].data as Float32Array, dims: out[t].dims}]));
    };
    const angles = Array.from({length: 12}, (_, i) => i * 15);
    const spec = {height: 64, width: 64, channels: 3, layout: "NCHW", normalisation: "unit"} as const;
    const layers = picked.map((t) => ({tensor: t, label: s.candidates.find((c) => c.tensor === t)!.label}));
    const progress: number[] = [];
    // 8 · 32 · 32 = 8,192 units: more than 4,096, so pooled 2 × 2 to 8 · 16 · 16 = 2,048.
    const a = await modelLayerGrams(forward, runOnNode, angles, spec, layers, {
      batch: 5,
      maxUnits: 4096,
      onProgress: (d) => progress.push(d),
    });
    const b = await modelLayerGrams(forward, runOnNode, angles, spec, layers, {batch: 12, maxUnits: 4096});
    expect(progress).toEqual([1, 6, 11, 12]);
    expect(a.info.map((l) => [l.units, l.pool])).toEqual([
      [2048, 2],
      [2048, 2],
      [2048, 2],
      [8, 1],
      [5, 1],
    ]);
    expect(a.info[0].dims).toEqual([8, 32, 32]);
    // Direct: all 12 images at once, pooled by hand-checked poolMaps, Grams in Float64.
    const all = await forward(modelGratings(angles, spec), 12);
    a.grams.forEach((g, k) => {
      const {tensor, pool, units} = a.info[k];
      const x = pool > 1 ? poolMaps(all[tensor].data, all[tensor].dims, pool) : all[tensor].data;
      const direct = layerGram({network: "your model", layer: layers[k].label, activations: x, nUnits: units}, 12);
      expect(maxRelDiff(g.gram, direct.gram)).toBeLessThan(1e-5);
      expect(maxRelDiff(g.centered, direct.centered)).toBeLessThan(1e-4);
      expect(maxRelDiff(b.grams[k].gram, g.gram)).toBeLessThan(1e-6);
      expect(g.layer).toBe(layers[k].label);
    });
    // One image's outputs over the budget: the message names the size that fits (3 × 8,192 floats and 13 more: 98,356 bytes; 64 · √(65,536 / 98,356) = 52.2, down to a multiple of 8).
    await expect(modelLayerGrams(forward, runOnNode, angles, spec, layers, {imageBudget: 2 ** 16})).rejects.toThrow(
      /64 × 64 image take 0.09 MB, more than the 0.06 MB the page allows; an input of 48 pixels would fit/,
    );
    await session.release();
  });
});
