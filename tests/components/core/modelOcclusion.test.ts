import * as ort from "onnxruntime-node";
import {describe, expect, it} from "vitest";
import {
  defaultOccluder,
  layerUnits,
  MAX_MAPPED_UNITS,
  occludeModel,
  unitMaps,
  type LayerForward,
} from "../../../src/components/core/modelOcclusion.js";
import {occludedBatch, occluderPositions, occlusionStimuli} from "../../../src/components/core/occlusion.js";
import {seededSource} from "../../../src/components/core/random.js";
import type {ModelStimulusSpec} from "../../../src/components/core/userModel.js";
import {OnnxBuilder} from "../../models/onnxFixtures.js";

// A one-layer "network": a valid 3 × 3 convolution of a 3-channel 12 × 14 image into 2 channels, no padding, so
// output (ux, uy) sees input pixels x ∈ ux … ux + 2, y ∈ uy … uy + 2, centred on pixel (ux + 1, uy + 1).
const H = 12,
  W = 14;
const WEIGHTS = Array.from({length: 2 * 3 * 9}, (_, i) => Math.sin(1.3 * i + 0.4));
const BIAS = [0.1, -0.2];

function convNet(): Uint8Array {
  const b = new OnnxBuilder(9);
  const x = b.input("image", ["batch", 3, H, W]);
  const y = b.node("Conv", [x, b.weight([2, 3, 3, 3], {values: WEIGHTS}), b.weight([2], {values: BIAS})], {
    kernel_shape: [3, 3],
  });
  b.output(y, ["batch", 2, H - 2, W - 2]);
  return b.bytes();
}

/** The same convolution by hand, at output (ux, uy) of channel o, on a grey image fed as [0, 1] to all 3 channels. */
function byHand(grey: Float32Array, o: number, ux: number, uy: number): number {
  let s = BIAS[o];
  for (let c = 0; c < 3; c++)
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++)
        s += WEIGHTS[((o * 3 + c) * 3 + ky) * 3 + kx] * (grey[(uy + ky) * W + ux + kx] + 0.5);
  return s;
}

const SPEC: ModelStimulusSpec = {height: H, width: W, channels: 3, layout: "NCHW", normalisation: "unit"};

async function forwardOf(
  bytes: Uint8Array,
): Promise<{forward: LayerForward; batches: number[]; close(): Promise<void>}> {
  const session = await ort.InferenceSession.create(bytes);
  const batches: number[] = [];
  const out = session.outputNames[0];
  return {
    batches,
    forward: async (input, batch) => {
      batches.push(batch);
      const r = await session.run({image: new ort.Tensor("float32", input, [batch, 3, H, W])});
      return {data: r[out].data as Float32Array, dims: r[out].dims};
    },
    close: () => session.release(),
  };
}

describe("layerUnits", () => {
  it("reads channels-first maps, channels-last maps of NHWC models after a transpose, and dense layers", () => {
    expect(layerUnits([1, 8, 5, 6], "NCHW", "Relu")).toEqual({channels: 8, height: 5, width: 6, channelsLast: false});
    expect(layerUnits([1, 5, 6, 8], "NHWC", "Relu")).toEqual({channels: 8, height: 5, width: 6, channelsLast: true});
    // ONNX's Conv is channels-first whatever the model's input.
    expect(layerUnits([1, 8, 5, 6], "NHWC", "Conv")).toEqual({channels: 8, height: 5, width: 6, channelsLast: false});
    expect(layerUnits([1, 10], "NCHW", "Gemm")).toEqual({channels: 10, height: 1, width: 1, channelsLast: false});
  });
  it("scales the default occluder with the image", () => {
    expect(defaultOccluder(64)).toEqual({size: 6, stride: 4});
    expect(defaultOccluder(224)).toEqual({size: 22, stride: 14});
    expect(defaultOccluder(8)).toEqual({size: 1, stride: 1});
  });
});

describe("occludeModel", () => {
  const stimuli = occlusionStimuli(2, {height: H, width: W}).map((s) => s.image);

  it("records each unit's activation under every occluder as the convolution computes it by hand", async () => {
    const net = await forwardOf(convNet());
    const size = 3,
      stride = 2;
    const o = await occludeModel(net.forward, stimuli, SPEC, "Conv", {size, stride, seed: 5});
    await net.close();
    const positions = occluderPositions(H, W, {size, stride});
    expect(o.positions).toEqual(positions);
    expect(o.mapped).toBe(2);
    expect(o.evaluated).toBe(2 * (positions.length + 1));
    // The occluders' random pixels come from one seeded stream, image after image.
    const source = seededSource(5);
    stimuli.forEach((grey, k) => {
      const im = o.images[k];
      const copies = occludedBatch(grey, H, W, positions, {size, source});
      for (let c = 0; c < 2; c++) {
        // The unit is where the channel is largest on the intact image.
        let best = {v: -Infinity, ux: 0, uy: 0};
        for (let uy = 0; uy < H - 2; uy++)
          for (let ux = 0; ux < W - 2; ux++) {
            const v = byHand(grey, c, ux, uy);
            if (v > best.v) best = {v, ux, uy};
          }
        expect(im.base[c]).toBeCloseTo(best.v, 4);
        // A 10 × 12 map spread over 12 × 14 pixels: cell centres at (i + ½)·1.2 − ½ and (i + ½)·14/12 − ½.
        expect(im.cx[c]).toBeCloseTo((best.ux + 0.5) * (W / (W - 2)) - 0.5, 5);
        expect(im.cy[c]).toBeCloseTo((best.uy + 0.5) * (H / (H - 2)) - 0.5, 5);
        positions.forEach((_, p) => {
          const copy = copies.subarray(p * H * W, (p + 1) * H * W);
          expect(im.occluded[c * positions.length + p]).toBeCloseTo(byHand(copy, c, best.ux, best.uy), 4);
        });
      }
    });
  });

  it("gives the same result however the copies are batched", async () => {
    const net = await forwardOf(convNet());
    const whole = await occludeModel(net.forward, stimuli, SPEC, "Conv", {size: 3, stride: 2});
    net.batches.length = 0;
    const oneByOne = await occludeModel(net.forward, stimuli, SPEC, "Conv", {size: 3, stride: 2, budgetBytes: 1});
    expect(net.batches.every((b) => b === 1)).toBe(true);
    await net.close();
    whole.images.forEach((im, k) => expect([...oneByOne.images[k].occluded]).toEqual([...im.occluded]));
  });

  it("maps a unit only where occluding can reach it, with its field centred", async () => {
    const net = await forwardOf(convNet());
    const size = 2;
    const o = await occludeModel(net.forward, stimuli, SPEC, "Conv", {size, stride: 1});
    await net.close();
    const u = unitMaps(o, 1);
    expect(u.maps).toHaveLength(2);
    u.maps.forEach(({map}, k) => {
      // Output (ux, uy) sees pixels ux … ux + 2; cx = (ux + ½)·W/(W − 2) − ½ gives ux back.
      const ux = Math.round((o.images[k].cx[1] + 0.5) / (W / (W - 2)) - 0.5);
      const uy = Math.round((o.images[k].cy[1] + 0.5) / (H / (H - 2)) - 0.5);
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          // A pixel's placements all miss the support when it is more than size − 1 from it.
          const far = x < ux - (size - 1) || x > ux + 2 + (size - 1) || y < uy - (size - 1) || y > uy + 2 + (size - 1);
          if (far) expect(map[y * W + x]).toBe(0);
        }
      let inside = 0;
      for (let y = uy; y <= uy + 2; y++) for (let x = ux; x <= ux + 2; x++) inside += map[y * W + x];
      expect(inside).toBeGreaterThan(0);
    });
    expect(u.rfHeight).toBe(2 * H - 1);
    expect(u.diameter).toBeGreaterThan(1);
    expect(u.diameter).toBeLessThan(8);
    expect(() => unitMaps(o, 2)).toThrow(/unit 2 is not among the 2 mapped/);
  });

  it("maps at most MAX_MAPPED_UNITS units of a wide dense layer", async () => {
    const forward: LayerForward = async (input, batch) => ({
      data: new Float32Array(batch * 600).fill(1),
      dims: [batch, 600],
    });
    const o = await occludeModel(forward, stimuli.slice(0, 1), SPEC, "Gemm", {size: 4, stride: 4});
    expect(o.units.channels).toBe(600);
    expect(o.mapped).toBe(MAX_MAPPED_UNITS);
    expect(o.images[0].cx[0]).toBeCloseTo((W - 1) / 2, 10);
  });
});
