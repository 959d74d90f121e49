/**
 * V1 data pipeline: clean build time of each data artifact (its loader entry run with tsx as a child process, as
 * Framework runs it, no cache), the artifacts' sizes, and the time until the data page's first chart is visible in
 * headless Chromium. The page timing needs a build: it builds into dist-bench/ when that folder is missing.
 */
import {execFile, execFileSync} from "node:child_process";
import {existsSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {promisify} from "node:util";
import {launchBrowser, openPage, serveStatic} from "../browser/harness.ts";
import {median, ms} from "./stats.ts";

export const title = "V1 data artifacts and the data page";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = resolve(ROOT, "node_modules/.bin/tsx");
// Without V1_NPZ and without network (as here) this measures the synthetic path; with V1_NPZ, the npz reader.
const ENTRIES = ["v1-responses.arrow", "v1-neurons.arrow", "v1-gram.arrow"];
const RUNS = 3;
const PAGE_RUNS = 5;
const exec = promisify(execFile);

/** Runs one loader entry like Framework does; returns wall milliseconds and the artifact's bytes. */
async function runLoader(entry: string, cacheDir: string): Promise<{ms: number; bytes: number}> {
  const t0 = performance.now();
  const {stdout} = await exec(TSX, [resolve(ROOT, "src/data", `${entry}.ts`)], {
    cwd: ROOT,
    env: {...process.env, V1_CACHE_DIR: cacheDir},
    encoding: "buffer",
    maxBuffer: 1 << 30,
  });
  return {ms: performance.now() - t0, bytes: stdout.length};
}

function mb(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

async function artifactTimes(): Promise<string> {
  const perEntry = new Map<string, number[]>(ENTRIES.map((e) => [e, []]));
  const totals: number[] = [];
  const sizes = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    // A fresh cache folder per run: the first loader generates the synthetic population, the others reuse it,
    // as in a clean build.
    const cacheDir = mkdtempSync(join(tmpdir(), "bench-v1-"));
    let total = 0;
    for (const entry of ENTRIES) {
      const {ms: t, bytes} = await runLoader(entry, cacheDir);
      perEntry.get(entry)!.push(t);
      sizes.set(entry, bytes);
      total += t;
    }
    totals.push(total);
    rmSync(cacheDir, {recursive: true, force: true});
  }
  const rows = ENTRIES.map((e) => `| \`${e}\` | ${ms(median(perEntry.get(e)!))} | ${mb(sizes.get(e)!)} |`);
  const total = median(totals);
  return [
    `Each loader entry run with tsx in a child process, one after another, as a clean build runs them (no Framework`,
    `cache, an empty V1 cache: the first loader generates the synthetic population, the others read it back); ${RUNS} runs.`,
    "",
    "| artifact | build time (median) | size |",
    "| --- | --- | --- |",
    ...rows,
    `| **all three** | **${ms(total)}** | ${mb([...sizes.values()].reduce((a, b) => a + b, 0))} |`,
    "",
    `Target: under 60 s. Measured: ${(total / 1000).toFixed(1)} s, ${(60_000 / total).toFixed(0)}× under the target.`,
  ].join("\n");
}

const DIST_BENCH = resolve(ROOT, "dist-bench");
let builtHere = false;

async function firstChartTimes(): Promise<string> {
  const out = DIST_BENCH;
  if (!existsSync(out)) {
    builtHere = true;
    execFileSync(resolve(ROOT, "node_modules/.bin/observable"), ["build"], {
      cwd: ROOT,
      env: {...process.env, BN_OUTPUT: "dist-bench"},
      stdio: "ignore",
    });
  }
  const server = await serveStatic(out);
  const browser = await launchBrowser();
  const first: number[] = [];
  const all: number[] = [];
  try {
    for (let run = 0; run < PAGE_RUNS; run++) {
      // A fresh context each time: a first visit, nothing cached.
      const {page} = await openPage(browser, `${server.url}/data`);
      await page.locator(".v1-response-heatmap canvas").waitFor({state: "visible", timeout: 120_000});
      first.push(await page.evaluate(() => performance.now()));
      await page.locator("[aria-label=dot] circle").first().waitFor({state: "visible", timeout: 120_000});
      all.push(await page.evaluate(() => performance.now()));
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return [
    `Headless Chromium (Debian, SwiftShader), site served from 127.0.0.1, fresh browser context per run (${PAGE_RUNS} runs),`,
    "time from navigation start:",
    "",
    "| milestone | median | runs |",
    "| --- | --- | --- |",
    `| first chart visible (response heatmap) | ${ms(median(first))} | ${first.map((t) => t.toFixed(0)).join(", ")} |`,
    `| last chart visible (PCA ring) | ${ms(median(all))} | ${all.map((t) => t.toFixed(0)).join(", ")} |`,
  ].join("\n");
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  const artifacts = await artifactTimes();
  const page = await firstChartTimes();
  if (builtHere) rmSync(DIST_BENCH, {recursive: true, force: true});
  return `### Clean build of the data artifacts\n\n${artifacts}\n\n### The data page in the browser\n\n${page}\n`;
}
