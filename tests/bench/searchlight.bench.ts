/**
 * Searchlight RSA (core/searchlight.ts, run by the compute worker for /searchlight): a full map over the simulated
 * sheet at the page's defaults (1,600 centres of about 90 neurons, 72 stimuli) against the trained CNN's 4 layers and
 * against all 11 layers, and the permutation test with 1,000 permutations, side by side in TypeScript and on
 * onnxruntime-web's WASM backend (the same wasm the page's worker runs, here in Node, one thread). Then the page in
 * headless Chromium on WASM and on WebGPU (SwiftShader here): time until the maps and the test are drawn, and the
 * longest main-thread task meanwhile (the analysis runs in the worker).
 *
 * The browser part measures the build in dist/ (or `BN_OUTPUT`); run `npm run build` first.
 */
import {readFileSync} from "node:fs";
import {resolve} from "node:path";
import * as ort from "onnxruntime-web";
import type {InferenceRunner} from "../../src/components/core/inference.ts";
import {readLayerGrams} from "../../src/components/core/layerGrams.ts";
import {
  permutationStepsWith,
  permutationTest,
  searchlightGrid,
  searchlightMaps,
} from "../../src/components/core/searchlight.ts";
import {SEARCHLIGHT_DEFAULTS, sheetOf, sheetTargets} from "../../src/components/core/searchlightAnalysis.ts";
import {launchBrowser, serveStatic} from "../browser/harness.ts";
import {median} from "./stats.ts";

export const title = "Searchlight RSA: a full map and its permutation test";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ALL = "pixels,trained-cnn,untrained-cnn,trained-decoder,untrained-decoder";

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({type: "longtask", buffered: true});
`;

/** onnxruntime-web's WASM backend in Node, one thread (as in the page's worker, which is not cross-origin isolated). */
const runOnWasm: InferenceRunner = async (model, feeds, fetches) => {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(model, {executionProviders: ["wasm"]});
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([k, {data, dims}]) => [k, new ort.Tensor("float32", data, dims)]),
    );
    const out = await session.run(tensors);
    return Object.fromEntries(
      (fetches ?? Object.keys(out)).map((k) => [k, {data: (out[k].data as Float32Array).slice(), dims: out[k].dims}]),
    );
  } finally {
    await session.release();
  }
};

async function inNode(): Promise<string[]> {
  const net = readLayerGrams(readFileSync(resolve(ROOT, "src/.observablehq/cache/data/rsa-layers.arrow")));
  const o = SEARCHLIGHT_DEFAULTS;
  const sheet = sheetOf(net, o.binWidth);
  const all = [...new Set(net.layers.map((l) => l.network))];
  const rows: string[] = [];
  const options = {permutations: 1000, seed: 1, method: "spearman" as const};
  for (const networks of [o.networks, all]) {
    const targets = sheetTargets(net, {binWidth: o.binWidth, networks});
    const map: number[] = [];
    const ts: number[] = [];
    const wasm: number[] = [];
    let centres = 0;
    let neurons = 0;
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const grid = searchlightGrid(sheet.positions, 2, o);
      const {maps, kept} = searchlightMaps(sheet, grid, targets, "spearman");
      map.push(performance.now() - t0);
      centres = grid.members.length - grid.blank;
      neurons = grid.counts.reduce((a, b) => a + b, 0) / grid.counts.length;
      const t1 = performance.now();
      const reference = permutationTest(maps, kept, targets, options);
      ts.push(performance.now() - t1);
      const t2 = performance.now();
      const steps = permutationStepsWith(runOnWasm, maps, kept, targets, options);
      let step = await steps.next();
      while (!step.done) step = await steps.next();
      wasm.push(performance.now() - t2);
      // Same permutations, same tallies: the corrected p-values agree centre by centre.
      const differ = step.value.pCorrected.filter((p, c) => p !== reference.pCorrected[c]).length;
      if (differ) throw new Error(`searchlight bench: ${differ} corrected p-values differ between TypeScript and WASM`);
    }
    rows.push(
      `| ${targets.length} (${networks.join(", ")}) | ${centres.toLocaleString("en-US")} × ${neurons.toFixed(0)} | ${sheet.nStimuli} | ${sec(median(map))} | ${sec(median(ts))} | ${sec(median(wasm))} | ${(median(ts) / median(wasm)).toFixed(1)}× | ${sec(median(map) + median(wasm))} |`,
    );
  }
  return rows;
}

async function inBrowser(): Promise<string[]> {
  const server = await serveStatic(DIST);
  const browser = await launchBrowser();
  const rows: string[] = [];
  const cases = [
    {what: "defaults: 4 layers, 100 permutations", query: "", runs: RUNS},
    {what: `11 layers, 1,000 permutations`, query: `&nets=${ALL}&perms=1000`, runs: RUNS},
  ];
  try {
    for (const c of cases)
      for (const backend of ["wasm", "webgpu"]) {
        // WebGPU on a software adapter takes minutes for the large case: one run there.
        const runs = backend === "webgpu" && c.query ? 1 : c.runs;
        const maps: number[] = [];
        const done: number[] = [];
        const longest: number[] = [];
        for (let r = 0; r < runs; r++) {
          const context = await browser.newContext({viewport: {width: 1200, height: 900}});
          await context.addInitScript(LONG_TASKS);
          const page = await context.newPage();
          await page.goto(`${server.url}/searchlight?backend=${backend}${c.query}`, {waitUntil: "load"});
          await page.locator(".searchlight-status").first().waitFor({timeout: 120_000});
          await page.evaluate(() => ((window as unknown as {__longTasks: number[]}).__longTasks.length = 0));
          const t0 = Date.now();
          await page.locator("#the-true-map-and-the-recovered-one").scrollIntoViewIfNeeded();
          await page.locator(".best-map").waitFor({timeout: 120_000});
          await page.locator("#searchlight-ready").waitFor({timeout: 900_000});
          done.push(Date.now() - t0);
          const text = await page.locator("#searchlight-ready").innerText();
          if (!text.includes(backend === "webgpu" ? "on WebGPU" : "on WASM"))
            throw new Error(`searchlight bench: asked for ${backend}, the page says "${text}"`);
          maps.push(1000 * Number(/maps after ([\d.]+) s/.exec(text)?.[1]));
          longest.push(
            Math.max(0, ...(await page.evaluate(() => (window as unknown as {__longTasks: number[]}).__longTasks))),
          );
          await context.close();
        }
        rows.push(
          `| ${c.what} | ${backend === "webgpu" ? "WebGPU (SwiftShader)" : "WASM"} | ${runs} | ${sec(median(maps))} | ${sec(median(done))} | ${median(longest).toFixed(0)} ms |`,
        );
      }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

export async function run(): Promise<string> {
  const node = await inNode();
  const page = await inBrowser();
  return [
    "The searchlight's code as the compute worker runs it, timed in Node: simulated sheet of 12,000 neurons, radius",
    "50 µm, grid spacing 25 µm, correlation-distance RDMs compared by Spearman ρ. _Map_ (TypeScript): grid, every",
    "centre's RDM and its correlation with each layer. _1,000 permutations_: the max-statistic test, one product of",
    "the centres' rank vectors with the permuted layers per permutation, in TypeScript and on onnxruntime-web's WASM",
    "backend (one thread, batches of up to 50 permutations per call; the corrected p-values are checked equal).",
    "Targets: map ≤ 2 s, with 1,000 permutations ≤ 20 s.",
    "",
    "| layers | centres × mean neurons | stimuli | map | 1,000 permutations, TypeScript | 1,000 permutations, WASM | TypeScript / WASM | map + test (WASM) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...node,
    "",
    "The page in headless Chromium (fresh context per run, `?backend=` forcing the backend of the permutation",
    "products): from scrolling to the maps until they are drawn and until the permutation test is done, and the",
    "longest main-thread task meanwhile. WebGPU here runs on SwiftShader, a CPU emulation: it shows the path works,",
    "not how fast a GPU is (the page's measured choice picks WASM on this machine).",
    "",
    "| case | backend | runs | maps drawn | test done | longest main-thread task |",
    "| --- | --- | --- | --- | --- | --- |",
    ...page,
  ].join("\n");
}
