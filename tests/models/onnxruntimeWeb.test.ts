// Train-step graphs from models/ in onnxruntime-web, in headless Chromium on WebGPU (SwiftShader) and WASM: each
// runs and returns what onnxruntime-node returns for the same feeds. Needs no site build: a bare page imports ORT's
// own bundle from node_modules, served on 127.0.0.1 (WebGPU wants a secure context).
import {mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Browser, Page} from "playwright-core";
import * as ort from "onnxruntime-node";
import * as m from "../../models/src/index.js";
import {launchBrowser, serveStatic} from "../browser/harness.js";
import {uniform} from "./ort.js";

/** A small CNN covering Conv, Relu, MaxPool, AveragePool, Flatten and Gemm with NLL. */
const cnn = m.defineModel({
  name: "cnnCheck",
  config: {},
  inputShape: [1, 8, 8],
  outputShape: [3],
  loss: "nll",
  params: [
    {name: "c.w", shape: [4, 1, 3, 3], fanIn: 9},
    {name: "c.b", shape: [4], fanIn: 9},
    {name: "fc.w", shape: [3, 16], fanIn: 16},
    {name: "fc.b", shape: [3], fanIn: 16},
  ],
  forward(g, x, p) {
    const h = m.maxPool(g, m.relu(g, m.conv(g, x, p["c.w"], p["c.b"], {pads: [1, 1, 1, 1]})), {kernel: [2, 2]});
    return m.gemm(g, m.flatten(g, m.averagePool(g, h, {kernel: [2, 2]})), p["fc.w"], p["fc.b"], {transB: true});
  },
});

const classes = (n: number, c: number) =>
  Array.from(
    m.oneHot(
      Array.from({length: n}, (_, i) => i % c),
      c,
    ),
  );
const CASES = [
  {
    name: "seed net, MSE, SGD",
    model: m.deepNetReLU({nNeurons: 50}),
    optimizer: m.sgd({lr: 1e-4}),
    n: 16,
    target: (n: number) => Array.from(uniform(n, 5, 0, 360)),
  },
  {
    name: "circular decoder, Adam",
    model: m.circularDecoder({nNeurons: 50}),
    optimizer: m.adam(),
    n: 16,
    target: (n: number) => Array.from(uniform(n, 5, 0, 360)),
  },
  {
    name: "classifier, NLL, SGD with momentum",
    model: m.orientationClassifier({nNeurons: 50, nClasses: 8}),
    optimizer: m.sgd({lr: 0.01, momentum: 0.9}),
    n: 16,
    target: (n: number) => classes(n, 8),
  },
  {
    name: "2-D point classifier, BCE, SGD",
    model: m.mlp({inputSize: 2, hidden: [8], activation: "tanh", loss: "bce"}),
    optimizer: m.sgd({lr: 0.1}),
    n: 16,
    target: (n: number) => Array.from({length: n}, (_, i) => i % 2),
  },
  {name: "CNN, NLL, Adam", model: cnn, optimizer: m.adam(), n: 4, target: (n: number) => classes(n, 3)},
];

type Payload = {
  bytes: number[];
  feeds: Record<string, {data: number[]; dims: number[]}>;
  ref: Record<string, number[]>;
};

/** The train-step bytes, feeds and onnxruntime-node's outputs for each case. */
async function payloads(): Promise<Payload[]> {
  const out: Payload[] = [];
  for (const c of CASES) {
    const step = c.model.trainStepGraph({optimizer: c.optimizer});
    const feeds: Payload["feeds"] = {};
    for (const [k, v] of Object.entries(step.initialFeeds(c.model.initWeights(1))))
      feeds[k] = {data: Array.from(v.data), dims: v.dims};
    const size = c.model.arch.inputShape.reduce((a, b) => a * b, 1);
    feeds.x = {data: Array.from(uniform(c.n * size, 3)), dims: [c.n, ...c.model.arch.inputShape]};
    const target = c.target(c.n);
    feeds.target = {data: target, dims: [c.n, target.length / c.n]};
    for (const [h, v] of Object.entries(step.hyper)) feeds[`hyper.${h}`] = {data: [v], dims: []};
    const bytes = step.toBytes();
    const session = await ort.InferenceSession.create(bytes);
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor("float32", Float32Array.from(v.data), v.dims)]),
    );
    const result = await session.run(tensors);
    const ref = Object.fromEntries(Object.entries(result).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));
    out.push({bytes: Array.from(bytes), feeds, ref});
  }
  return out;
}

let root: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;
let data: Payload[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "models-web-"));
  const ortDist = resolve(import.meta.dirname, "../../node_modules/onnxruntime-web/dist");
  for (const f of readdirSync(ortDist).filter(
    (f) => f === "ort.webgpu.bundle.min.mjs" || /^ort-wasm.*\.(wasm|mjs)$/.test(f),
  )) {
    symlinkSync(join(ortDist, f), join(root, f));
  }
  writeFileSync(
    join(root, "index.html"),
    `<!doctype html><script type="module">import * as ort from "./ort.webgpu.bundle.min.mjs"; window.ort = ort;</script>`,
  );
  data = await payloads();
  server = await serveStatic(root);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => "ort" in window, null, {timeout: 60_000});
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, {recursive: true, force: true});
});

/**
 * Runs case `i` in the page on `backend`; returns the largest relative difference from onnxruntime-node and the
 * copies ONNX Runtime inserted between GPU and CPU (from its session log) while creating the session.
 */
async function runInPage(i: number, backend: "webgpu" | "wasm") {
  const copies: string[] = [];
  const listen = (m: {text(): string}) => {
    const hit = /AddCopyNode\] (.*) for/.exec(m.text());
    if (hit) copies.push(hit[1]);
  };
  page.on("console", listen);
  const result = await page.evaluate(
    async ({c, backend}) => {
      const ort = (window as unknown as {ort: typeof import("onnxruntime-web")}).ort;
      ort.env.wasm.numThreads = 1;
      const session = await ort.InferenceSession.create(new Uint8Array(c.bytes), {
        executionProviders: [backend],
        logSeverityLevel: 1, // info: the partitioner reports each CPU↔GPU copy it adds
      });
      const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
      for (const [k, v] of Object.entries(c.feeds))
        feeds[k] = new ort.Tensor("float32", Float32Array.from(v.data), v.dims);
      const out = await session.run(feeds);
      let worst = 0;
      let where = "";
      for (const [k, ref] of Object.entries(c.ref)) {
        const got = (await out[k].getData()) as Float32Array;
        ref.forEach((r, j) => {
          const e = Math.abs(got[j] - r) / (1e-3 + Math.abs(r));
          if (!(e <= worst)) [worst, where] = [e, `${k}[${j}]: ${got[j]} vs ${r}`];
        });
      }
      await session.release();
      return {worst, where, outputs: Object.keys(out).length};
    },
    {c: data[i], backend},
  );
  page.off("console", listen);
  return {...result, copies};
}

// One run per case and backend, shared by the tests that read it (a WebGPU session on SwiftShader takes seconds).
const runs = new Map<string, ReturnType<typeof runInPage>>();
const runOnce = (i: number, backend: "webgpu" | "wasm") => {
  const key = `${i} ${backend}`;
  if (!runs.has(key)) runs.set(key, runInPage(i, backend));
  return runs.get(key)!;
};

describe("train-step graphs in onnxruntime-web (headless Chromium)", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    CASES.forEach((c, i) => {
      it(`${c.name} on ${backend} matches onnxruntime-node`, async () => {
        const r = await runOnce(i, backend);
        expect(r.outputs).toBe(Object.keys(data[i].ref).length);
        // WebGPU's float32 transcendental functions (sin, cos, exp) are less exact than the CPU's.
        expect(r.worst, r.where).toBeLessThan(backend === "webgpu" ? 1e-2 : 1e-4);
      });
      if (backend === "webgpu") {
        it(`${c.name} on webgpu stays on the GPU but for the one-float batch count`, async () => {
          const r = await runOnce(i, backend);
          // The mean's element count is computed from the (CPU-side) shape and uploaded as one float.
          expect(r.copies.filter((line) => !/^Add MemcpyFromHost after cast_\d+$/.test(line))).toEqual([]);
        });
      }
    });
  }
});
