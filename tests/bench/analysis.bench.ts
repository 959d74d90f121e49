/**
 * The analysis pages' heavy steps at full size: the V1 RDM (360 × 360 stimuli from all 23,589 neurons) and the
 * full fingerprint of all 23,589 neurons for one alpha (every layer of the RSA artifact on the fingerprint
 * page's default 4° bins), in the build (Node: TypeScript and onnxruntime-node) and in the page (headless
 * Chromium: onnxruntime-web on WASM and on WebGPU/SwiftShader). Needs a build: `BN_OUTPUT=dist-bench npm run build`.
 */
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import * as ort from "onnxruntime-node";
import {rdmModel, ridgeScoreModel, stackSmoothers} from "../../src/components/core/analysisGraphs.ts";
import {
  FINGERPRINT_DEFAULTS,
  binnedGrams,
  layerSmoother,
  targets,
} from "../../src/components/core/fingerprintAnalysis.ts";
import {readLayerGrams} from "../../src/components/core/layerGrams.ts";
import {rdm} from "../../src/components/core/rdm.ts";
import {predictScores} from "../../src/components/core/ridge.ts";
import {DIST, launchBrowser, openPage, serveStatic} from "../browser/harness.ts";
import {loadV1} from "../../data-loaders/v1Source.ts";
import {median, ms, timeRuns} from "./stats.ts";

/** Section title in BENCHMARKS.md. */
export const title = "Analysis: V1 RDM (360 × 360, all neurons) and the full fingerprint for one alpha";

const LAYERS_FILE = "src/.observablehq/cache/data/rsa-layers.arrow";

async function nodeTimes(): Promise<{rows: string[]; nLayers: number; nFp: number}> {
  const v1 = await loadV1({binWidth: 1, log: () => {}});
  const {nStimuli: n, nNeurons: p} = v1;
  const rows: string[] = [];
  const tsRdm = median(await timeRuns(() => rdm(v1.responses, n, p), {runs: 3, warmup: 1}));
  const rdmSession = await ort.InferenceSession.create(rdmModel(n, p));
  const x = new ort.Tensor("float32", v1.responses, [n, p]);
  const ortRdm = median(await timeRuns(() => rdmSession.run({x}), {runs: 5, warmup: 1}));
  await rdmSession.release();
  rows.push(
    `| V1 RDM, ${n} × ${n} from ${p.toLocaleString("en-US")} neurons | ${ms(tsRdm)} | ${ms(ortRdm)} | ${(tsRdm / ortRdm).toFixed(1)}× |`,
  );

  if (!existsSync(LAYERS_FILE)) return {rows, nLayers: 0, nFp: 0};
  const net = readLayerGrams(readFileSync(LAYERS_FILE));
  const options = FINGERPRINT_DEFAULTS;
  const grams = binnedGrams(net.layers, net.stimuli, options.binWidth);
  const tg = targets(v1, null, options);
  const smootherTime = median(await timeRuns(() => grams.map((g) => layerSmoother(g, options)), {runs: 3, warmup: 1}));
  const smoothers = grams.map((g) => layerSmoother(g, options));
  const tsScores = median(
    await timeRuns(() => smoothers.map((s) => predictScores(s, tg.y, tg.n, tg.t)), {runs: 3, warmup: 1}),
  );
  const stacked = stackSmoothers(smoothers, tg.n);
  const scoreSession = await ort.InferenceSession.create(ridgeScoreModel(smoothers.length, tg.n));
  const feeds = {
    smoothers: new ort.Tensor("float32", stacked, [smoothers.length, tg.n, tg.n]),
    targets: new ort.Tensor("float32", tg.y, [tg.n, tg.t]),
  };
  const ortScores = median(await timeRuns(() => scoreSession.run(feeds), {runs: 5, warmup: 1}));
  await scoreSession.release();
  const label = `fingerprint, ${tg.t.toLocaleString("en-US")} neurons × ${grams.length} layers, ${tg.n} stimuli`;
  rows.push(`| ${label}: smoothers (TS, both paths) | ${ms(smootherTime)} | ${ms(smootherTime)} | |`);
  rows.push(
    `| ${label}: predictions and scores | ${ms(tsScores)} | ${ms(ortScores)} | ${(tsScores / ortScores).toFixed(1)}× |`,
  );
  rows.push(
    `| ${label}: total | ${ms(smootherTime + tsScores)} | ${ms(smootherTime + ortScores)} | ${((smootherTime + tsScores) / (smootherTime + ortScores)).toFixed(1)}× |`,
  );
  return {rows, nLayers: grams.length, nFp: tg.n};
}

/** Times the page's own runtime calls on random data of the real shapes, inside the built RSA page. */
async function browserTimes(nLayers: number, nFp: number): Promise<string[]> {
  const dir = join(DIST, "_import/components/runtime");
  const file = existsSync(dir) ? readdirSync(dir).find((f) => /^analysis\.[\w]+\.js$/.test(f)) : undefined;
  if (!file || !existsSync(join(DIST, "rsa.html")))
    return [`| _not measured: ${DIST} has no RSA page; build first with BN_OUTPUT=dist-bench_ | | | |`];
  const server = await serveStatic();
  const chromium = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const backend of ["wasm", "webgpu"]) {
      const {page} = await openPage(chromium, `${server.url}/rsa?backend=${backend}`);
      await page.getByText("Each square below is one RDM").scrollIntoViewIfNeeded(); // starts the analysis
      await page.locator("#rsa-check").waitFor({timeout: 300_000});
      // Source text, not a function: tsx would wrap a function's inner functions in helpers the page lacks.
      const script = `(async () => {
        const m = await import(${JSON.stringify(`${server.url}/_import/components/runtime/${file}`)});
        const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
        const time = async (fn, runs) => {
          await fn();
          const ts = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await fn();
            ts.push(performance.now() - t0);
          }
          return median(ts);
        };
        const n = 360, p = 23589, nLayers = ${nLayers}, nFp = ${nFp};
        const x = Float32Array.from({length: n * p}, (_, i) => Math.sin(i * 0.37));
        const rdmMs = await time(() => m.rdmOnDevice(x, n, p), 3);
        const smoothers = Array.from({length: nLayers}, (_, l) => Float64Array.from({length: nFp * nFp}, (_, i) => Math.cos(i + l) / nFp));
        const y = Float32Array.from({length: nFp * p}, (_, i) => Math.sin(i * 0.11));
        const fpMs = await time(() => m.ridgeScoresOnDevice(smoothers, y, nFp, p), 3);
        return {rdmMs, fpMs};
      })()`;
      const result = (await page.evaluate(script)) as {rdmMs: number; fpMs: number};
      rows.push(
        `| ${backend === "wasm" ? "WASM (1 thread)" : "WebGPU (SwiftShader)"} | ${ms(result.rdmMs)} | ${ms(result.fpMs)} |`,
      );
      await page.context().close();
    }
  } finally {
    await chromium.close();
    await server.close();
  }
  return rows;
}

/** Runs every measurement and returns the Markdown section. */
export async function run(): Promise<string> {
  const node = await nodeTimes();
  const browser = await browserTimes(node.nLayers || 11, node.nFp || 90);
  return [
    "In the build (Node), medians of 3–5 runs. TypeScript is the reference path (`rdm`, `predictScores`);",
    "onnxruntime-node runs the same graphs the pages run (`analysisGraphs.ts`). The fingerprint's smoothers",
    "(k-fold kernel-ridge solves per layer, small eigendecompositions) are TypeScript on both paths.",
    "",
    "| step | TypeScript | onnxruntime-node | ratio |",
    "| --- | ---: | ---: | ---: |",
    ...node.rows,
    "",
    "In the page (headless Chromium, the RSA page's own `runtime/analysis` on random data of the same shapes:",
    "graph build, session creation, upload, run and read-back included), medians of 3 runs. SwiftShader emulates",
    "the GPU on the CPU, so the WebGPU column says nothing about a real GPU; WASM runs single-threaded because",
    "the site is not cross-origin isolated.",
    "",
    `| backend | V1 RDM (360 × 360 from 23,589 neurons) | fingerprint predictions and scores (${node.nLayers || 11} layers × ${node.nFp || 90} stimuli × 23,589 neurons) |`,
    "| --- | ---: | ---: |",
    ...browser,
  ].join("\n");
}
