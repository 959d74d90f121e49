/**
 * Responsiveness: how long the main thread is blocked while a page computes, and how soon a changed input shows
 * in a chart. Every main-thread task over 50 ms is recorded by a `PerformanceObserver({type: "longtask"})` added
 * before the page's scripts; for each scenario we report the longest task and their total, and the time from the
 * input change to the first updated chart (point estimates) and to the complete result (intervals, ceiling).
 *
 * Measures the build in dist/ (run `npm run build` first) and, side by side in the same run, an earlier build in
 * dist-before/ when that folder exists (`git worktree add /tmp/before <commit>`, build it with
 * `BN_OUTPUT=$PWD/dist-before`), on WASM and on WebGPU (SwiftShader here: a CPU emulation, so its column says
 * the path works and stays responsive, not how fast a GPU is).
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import type {Browser, Page} from "playwright-core";
import {launchBrowser, serveStatic} from "../browser/harness.ts";
import {median} from "./stats.ts";

export const title = "Responsiveness: main-thread long tasks and time to the first updated chart";

const ROOT = resolve(import.meta.dirname, "../..");
const NOW = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
const BEFORE = resolve(ROOT, "dist-before");
// WebGPU here is SwiftShader (seconds per run): one visit and the first change show the path stays responsive.
const RUNS = {wasm: Number(process.env.BENCH_RUNS ?? 3), webgpu: 1};
const LIMIT = 600_000;

// Page-side code as source text (tsx would wrap named functions in helpers the page lacks).
const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({start: e.startTime, duration: e.duration});
  }).observe({type: "longtask", buffered: true});
`;

/** Sets an input by label, then waits (in rAF turns, as a reader sees it) for the first chart and the result. */
const CHANGE = `async ({label, value, first, done, limit}) => {
  const form = [...document.querySelectorAll("form")].find((f) => f.querySelector("label")?.textContent?.trim() === label);
  if (!form) throw new Error("no input labelled " + label);
  const read = (sel) => [...document.querySelectorAll(sel)].map((e) => e.getAttribute("width") ?? e.textContent).join(" ");
  const firstBefore = read(first.selector);
  const t0 = performance.now();
  window.__longTasks = [];
  const select = form.querySelector("select");
  if (select) {
    select.value = [...select.options].find((o) => o.textContent.trim() === String(value)).value;
    select.dispatchEvent(new Event("input", {bubbles: true}));
  } else {
    const input = form.querySelector("input[type=number]");
    input.value = String(value);
    input.dispatchEvent(new Event("input", {bubbles: true}));
  }
  let tFirst = null;
  await new Promise((resolve, reject) => {
    const check = () => {
      const now = performance.now();
      const f = read(first.selector);
      if (tFirst === null && f && f !== firstBefore) tFirst = now - t0;
      const d = document.querySelector(done.selector);
      if (d && new RegExp(done.pattern).test(d.getAttribute(done.attribute) ?? d.textContent)) {
        if (tFirst === null) tFirst = now - t0;
        resolve(null);
      } else if (now - t0 > limit) reject(new Error(label + ": no result after " + limit + " ms"));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  const tDone = performance.now() - t0;
  const tasks = window.__longTasks.filter((t) => t.start >= t0 && t.start <= t0 + tDone);
  return {tFirst, tDone, longest: Math.max(0, ...tasks.map((t) => t.duration)), total: tasks.reduce((a, t) => a + t.duration, 0)};
}`;

interface Sample {
  tFirst: number;
  tDone: number;
  longest: number;
  total: number;
}

interface Change {
  name: string;
  label: string;
  value: string | number;
  /** What the "first updated chart" is: its elements' widths/texts change. */
  first: string;
  /** The complete result: an element whose attribute (or text) matches a pattern. */
  done: {selector: string; attribute: string | null; pattern: string};
}

interface Scenario {
  page: string;
  /** Text to scroll into view (the analysis starts when its charts are visible). */
  scrollTo: string;
  /** The first complete result. */
  ready: string;
  changes: Change[];
}

const rsaDone = (n: number) => ({selector: "#rsa-ready", attribute: null, pattern: `\\b${n} (×|stimuli)`});
const BARS = "svg [aria-label='bar'] rect";
const MEANS = ".fp-status[data-means]";

const SCENARIOS: Scenario[] = [
  {
    page: "/rsa",
    scrollTo: "Each square below is one RDM",
    ready: "#rsa-ready",
    changes: [
      {name: "bin width 5° → 10°", label: "Bin width (°)", value: 10, first: BARS, done: rsaDone(36)},
      {name: "bin width 10° → 2°", label: "Bin width (°)", value: 2, first: BARS, done: rsaDone(180)},
      {name: "bin width 2° → 5°", label: "Bin width (°)", value: 5, first: BARS, done: rsaDone(72)},
    ],
  },
  {
    page: "/fingerprints",
    scrollTo: "Each row is one target",
    ready: MEANS,
    changes: [
      // Done: the layer means differ from those shown before the change (data-means is rewritten on each fit).
      {
        name: "α → 100",
        label: "Ridge α (relative)",
        value: 100,
        first: MEANS,
        done: {selector: MEANS, attribute: "data-means", pattern: "."},
      },
      {
        name: "bin width 4° → 8°",
        label: "Bin width (°)",
        value: 8,
        first: MEANS,
        done: {selector: MEANS, attribute: "data-means", pattern: "."},
      },
      {
        name: "bin width 8° → 2°",
        label: "Bin width (°)",
        value: 2,
        first: MEANS,
        done: {selector: MEANS, attribute: "data-means", pattern: "."},
      },
    ],
  },
];

/** One visit: the first analysis, then each change in turn. Returns samples keyed by step name. */
async function visit(
  browser: Browser,
  base: string,
  s: Scenario,
  backend: "wasm" | "webgpu",
): Promise<Map<string, Sample>> {
  const context = await browser.newContext({viewport: {width: 1200, height: 900}});
  await context.addInitScript({content: LONG_TASKS});
  const page = await context.newPage();
  const out = new Map<string, Sample>();
  try {
    await page.goto(`${base}${s.page}?backend=${backend}`, {waitUntil: "load", timeout: LIMIT});
    // As a reader would: once the page has started (its backend badge shows), scroll to the charts.
    await page.locator(".backend-badge").first().waitFor({state: "visible", timeout: LIMIT});
    await page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))");
    const t0 = await page.evaluate("performance.now()");
    await page.getByText(s.scrollTo).first().scrollIntoViewIfNeeded({timeout: LIMIT});
    await page.locator(s.ready).first().waitFor({state: "visible", timeout: LIMIT});
    out.set(
      "first analysis",
      (await page.evaluate(`(() => {
      const t0 = ${t0}, t1 = performance.now();
      const tasks = window.__longTasks.filter((t) => t.start + t.duration >= t0);
      return {tFirst: t1 - t0, tDone: t1 - t0, longest: Math.max(0, ...tasks.map((t) => t.duration)), total: tasks.reduce((a, t) => a + t.duration, 0)};
    })()`)) as Sample,
    );
    for (const c of backend === "webgpu" ? s.changes.slice(0, 1) : s.changes) {
      // A change whose result equals the one shown (data-means) would never be "done": wait for new means.
      if (c.done.attribute === "data-means") c.done.pattern = await notEqualPattern(page, c.done.selector);
      const args = JSON.stringify({
        label: c.label,
        value: c.value,
        first: {selector: c.first},
        done: c.done,
        limit: LIMIT,
      });
      out.set(c.name, (await page.evaluate(`(${CHANGE})(${args})`)) as Sample);
    }
  } finally {
    await context.close();
  }
  return out;
}

/** A pattern that matches any data-means value but the current one. */
async function notEqualPattern(page: Page, selector: string): Promise<string> {
  const current = await page.locator(selector).first().getAttribute("data-means");
  const escaped = (current ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `^(?!${escaped}$).+`;
}

type Results = Map<string, Sample[]>; // key: `${page}|${step}|${backend}`

async function measure(dir: string): Promise<Results> {
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  const results: Results = new Map();
  try {
    for (const s of SCENARIOS)
      for (const backend of ["wasm", "webgpu"] as const)
        for (let r = 0; r < RUNS[backend]; r++) {
          const samples = await visit(browser, server.url, s, backend);
          for (const [step, sample] of samples) {
            const key = `${s.page}|${step}|${backend}`;
            results.set(key, [...(results.get(key) ?? []), sample]);
          }
          console.error(`  ${dir.split("/").pop()} ${s.page} ${backend} run ${r + 1}`);
        }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

const sec = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  if (!existsSync(NOW)) throw new Error("responsiveness: run `npm run build` first");
  const now = await measure(NOW);
  const before = existsSync(BEFORE) && process.env.BENCH_BEFORE !== "0" ? await measure(BEFORE) : null;
  const cell = (m: Results | null, key: string, f: (s: Sample) => number) => {
    const v = m?.get(key);
    return v?.length ? sec(median(v.map(f))) : "–";
  };
  const rows: string[] = [];
  for (const s of SCENARIOS)
    for (const step of ["first analysis", ...s.changes.map((c) => c.name)])
      for (const backend of ["wasm", "webgpu"]) {
        if (backend === "webgpu" && step !== "first analysis" && step !== s.changes[0].name) continue;
        const key = `${s.page}|${step}|${backend}`;
        const pair = (f: (x: Sample) => number) => `${cell(before, key, f)} → ${cell(now, key, f)}`;
        rows.push(
          `| ${s.page} | ${step} | ${backend === "wasm" ? "WASM" : "WebGPU (SwiftShader)"} | ${pair((x) => x.longest)} | ${pair((x) => x.total)} | ${pair((x) => x.tFirst)} | ${pair((x) => x.tDone)} |`,
        );
      }
  return [
    `Headless Chromium (Debian), built site on localhost, median of ${RUNS.wasm} visits per WASM row (one visit and one change`,
    "per page on WebGPU, which here is SwiftShader, a CPU emulation: its rows say the path stays responsive); each cell is",
    "_before → now_, measured in the same run (before: the site as it was before the compute worker, commit 8ffbda4;",
    "now: the analyses in the worker). _Longest_ and _total_ are main-thread tasks over 50 ms (`longtask` entries)",
    "from the change (or, for the first analysis, from scrolling to the charts) to the complete result. _First chart_:",
    "the first chart that shows the new setting (on /rsa the layer-vs-V1 bars with their point estimates; on",
    "/fingerprints the fit arrives whole, so it is the complete result). _Complete_: intervals and noise ceiling drawn.",
    "",
    "| page | step | backend | longest task | total of long tasks | first chart | complete |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "Targets (issue 11): longest task ≤ 100 ms on every page, total ≤ 300 ms per change; first chart ≤ 500 ms for",
    "5° and 10° bins, ≤ 1.5 s for 2°.",
  ].join("\n");
}
