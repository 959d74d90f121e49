/**
 * What a reader's first visit costs: for every page, the bytes transferred until the page announces its start-up
 * (tests/browser/pageMarkers.ts), in a fresh browser context, from a server that sends the precompressed `.br`/`.gz`
 * siblings as a host would (bytes on the wire, from Chromium's own network log); and the time to the first chart on
 * /data and to the first training step on /decoding, on localhost and at 20 Mbit/s with 40 ms latency (CDP network
 * emulation). Pages run on WASM, as a reader without WebGPU (or the measured choice on a software adapter) does.
 *
 * Measures the build in dist-bench/ (built here, with the precompressed siblings, when missing) and, side by side,
 * a build of an earlier commit in dist-before/ when that folder exists (`git worktree add /tmp/before <commit>`, build
 * it with `BN_OUTPUT=$PWD/dist-before`).
 */
import {execFileSync} from "node:child_process";
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import type {Browser} from "playwright-core";
import {launchBrowser, openPage, serveStatic} from "../browser/harness.ts";
import {READY} from "../browser/pageMarkers.ts";
import {precompress} from "../../scripts/precompress.ts";
import {median} from "./stats.ts";

export const title = "First visit: bytes per page and time to the first result";

const ROOT = resolve(import.meta.dirname, "../..");
const NOW = resolve(ROOT, "dist-bench");
const BEFORE = resolve(ROOT, "dist-before");
const RUNS = 3;
const SLOW = {offline: false, latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 20e6 / 8};

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Visit {
  bytes: number;
  ms: number;
}

/** One first visit: bytes on the wire and milliseconds until `ready` is visible (optionally throttled). */
async function visit(browser: Browser, url: string, ready: string, throttled: boolean): Promise<Visit> {
  const {page} = await openPage(browser, "about:blank");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", {cacheDisabled: true});
  if (throttled) await cdp.send("Network.emulateNetworkConditions", SLOW);
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e: {encodedDataLength: number}) => void (bytes += e.encodedDataLength));
  const t0 = Date.now();
  await page.goto(url, {waitUntil: "commit", timeout: 600_000});
  await page.locator(ready).first().waitFor({state: "visible", timeout: 600_000});
  const ms = Date.now() - t0;
  await page.context().close();
  return {bytes, ms};
}

/** Bytes of every page's first visit, and the two timed milestones, for the site built in `dir`. */
async function measure(dir: string): Promise<{pages: Map<string, number>; times: Map<string, number>}> {
  const server = await serveStatic(dir, {precompressed: true});
  const browser = await launchBrowser();
  const pages = new Map<string, number>();
  const times = new Map<string, number>();
  try {
    // Where a page's start-up marker shows before its data arrives, wait for the data instead: the V1 source
    // badge shows once the responses are read (in the earlier build too).
    const loaded = ".v1-source";
    for (const [path, ready] of Object.entries({...READY, "/rsa": loaded, "/fingerprints": loaded})) {
      pages.set(path, (await visit(browser, `${server.url}${path}?backend=wasm`, ready, false)).bytes);
    }
    const milestones = [
      ["/data: first chart", "/data", ".v1-response-heatmap canvas"],
      ["/decoding: first training step", "/decoding?backend=wasm", '.train-status:not([data-step="0"])'],
    ] as const;
    for (const [name, path, ready] of milestones) {
      for (const throttled of [false, true]) {
        const runs: number[] = [];
        for (let r = 0; r < RUNS; r++) runs.push((await visit(browser, server.url + path, ready, throttled)).ms);
        times.set(`${name}|${throttled}`, median(runs));
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {pages, times};
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  if (!existsSync(NOW)) {
    execFileSync(resolve(ROOT, "node_modules/.bin/observable"), ["build"], {
      cwd: ROOT,
      env: {...process.env, BN_OUTPUT: "dist-bench", OBSERVABLE_TELEMETRY_DISABLE: "true"},
      stdio: "ignore",
    });
    await precompress(NOW);
  }
  const now = await measure(NOW);
  // The earlier build gets the same precompressed siblings, so both columns are what a compressing host sends.
  if (existsSync(BEFORE)) await precompress(BEFORE);
  const before = existsSync(BEFORE) ? await measure(BEFORE) : null;
  const pageRows = [...now.pages].map(([path, bytes]) => {
    const was = before?.pages.get(path);
    return `| ${path} | ${was !== undefined ? mb(was) : "–"} | ${mb(bytes)} |`;
  });
  const timeRows = [...new Set([...now.times.keys()].map((k) => k.split("|")[0]))].map((name) => {
    const cell = (m: Map<string, number> | undefined, throttled: boolean) => {
      const v = m?.get(`${name}|${throttled}`);
      return v === undefined ? "–" : sec(v);
    };
    return `| ${name} | ${cell(before?.times, false)} | ${cell(now.times, false)} | ${cell(before?.times, true)} | ${cell(now.times, true)} |`;
  });
  return [
    "Headless Chromium (Debian), fresh context per visit, HTTP cache off, pages on WASM; the server sends the",
    "`.br`/`.gz` siblings the build writes (as nginx `brotli_static`/`gzip_static` would). Bytes are Chromium's",
    "`encodedDataLength` (on the wire) until the page's start-up marker shows. _Before_ is the site as it was before the",
    "compact V1 file, the plain WASM runtime and the precompressed siblings (commit 3be1289), measured in the same run.",
    "",
    "| page | before | now |",
    "| --- | --- | --- |",
    ...pageRows,
    "",
    "Targets: /decoding ≤ 12 MB, /data ≤ 10 MB, pages without V1 data ≤ 5 MB.",
    "",
    `Time from navigation to the milestone, median of ${RUNS} visits:`,
    "",
    "| milestone | before, localhost | now, localhost | before, 20 Mbit/s + 40 ms | now, 20 Mbit/s + 40 ms |",
    "| --- | --- | --- | --- | --- |",
    ...timeRows,
  ].join("\n");
}
