/**
 * The decoding page's costs in headless Chromium: one train step of the seed's net (216 × 23,589 → 20 → 1, MSE,
 * SGD) on WASM with one thread, WASM with several threads (the page served cross-origin isolated) and WebGPU; the
 * inference of the test set; and the bytes a first visit transfers. Builds the site into dist-bench first.
 */
import {execFileSync} from "node:child_process";
import {readdirSync} from "node:fs";
import {loadavg} from "node:os";
import {join, resolve} from "node:path";
import type {Browser, Page} from "playwright-core";
import {launchBrowser, openPage, serveStatic} from "../browser/harness.js";
import {median, ms} from "./stats.js";

/** Section title in BENCHMARKS.md. */
export const title = "Decoding page in headless Chromium (train step, inference, first-visit bytes)";

const ROOT = resolve(import.meta.dirname, "../..");
const OUT = "dist-bench";
const DIST = resolve(ROOT, OUT);
const SHAPE = {nTrain: 216, nTest: 144, nNeurons: 23589, hidden: 20};

/** Finds a built module by its path, e.g. `runtime/runtime` → `/_import/components/runtime/runtime.<hash>.js`. */
function moduleUrl(path: string): string {
  const [dir, stem] = [path.slice(0, path.lastIndexOf("/")), path.slice(path.lastIndexOf("/") + 1)];
  const file = readdirSync(join(DIST, "_import/components", dir)).find((f) =>
    new RegExp(`^${stem}\\.\\w+\\.js$`).test(f),
  );
  if (!file) throw new Error(`decoding bench: ${path}.*.js not found in ${DIST}/_import/components`);
  return `/_import/components/${dir}/${file}`;
}

interface PageTimings {
  backend: string;
  threads: number;
  stepMs: number[];
  inferenceMs: number[];
  sessionMs: number;
  loss: number[];
}

/**
 * The in-page benchmark, as plain JavaScript source: tsx compiles this file with helpers (`__name`) that do not
 * exist in the page, so the code sent to the page must not pass through it.
 */
const IN_PAGE = `async ({urls, shape, steps}) => {
  const load = (u) => import(u);
  const [rt, dec, data, tr] = await Promise.all([load(urls.runtime), load(urls.decoding), load(urls.data), load(urls.trainer)]);
  // Seeded pseudo-random responses of the real shape: a step's cost does not depend on the values.
  let s = 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const x = Float32Array.from({length: shape.nTrain * shape.nNeurons}, rand);
  const xTest = Float32Array.from({length: shape.nTest * shape.nNeurons}, rand);
  const y = Float32Array.from({length: shape.nTrain}, (_, i) => (i * 360) / shape.nTrain);
  const model = dec.decoderModel({kind: "regression", nNeurons: shape.nNeurons, hidden: shape.hidden, activation: "relu"});
  const run = dec.trainingRun(model, x, data.targets(y, "regression"), {optimizer: "sgd", learningRate: 1e-4, batchSize: shape.nTrain, seed: 0});
  // No frame yields and no checkpoints inside the timed steps: only the step and its loss readback.
  const trainer = await tr.Trainer.create(run.spec, {...run.options, frameBudget: Infinity, checkpointEvery: 1e9});
  for (let i = 0; i < 2; i++) await trainer.step();
  const stepMs = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    await trainer.step();
    stepMs.push(performance.now() - t0);
  }
  const weights = dec.weightsOf(await trainer.parameters());
  const loss = trainer.snapshot().losses;
  await trainer.dispose();
  const t0 = performance.now();
  const session = await rt.createSession(dec.decoderOnnx(model, weights));
  const sessionMs = performance.now() - t0;
  const inferenceMs = [];
  for (let i = 0; i < steps + 2; i++) {
    const t1 = performance.now();
    const out = await session.run({x: rt.float32(xTest, [shape.nTest, shape.nNeurons])});
    await rt.readFloat32(out.y);
    rt.disposeAll(out);
    if (i >= 2) inferenceMs.push(performance.now() - t1);
  }
  await session.release();
  const backend = rt.backendState().active;
  const threads = backend === "wasm" ? (crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1) : 0;
  return {backend, threads, stepMs, inferenceMs, sessionMs, loss};
}`;

/** Times train steps and test-set inference in the page, on the backend the URL asks for. */
async function timeInPage(page: Page, steps: number): Promise<PageTimings> {
  const args = {
    urls: {
      runtime: moduleUrl("runtime/runtime"),
      decoding: moduleUrl("training/decoding"),
      data: moduleUrl("core/decodingData"),
      trainer: moduleUrl("training/trainer"),
    },
    shape: SHAPE,
    steps,
  };
  return page.evaluate(`(${IN_PAGE})(${JSON.stringify(args)})`) as Promise<PageTimings>;
}

/** Opens the decoding page quietly (no autoplay, 10 neurons) and measures on it. */
async function measure(
  browser: Browser,
  crossOriginIsolated: boolean,
  backend: string,
  steps: number,
): Promise<PageTimings> {
  const server = await serveStatic(DIST, {crossOriginIsolated});
  try {
    const {page} = await openPage(browser, `${server.url}/decoding?backend=${backend}&autoplay=0&neurons=10`);
    await page.waitForLoadState("networkidle");
    await page.locator(".pretrained-check").waitFor({timeout: 600_000}); // the page's own start-up work is done
    const t = await timeInPage(page, steps);
    await page.context().close();
    return t;
  } finally {
    await server.close();
  }
}

/** Bytes a first visit to /decoding transfers (fresh context, nothing cached), by kind of file. */
async function firstVisitBytes(browser: Browser): Promise<Map<string, number>> {
  const server = await serveStatic(DIST);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Bytes on the wire per request, from the DevTools protocol (streamed bodies such as the .wasm included).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const urls = new Map<string, string>();
    const sizes = new Map<string, number>();
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
    cdp.on("Network.loadingFinished", (e) => {
      const url = urls.get(e.requestId);
      if (!url || url.startsWith("data:")) return;
      const ext = /\.(\w+)$/.exec(new URL(url).pathname)?.[1] ?? "html";
      sizes.set(ext, (sizes.get(ext) ?? 0) + e.encodedDataLength);
    });
    // WASM only to get there quickly: both backends fetch the same files (one JSEP .wasm serves both).
    await page.goto(`${server.url}/decoding?backend=wasm`, {waitUntil: "networkidle"});
    await page.locator(".pretrained-check").waitFor({timeout: 300_000});
    await page.waitForLoadState("networkidle");
    await context.close();
    return sizes;
  } finally {
    await server.close();
  }
}

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

/** Runs the measurements and returns the Markdown section body. */
export async function run(): Promise<string> {
  console.error(`decoding bench: building the site into ${OUT}`);
  execFileSync("npx", ["observable", "build"], {
    cwd: ROOT,
    env: {...process.env, BN_OUTPUT: OUT},
    stdio: ["ignore", "ignore", "inherit"],
  });
  const browser = await launchBrowser();
  try {
    const load = [loadavg()[0]];
    const wasm1 = await measure(browser, false, "wasm", 10);
    const wasmN = await measure(browser, true, "wasm", 10);
    const gpu = await measure(browser, false, "webgpu", 5);
    load.push(loadavg()[0]);
    const bytes = await firstVisitBytes(browser);
    const rows = [
      ["WASM, 1 thread", wasm1],
      [`WASM, ${wasmN.threads} threads (cross-origin isolated)`, wasmN],
      ["WebGPU (SwiftShader, a CPU rasterizer)", gpu],
    ] as const;
    const base = median(wasm1.stepMs);
    const lines = [
      `Seed's net ${SHAPE.nTrain} × ${SHAPE.nNeurons.toLocaleString("en-US")} → ${SHAPE.hidden} → 1, MSE, SGD, full batch, built in the page by models/ and run by the trainer (parameters stay where the backend computes; only the loss is read back each step). Inference: the trained decoder exported as \`.onnx\`, run on the ${SHAPE.nTest} test stimuli (output read back). Medians of ${wasm1.stepMs.length} steps (WebGPU: ${gpu.stepMs.length}) after 2 warm-up steps.`,
      "",
      "| Backend | ms / train step | vs WASM 1 thread | ms / test-set inference | session creation |",
      "|---|---:|---:|---:|---:|",
      ...rows.map(
        ([name, t]) =>
          `| ${name} | ${ms(median(t.stepMs))} | ${(median(t.stepMs) / base).toFixed(2)}× | ${ms(median(t.inferenceMs))} | ${ms(t.sessionMs)} |`,
      ),
      "",
      `Same numbers on every backend: training loss after step ${gpu.loss.length} is ${wasm1.loss[gpu.loss.length - 1]?.toPrecision(6)} (WASM, 1 thread), ${wasmN.loss[gpu.loss.length - 1]?.toPrecision(6)} (WASM, threads) and ${gpu.loss.at(-1)?.toPrecision(6)} (WebGPU).`,
      "",
      `Load average (1 min) on this shared 2-core machine: ${load.map((l) => l.toFixed(1)).join(" before, ")} after the timings; other jobs ran at the same time, so absolute times are inflated, while the rows, measured back to back, compare.`,
      "",
      "**SwiftShader makes the WebGPU row meaningless as a GPU number**: on these machines Chromium's WebGPU runs on SwiftShader, which executes the shaders on the CPU (2 cores). The WebGPU timings say only that the path works; on a real GPU the same graph would be expected to run far faster, and they must be measured there. The WASM rows are real CPU numbers for this machine; the multi-threaded row needs a cross-origin isolated page (COOP/COEP headers), which a static host must be configured to send.",
      "",
      "First visit to /decoding (fresh browser context, default settings, page loaded until its last cell is done and the network is idle; sections below the fold compute only when scrolled to and fetch nothing more):",
      "",
      "| File type | Bytes |",
      "|---|---:|",
      ...[...bytes].sort((a, b) => b[1] - a[1]).map(([ext, n]) => `| .${ext} | ${mb(n)} |`),
      `| **total** | **${mb([...bytes.values()].reduce((a, b) => a + b, 0))}** |`,
      "",
      "The two big items are the V1 responses (Arrow, float32, 360 × 23,589) and ONNX Runtime's WebGPU-capable (JSEP) WebAssembly binary; both are served uncompressed by the harness's plain static server, and a host that gzips or brotli-compresses them sends less.",
    ];
    return lines.join("\n");
  } finally {
    await browser.close();
  }
}
