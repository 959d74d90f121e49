/**
 * The measured backend choice: for every page with a Backend input, opened without `?backend=` in a fresh browser
 * profile, what the measurement picks on this machine and the timings it saw (the badge's reason), how long the
 * measurement ran (in a spare worker, beside the page), and what it costs the page's start: the time until the
 * backend badge shows, against the same page opened with `?backend=wasm`, side by side.
 *
 * Measures the build in dist/ (or `BN_OUTPUT`); run `npm run build` first.
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import type {Browser} from "playwright-core";
import {launchBrowser, serveStatic} from "../browser/harness.ts";
import {median} from "./stats.ts";

export const title = "Backend chosen by measurement";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
const RUNS = 3;
const LIMIT = 300_000;
const PAGES = [
  "/rsa",
  "/fingerprints",
  "/decoding",
  "/perceptron",
  "/convolution",
  "/cnn",
  "/receptive-fields",
  "/fine-tuning",
  "/encoding",
];

const sec = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

/** Milliseconds from navigation until the backend badge shows, in a fresh profile. */
async function badgeTime(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(url, {waitUntil: "commit", timeout: LIMIT});
  await page.locator(".backend-badge").first().waitFor({state: "visible", timeout: LIMIT});
  const ms = Date.now() - t0;
  await context.close();
  return ms;
}

/** The reason the badge gives once the measurement is done, and how long after the badge first showed. */
async function measured(browser: Browser, url: string): Promise<{reason: string; ms: number}> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, {waitUntil: "commit", timeout: LIMIT});
  const why = page.locator(".backend-badge .backend-why").first();
  await why.waitFor({state: "visible", timeout: LIMIT});
  const t0 = Date.now();
  await page.waitForFunction(
    () => /measured now|not available|failed/.test(document.querySelector(".backend-why")?.textContent ?? ""),
    undefined,
    {timeout: LIMIT},
  );
  const ms = Date.now() - t0;
  const reason = (await why.textContent()) ?? "";
  await context.close();
  return {reason, ms};
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  if (!existsSync(DIST)) throw new Error("backendChoice: run `npm run build` first");
  const server = await serveStatic(DIST);
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const path of PAGES) {
      const {reason, ms} = await measured(browser, `${server.url}${path}`);
      const fastest: number[] = [];
      const wasm: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        wasm.push(await badgeTime(browser, `${server.url}${path}?backend=wasm`));
        fastest.push(await badgeTime(browser, `${server.url}${path}`));
      }
      rows.push(`| ${path} | ${reason} | ${sec(ms)} | ${sec(median(wasm))} | ${sec(median(fastest))} |`);
      console.error(`  ${path}: ${reason}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return [
    "Headless Chromium (Debian); its WebGPU adapter here is SwiftShader, a CPU emulation, so the measurement rightly",
    "picks WASM everywhere. Each page opened without `?backend=` in a fresh profile (nothing remembered): _choice_ is",
    "the badge's reason once the measurement finished (median ms per run of the page's workload on each backend, after",
    "session creation and a warm-up run; a backend over 3× slower than WASM is timed once, and one whose warm-up alone",
    "takes over 2 s and 50× WASM is not timed further: its figure is then that warm-up); _measuring_ is how long",
    "the measurement ran in its spare worker after the page had started (on WASM). _Start_ is the time from navigation",
    `to the backend badge, median of ${RUNS} visits, with \`?backend=wasm\` and with the measured choice, side by side:`,
    "the page never waits for the measurement (target: it adds ≤ 1 s to the first visit).",
    "",
    "| page | choice (the badge's reason) | measuring | start, `?backend=wasm` | start, measured choice |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
