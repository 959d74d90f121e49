// occlusionMapping on a hand-built network whose receptive field is known: one Conv unit with an L-shaped
// kernel support, run through onnxruntime-node behind the page's Session interface.
import * as ortNode from "onnxruntime-node";
import {describe, expect, it} from "vitest";
import {Graph, conv, toModelBytes} from "@brain-nets/models";
import {occlusionMapping, type OcclusionResult} from "../../../src/components/runtime/occlusionMapping.js";
import type {Session} from "../../../src/components/runtime/runtime.js";

const H = 12,
  W = 16,
  K = 3;
// Non-zero taps: (ky, kx) = (0,0), (1,0), (2,0), (2,1), (2,2): an L.
const KERNEL = Float32Array.from([1, 0, 0, 0.7, 0, 0, 0.5, -0.8, 0.9]);

async function handBuiltSession(): Promise<Session> {
  const g = new Graph();
  const x = g.input("x", ["n", 1, H, W]);
  g.output(conv(g, x, g.initializer(KERNEL, [1, 1, K, K], {name: "w"})), "activation.conv1");
  const inner = await ortNode.InferenceSession.create(toModelBytes(g));
  // The page's Session, backed by onnxruntime-node: same feeds and fetches, CPU tensors.
  return {
    run: async (
      feeds: Record<string, {data: unknown; dims: readonly number[]}>,
      {fetches}: {fetches?: readonly string[]} = {},
    ) => {
      const t: Record<string, ortNode.Tensor> = {};
      for (const [k, v] of Object.entries(feeds))
        t[k] = new ortNode.Tensor("float32", v.data as Float32Array, [...v.dims]);
      return (fetches ? inner.run(t, [...fetches]) : inner.run(t)) as never;
    },
  } as unknown as Session;
}

async function mapOne(image: Float32Array): Promise<OcclusionResult> {
  const layer = {
    output: "activation.conv1",
    channels: 1,
    height: H - K + 1,
    width: W - K + 1,
    jump: 1,
    start: 1,
    size: K,
  };
  let result: OcclusionResult | null = null;
  for await (const p of occlusionMapping(await handBuiltSession(), [image], H, W, [layer], {size: 1, stride: 1}))
    if (p.done) result = p.result;
  return result!;
}

// A bright spot makes the unit at output (5, 4) the channel's maximum: its window covers pixels (5..7, 4..6).
const image = new Float32Array(H * W);
image[(4 + 2) * W + 5 + 2] = 1; // tap (2, 2), weight 0.9
image[4 * W + 5] = 1; // tap (0, 0), weight 1

describe("occlusionMapping", () => {
  it("a 1-pixel occluder's discrepancy map of a conv unit is non-zero exactly on its kernel's support", async () => {
    const r = await mapOne(image);
    const {map, cx, cy} = r.maps[0][0][0];
    expect([cx, cy]).toEqual([6, 5]); // image centre of output unit (5, 4): start 1 + index
    const support = new Set([0, 3, 6, 7, 8].map((t) => (4 + Math.floor(t / K)) * W + 5 + (t % K)));
    for (let i = 0; i < H * W; i++) {
      if (support.has(i)) expect(map[i], `pixel ${i}`).toBeGreaterThan(0);
      else expect(map[i], `pixel ${i}`).toBe(0);
    }
  });

  it("the averaged, re-centred field holds the support around the canvas centre and its size", async () => {
    const r = await mapOne(image);
    const rf = r.rfs[0][0];
    const offsets: string[] = [];
    rf.forEach((v, i) => v > 0 && offsets.push(`${(i % r.rfWidth) - (W - 1)},${Math.floor(i / r.rfWidth) - (H - 1)}`));
    expect(offsets.sort()).toEqual(["-1,-1", "-1,0", "-1,1", "0,1", "1,1"].sort());
    expect(r.evaluated).toBe(H * W + 1);
  });
});
