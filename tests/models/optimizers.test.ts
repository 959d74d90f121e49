import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";
import {run, session, uniform, type Feed} from "./ort.js";

// A linear model 3 → 2 on a batch of 4 in float64: small enough to check every element by hand.
const model = m.mlp({inputSize: 3, hidden: [], outputSize: 2});
const batch: Record<string, Feed> = {
  x: {data: uniform(12, 1), dims: [4, 3]},
  target: {data: uniform(8, 2), dims: [4, 2]},
};
const weights = {"fc1.weight": Float64Array.from(uniform(6, 3)), "fc1.bias": Float64Array.from(uniform(2, 4))};
const params = Object.keys(weights) as (keyof typeof weights)[];

/** The gradients at `weights`, from the (separately finite-difference-checked) gradient graph. */
async function grads() {
  const sess = await session(model.gradientGraph({dtype: "float64"}));
  const feeds: Record<string, Feed> = {...batch};
  for (const p of params) feeds[`param.${p}`] = {data: weights[p], dims: p === "fc1.weight" ? [2, 3] : [2]};
  return run(sess, feeds);
}

function scalars(h: Record<string, number>): Record<string, Feed> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [`hyper.${k}`, {data: Float64Array.of(v), dims: []}]));
}

describe("optimizers", () => {
  it("sgd({lr}) updates p ← p − lr·g", async () => {
    const step = model.trainStepGraph({dtype: "float64", optimizer: m.sgd({lr: 0.1})});
    const out = await run(await session(step.toBytes()), {
      ...step.initialFeeds(weights),
      ...batch,
      ...scalars({lr: 0.1}),
    });
    const g = await grads();
    for (const p of params)
      weights[p].forEach((w, i) => expect(out[`param.${p}.next`][i]).toBeCloseTo(w - 0.1 * g[`grad.${p}`][i], 12));
  });
  it("sgd({momentum}) updates v ← μv + g, p ← p − lr·v from a non-zero velocity", async () => {
    const step = model.trainStepGraph({dtype: "float64", optimizer: m.sgd({lr: 0.05, momentum: 0.9})});
    expect(step.state.map((s) => s.name)).toEqual(["velocity.fc1.weight", "velocity.fc1.bias"]);
    const feeds = {...step.initialFeeds(weights), ...batch, ...scalars({lr: 0.05, momentum: 0.9})};
    const v0 = {"fc1.weight": uniform(6, 9), "fc1.bias": uniform(2, 10)};
    for (const p of params) feeds[`state.velocity.${p}`] = {data: v0[p], dims: feeds[`param.${p}`].dims};
    const out = await run(await session(step.toBytes()), feeds);
    const g = await grads();
    for (const p of params) {
      weights[p].forEach((w, i) => {
        const v = 0.9 * v0[p][i] + g[`grad.${p}`][i];
        expect(out[`state.velocity.${p}.next`][i]).toBeCloseTo(v, 12);
        expect(out[`param.${p}.next`][i]).toBeCloseTo(w - 0.05 * v, 12);
      });
    }
  });
  it("adam() applies the bias-corrected update from step t = 3 with non-zero moments", async () => {
    const h = {lr: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-3};
    const step = model.trainStepGraph({dtype: "float64", optimizer: m.adam(h)});
    const feeds = {...step.initialFeeds(weights), ...batch, ...scalars(h)};
    feeds["state.step"] = {data: Float64Array.of(3), dims: []};
    const m0 = {"fc1.weight": uniform(6, 11), "fc1.bias": uniform(2, 12)};
    const v0 = {"fc1.weight": uniform(6, 13, 0, 1), "fc1.bias": uniform(2, 14, 0, 1)};
    for (const p of params) {
      feeds[`state.m.${p}`] = {data: m0[p], dims: feeds[`param.${p}`].dims};
      feeds[`state.v.${p}`] = {data: v0[p], dims: feeds[`param.${p}`].dims};
    }
    const out = await run(await session(step.toBytes()), feeds);
    const g = await grads();
    expect(out["state.step.next"][0]).toBe(4);
    for (const p of params) {
      weights[p].forEach((w, i) => {
        const gi = g[`grad.${p}`][i];
        const m1 = 0.8 * m0[p][i] + 0.2 * gi;
        const v1 = 0.95 * v0[p][i] + 0.05 * gi * gi;
        const mhat = m1 / (1 - 0.8 ** 4);
        const vhat = v1 / (1 - 0.95 ** 4);
        expect(out[`state.m.${p}.next`][i]).toBeCloseTo(m1, 12);
        expect(out[`state.v.${p}.next`][i]).toBeCloseTo(v1, 12);
        expect(out[`param.${p}.next`][i]).toBeCloseTo(w - (0.01 * mhat) / (Math.sqrt(vhat) + 1e-3), 12);
      });
    }
  });
  it("adam() declares step, m and v state initialised to zero", () => {
    const step = model.trainStepGraph({optimizer: m.adam()});
    expect(step.state).toEqual([
      {name: "step", shape: [], init: 0},
      {name: "m.fc1.weight", shape: [2, 3], init: 0},
      {name: "v.fc1.weight", shape: [2, 3], init: 0},
      {name: "m.fc1.bias", shape: [2], init: 0},
      {name: "v.fc1.bias", shape: [2], init: 0},
    ]);
  });
});
