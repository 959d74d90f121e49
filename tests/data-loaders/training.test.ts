import {describe, expect, it} from "vitest";
import {unzipSync} from "fflate";
import * as ort from "onnxruntime-node";
import {readModelMetadata, wrapDegrees} from "../../models/src/index.js";
import {decodersArchive} from "../../data-loaders/training/archive.ts";
import {decoderMetrics, packWeights, trainRecipe, type DecodingData} from "../../data-loaders/training/decoders.ts";
import {RECIPES} from "../../data-loaders/training/recipes.ts";

/** A small tuned population: 48 stimuli every 7.5°, 24 cosine-tuned neurons with preferred directions spread evenly. */
function tinyData(): DecodingData {
  const nStimuli = 48;
  const nNeurons = 24;
  const stimuli = Float32Array.from({length: nStimuli}, (_, i) => i * 7.5);
  const responses = new Float32Array(nStimuli * nNeurons);
  for (let s = 0; s < nStimuli; s++)
    for (let j = 0; j < nNeurons; j++)
      responses[s * nNeurons + j] = Math.cos(((stimuli[s] - j * 15) * Math.PI) / 180) + 0.05 * Math.sin(s * 13 + j * 7);
  return {responses, stimuli, nStimuli, nNeurons};
}

/** Plain TypeScript forward pass of a one-hidden-layer ReLU MLP from packed weights (nn.Linear layout). */
function forward(w: Float32Array, params: {name: string; shape: number[]}[], x: Float32Array, n: number): Float64Array {
  const [W1s, , W2s] = params.map((p) => p.shape);
  const [h, d] = W1s;
  const out = W2s[0];
  const at = (k: number) => params.slice(0, k).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  const [W1, b1, W2, b2] = [0, 1, 2, 3].map((k) => w.subarray(at(k)));
  const y = new Float64Array(n * out);
  for (let r = 0; r < n; r++) {
    const hidden = Array.from({length: h}, (_, j) =>
      Math.max(0, b1[j] + Array.from({length: d}, (_, i) => x[r * d + i] * W1[j * d + i]).reduce((a, b) => a + b, 0)),
    );
    for (let o = 0; o < out; o++) y[r * out + o] = b2[o] + hidden.reduce((s, v, j) => s + v * W2[o * h + j], 0);
  }
  return y;
}

describe("decoderMetrics", () => {
  it("decoderMetrics computes MSE, the wrap-aware median error and bin accuracy", () => {
    // Errors: 10 (MSE 100), 358 vs 2 → 4° angular but 356² squared, 90 → 90.
    const m = decoderMetrics([10, 358, 180], [0, 2, 90], 4);
    expect(m.testMse).toBeCloseTo((100 + 356 ** 2 + 90 ** 2) / 3, 9);
    expect(m.medianAngularError).toBe(10);
    expect(m.accuracy).toBeCloseTo(1 / 3, 12); // bins of 90°: 10→0 ✓, 358→3 vs 2→0 ✗, 180→2 vs 90→1 ✗
  });
});

describe("trainRecipe", () => {
  it("the seed recipe lowers its training loss over its 50 iterations (lr 1e-4: slowly)", async () => {
    const r = await trainRecipe(RECIPES[0], tinyData());
    const h = r.report.lossHistory as number[];
    expect(h).toHaveLength(50);
    expect(h.at(-1)!).toBeLessThan(0.9 * h[0]);
  });
  it("the circular recipe decodes held-out stimuli of a tuned population to within 20°", async () => {
    const r = await trainRecipe({...RECIPES.find((x) => x.name === "circular")!, iterations: 150}, tinyData());
    expect((r.report.metrics as {medianAngularError: number}).medianAngularError).toBeLessThan(20);
  });
});

describe("decodersArchive", () => {
  const recipes = RECIPES.map((r) => ({...r, iterations: 3}));
  const archive = decodersArchive(tinyData(), {recipes});

  it("is reproducible: a second build gives the same bytes", async () => {
    expect(Buffer.from(await decodersArchive(tinyData(), {recipes})).equals(Buffer.from(await archive))).toBe(true);
  });

  it("holds the inference model, train step, report and weights of every recipe, plus index.json", async () => {
    const files = unzipSync(await archive);
    const expected = recipes.flatMap((r) => [
      `${r.name}.onnx`,
      `${r.name}-train.onnx`,
      `${r.name}.json`,
      `${r.name}-weights.bin`,
    ]);
    expect(Object.keys(files).sort()).toEqual([...expected, "index.json"].sort());
  });

  it("every exported inference model opens in onnxruntime-node and matches a plain TypeScript forward pass", async () => {
    const files = unzipSync(await archive);
    const data = tinyData();
    for (const r of recipes) {
      const report = JSON.parse(new TextDecoder().decode(files[`${r.name}.json`]));
      const w = new Float32Array(files[`${r.name}-weights.bin`].slice().buffer);
      const session = await ort.InferenceSession.create(files[`${r.name}.onnx`]);
      const y = (await session.run({x: new ort.Tensor("float32", data.responses, [data.nStimuli, data.nNeurons])})).y
        .data as Float32Array;
      const ref = forward(w, report.params, data.responses, data.nStimuli);
      ref.forEach((v, i) => expect(Math.abs(y[i] - v), `${r.name} y[${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(v))));
    }
  });

  it("every train-step model opens in onnxruntime-node and records its inputs' roles in its metadata", async () => {
    const files = unzipSync(await archive);
    for (const r of recipes) {
      const bytes = files[`${r.name}-train.onnx`];
      const session = await ort.InferenceSession.create(bytes);
      const meta = JSON.parse(readModelMetadata(bytes)["brain-nets"]);
      expect(session.inputNames).toEqual(
        expect.arrayContaining([
          "x",
          "target",
          "hyper.lr",
          ...meta.params.map((p: {name: string}) => `param.${p.name}`),
        ]),
      );
      expect(meta.optimizer).toBe(r.optimizer.name);
    }
  });

  it("the circular recipe reports decoded angles wrapped to [0, 360)", async () => {
    const files = unzipSync(await archive);
    const report = JSON.parse(new TextDecoder().decode(files["circular.json"]));
    for (const d of report.test.decoded) expect(d).toBe(Math.round(wrapDegrees(d) * 1000) / 1000);
  });
});

describe("packWeights", () => {
  it("packWeights concatenates float32 weights in the given order", () => {
    expect(packWeights({a: Float32Array.of(1, 2), b: Float32Array.of(3)}, [{name: "b"}, {name: "a"}])).toEqual(
      new Uint8Array(Float32Array.of(3, 1, 2).buffer),
    );
  });
});
