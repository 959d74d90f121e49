/**
 * "Your model": time from choosing an ONNX file on /rsa until the first of its layers' RDMs is drawn in the grid, for
 * the browser tests' small residual network and for a ResNet-style network of about 5 M parameters (both built by
 * tests/models/onnxFixtures.ts, 3 × 64 × 64 input), on WASM and on WebGPU (SwiftShader here), side by side in one run.
 * Beside it: the time until the control lists the file's layers (reading the graph in the worker), and the time the
 * control reports for running the model on the gratings and reducing its layers to Grams. Fresh browser profile per
 * run, the page's built-in analyses finished before the file is chosen.
 *
 * Measures the build in dist/ (or `BN_OUTPUT`); run `npm run build` first.
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import type {Browser} from "playwright-core";
import onnxProto from "onnx-proto";
import {launchBrowser, serveStatic} from "../browser/harness.ts";
import {residualNet, stagedResNet} from "../models/onnxFixtures.ts";
import {median} from "./stats.ts";

export const title = "Your model: from choosing an ONNX file to its first RDM";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIMIT = 600_000;
const BACKENDS = ["wasm", "webgpu"] as const;

const sec = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

/** The number of weights a model file holds (its initializers' sizes). */
function parameters(bytes: Uint8Array): number {
  const model = onnxProto.onnx.ModelProto.decode(bytes);
  return model.graph!.initializer!.reduce((s, t) => s + (t.dims ?? []).reduce((p: number, d) => p * Number(d), 1), 0);
}

interface Timing {
  layers: number;
  firstRdm: number;
  worker: number;
}

/** One run: a fresh profile opens /rsa on `backend`, waits for the built-in analyses, then adds the model. */
async function once(browser: Browser, url: string, backend: string, file: string, bytes: Uint8Array): Promise<Timing> {
  const context = await browser.newContext({viewport: {width: 1200, height: 1000}});
  const page = await context.newPage();
  try {
    await page.goto(`${url}/rsa?backend=${backend}`, {timeout: LIMIT});
    await page.locator("#rsa-ready").waitFor({timeout: LIMIT});
    const t0 = Date.now();
    await page
      .locator(".model-control input[type=file]")
      .setInputFiles({name: file, mimeType: "application/octet-stream", buffer: Buffer.from(bytes)}, {timeout: LIMIT});
    await page.locator(".model-control .model-add").waitFor({timeout: LIMIT});
    const layers = Date.now() - t0;
    await page.locator(".model-control .model-add").click({timeout: LIMIT});
    await page.waitForFunction(
      () => [...document.querySelectorAll("h2")].some((h) => h.textContent?.startsWith("your model · ")),
      undefined,
      {timeout: LIMIT, polling: 50},
    );
    const firstRdm = Date.now() - t0;
    const text = (await page.locator(".model-control .model-progress").textContent()) ?? "";
    const worker = Number(/in (\d+\.\d) s/.exec(text)?.[1] ?? NaN) * 1000;
    return {layers, firstRdm, worker};
  } finally {
    await context.close();
  }
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  if (!existsSync(DIST)) throw new Error("userModel: run `npm run build` first");
  const server = await serveStatic(DIST);
  const browser = await launchBrowser();
  const models = [
    {name: "test network (residual block, BatchNorm, GlobalAveragePool)", file: "resnet.onnx", bytes: residualNet()},
    {
      name: "ResNet-style network (4 stride-2 stages, residual block, 1,000-way head)",
      file: "resnet5m.onnx",
      bytes: stagedResNet(),
    },
  ];
  const rows: string[] = [];
  try {
    for (const m of models) {
      const cells: string[] = [];
      const medians: Record<string, number> = {};
      for (const backend of BACKENDS) {
        const runs: Timing[] = [];
        for (let r = 0; r < RUNS; r++) runs.push(await once(browser, server.url, backend, m.file, m.bytes));
        console.error(`  ${m.file} ${backend}: ${JSON.stringify(runs)}`);
        const med = (k: keyof Timing) => median(runs.map((t) => t[k]));
        medians[backend] = med("firstRdm");
        cells.push(sec(med("layers")), sec(med("worker")), sec(med("firstRdm")));
      }
      const params = parameters(m.bytes);
      const kb = m.bytes.byteLength / 1024;
      const size = kb < 1024 ? `${kb.toFixed(1)} kB` : `${(kb / 1024).toFixed(1)} MB`;
      const ratio = (medians.webgpu / medians.wasm).toFixed(1);
      rows.push(
        `| ${m.name} | ${params < 1e6 ? params.toLocaleString("en-US") : `${(params / 1e6).toFixed(1)} M`} | ${size} | ${cells.join(" | ")} | ${ratio}× |`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return [
    "Headless Chromium (Debian), the built site, /rsa in a fresh profile with `?backend=wasm` or `?backend=webgpu`",
    "(WebGPU is SwiftShader, a CPU emulation, on this machine), its built-in analyses finished; then the file is chosen",
    "with the page's file input and its default layers (five, spread over depth) are added. _Layers listed_: from",
    "choosing the file until the control lists its layers; _model run_: what the control reports for the session,",
    "running the network on the page's gratings and reducing each layer to Grams, in the compute worker; _first RDM_:",
    "from choosing the file until the first of the model's RDMs is drawn in the grid (including the click on Add).",
    `Medians of ${RUNS} runs; the last column is WebGPU's first RDM over WASM's. On a software adapter like this one`,
    "the page's measured choice (\"fastest here\") runs a reader's model on WASM.",
    "",
    "| model | parameters | file | WASM: layers listed | WASM: model run | WASM: first RDM | WebGPU: layers listed | WebGPU: model run | WebGPU: first RDM | WebGPU / WASM |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
