import {describe, expect, it} from "vitest";
import * as m from "../../../models/src/index.js";
import {run, session, uniform, type Feed} from "../ort.js";
import {compareWithFiniteDifferences} from "../gradcheck.js";

/** Plain TypeScript forward pass of an MLP (nn.Linear layout), the reference for the exported graphs. */
function forwardTS(
  weights: m.Weights,
  widths: number[],
  activation: m.Activation,
  x: ArrayLike<number>,
  n: number,
): Float64Array {
  const act = {
    linear: (v: number) => v,
    relu: (v: number) => Math.max(0, v),
    sigmoid: (v: number) => 1 / (1 + Math.exp(-v)),
    tanh: Math.tanh,
  }[activation];
  let h = Float64Array.from(x);
  for (let k = 1; k < widths.length; k++) {
    const [inW, outW] = [widths[k - 1], widths[k]];
    const W = weights[`fc${k}.weight`];
    const b = weights[`fc${k}.bias`];
    const next = new Float64Array(n * outW);
    for (let r = 0; r < n; r++)
      for (let o = 0; o < outW; o++) {
        let s = b[o];
        for (let i = 0; i < inW; i++) s += h[r * inW + i] * W[o * inW + i];
        next[r * outW + o] = k < widths.length - 1 ? act(s) : s;
      }
    h = next;
  }
  return h;
}

/** Targets for a loss on a batch of `n`: degrees for circular, one-hot for nll, small values for mse. */
function targetFor(model: m.Model, n: number): Feed {
  const out = model.arch.outputShape[0];
  if (model.arch.loss === "nll")
    return {
      data: Float64Array.from(
        m.oneHot(
          Array.from({length: n}, (_, i) => i % out),
          out,
        ),
      ),
      dims: [n, out],
    };
  if (model.arch.loss === "circular") return {data: uniform(n, 5, 0, 360), dims: [n, 1]};
  // Small regression targets keep the loss O(1), so central differences stay clear of round-off.
  return {data: uniform(n * out, 5), dims: [n, out]};
}

/** Finite-difference check of ∂loss/∂param for every parameter of `model` (float64, up to 12 elements each). */
async function checkModelGradients(model: m.Model, n = 5) {
  const sess = await session(model.gradientGraph({dtype: "float64"}));
  const w = model.initWeights(3);
  const feeds: Record<string, Feed> = {
    x: {data: uniform(n * model.arch.inputShape[0], 4), dims: [n, ...model.arch.inputShape]},
    target: targetFor(model, n),
  };
  for (const p of model.arch.params)
    feeds[`param.${p.name}`] = {data: Float64Array.from(w[p.name]), dims: [...p.shape]};
  const params = model.arch.params.map((p) => ({feed: `param.${p.name}`, grad: `grad.${p.name}`}));
  await compareWithFiniteDifferences(sess, feeds, params, {eps: 1e-6, rtol: 1e-5, atol: 1e-6, samples: 12});
}

describe("architectures: loss gradients match finite differences (float64)", () => {
  for (const activation of ["linear", "relu", "sigmoid", "tanh"] as const) {
    it(`mlp({hidden: [4, 3], activation: "${activation}"}) with MSE`, () =>
      checkModelGradients(m.mlp({inputSize: 6, hidden: [4, 3], activation})));
  }
  it("deepNet with MSE", () => checkModelGradients(m.deepNet({nNeurons: 7, nHidden: 4})));
  it("deepNetReLU with MSE", () => checkModelGradients(m.deepNetReLU({nNeurons: 7, nHidden: 4})));
  it("orientationClassifier with NLL", () =>
    checkModelGradients(m.orientationClassifier({nNeurons: 6, hidden: [5], nClasses: 4})));
  it("circularDecoder with the circular loss", () =>
    checkModelGradients(m.circularDecoder({nNeurons: 6, hidden: [5]})));
});

describe("architectures: exported inference graphs", () => {
  it("mlp inferenceGraph(weights) matches a plain TypeScript forward pass", async () => {
    const widths = [8, 5, 3, 2];
    const model = m.mlp({inputSize: 8, hidden: [5, 3], activation: "tanh", outputSize: 2});
    const w = model.initWeights(11);
    const x = Float32Array.from(uniform(6 * 8, 12));
    const out = await run(await session(m.toModelBytes(model.inferenceGraph(w))), {x: {data: x, dims: [6, 8]}});
    const ref = forwardTS(w, widths, "tanh", x, 6);
    ref.forEach((v, i) => expect(out.y[i]).toBeCloseTo(v, 5));
  });
  it("inferenceGraph(weights, {activations: true}) exposes every hidden layer", async () => {
    const model = m.deepNetReLU({nNeurons: 4, nHidden: 3});
    const g = model.inferenceGraph(model.initWeights(1), {activations: true});
    expect(g.outputs.map((o) => o.name)).toEqual(["y", "activation.hidden1"]);
  });
});

describe("architectures: parameters", () => {
  it("deepNetReLU has the seed's layer shapes in nn.Linear layout", () => {
    expect(m.deepNetReLU({nNeurons: 23589}).arch.params.map((p) => [p.name, p.shape])).toEqual([
      ["fc1.weight", [20, 23589]],
      ["fc1.bias", [20]],
      ["fc2.weight", [1, 20]],
      ["fc2.bias", [1]],
    ]);
  });
  it("initWeights(seed) is deterministic and within ±1/√fanIn", () => {
    const model = m.mlp({inputSize: 16, hidden: [4]});
    const [a, b] = [model.initWeights(5), model.initWeights(5)];
    expect(a["fc1.weight"]).toEqual(b["fc1.weight"]);
    expect(Math.max(...Array.from(a["fc1.weight"], Math.abs))).toBeLessThanOrEqual(1 / 4);
    expect(Math.max(...Array.from(a["fc2.weight"], Math.abs))).toBeLessThanOrEqual(1 / 2);
    expect(model.initWeights(6)["fc1.weight"]).not.toEqual(a["fc1.weight"]);
  });
  it("mlp rejects a non-integer width with a clear message", () => {
    expect(() => m.mlp({inputSize: 4, hidden: [2.5]})).toThrow(/positive integers/);
  });
});
