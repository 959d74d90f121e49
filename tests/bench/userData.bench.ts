/**
 * "Your data": time from choosing a file on /data until the page's first chart (the response heatmap) is drawn from
 * it, for the size of the built-in recording as an npz (23,589 neurons × 360 stimuli, float32) and for a
 * 100,000-neuron × 400-stimulus CSV; beside it, the time the control reports for reading (parse, z-score, tuning,
 * storing in IndexedDB, in the compute worker) and the time until the principal components (which need the Gram
 * matrix, computed afterwards in the worker) are drawn. Fresh browser profile per run.
 *
 * Measures the build in dist/ (or `BN_OUTPUT`); run `npm run build` first.
 */
import {createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import type {Browser} from "playwright-core";
import {launchBrowser, serveStatic} from "../browser/harness.ts";
import {npyBytes, npzBytes} from "../data-loaders/fixtures.ts";
import {median} from "./stats.ts";

export const title = "Your data: from choosing a file to the first chart";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIMIT = 600_000;

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (path: string) => `${(statSync(path).size / 2 ** 20).toFixed(0)} MB`;

/** A tuned population's response (the same for the npz and the CSV): a cosine bump per neuron plus a ripple. */
const response = (theta: number, j: number, i: number) =>
  Math.cos((2 * (theta - ((j * 137) % 360)) * Math.PI) / 180) + ((i * 31 + j * 17) % 97) / 97;

/** An npz of `nNeurons` × `nStimuli` float32 responses, stored as `np.savez` stores them. */
function recordingNpz(path: string, nNeurons: number, nStimuli: number): void {
  const stimuli = Array.from({length: nStimuli}, (_, i) => (i * 360) / nStimuli);
  const values = new Array<number>(nStimuli * nNeurons);
  for (let i = 0; i < nStimuli; i++)
    for (let j = 0; j < nNeurons; j++) values[i * nNeurons + j] = response(stimuli[i], j, i);
  const resp = npyBytes("<f4", [nStimuli, nNeurons], values);
  writeFileSync(path, npzBytes({resp, stimuli: npyBytes("<f4", [nStimuli], stimuli)}));
}

/** A CSV of `nNeurons` tuned neurons × `nStimuli` orientations, written row by row (about 7 bytes per value). */
async function bigCsv(path: string, nNeurons: number, nStimuli: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => new Promise<void>((ok) => (out.write(text) ? ok() : out.once("drain", ok)));
  await write(`orientation,${Array.from({length: nNeurons}, (_, j) => `n${j}`).join(",")}\n`);
  for (let i = 0; i < nStimuli; i++) {
    const theta = (i * 360) / nStimuli;
    const cells = new Array<string>(nNeurons + 1);
    cells[0] = theta.toFixed(2);
    for (let j = 0; j < nNeurons; j++)
      cells[j + 1] = (
        Math.cos((2 * (theta - ((j * 137) % 360)) * Math.PI) / 180) +
        ((i * 31 + j * 17) % 97) / 97
      ).toFixed(3);
    await write(cells.join(",") + "\n");
  }
  await new Promise<void>((ok) => out.end(ok));
}

interface Timing {
  firstChart: number;
  read: number;
  pca: number;
}

/** One run: a fresh profile opens /data, then the file is chosen; the times after choosing it. */
async function once(browser: Browser, url: string, file: string): Promise<Timing> {
  const context = await browser.newContext({viewport: {width: 1200, height: 1000}});
  const page = await context.newPage();
  await page.goto(`${url}/data`, {timeout: LIMIT});
  const heatmap = page.locator(".v1-response-heatmap canvas");
  await heatmap.waitFor({timeout: LIMIT});
  const ring = page.locator(`.card:has(h2:text("Stimuli on the first two"))`);
  await ring.locator("svg [aria-label=dot]").first().waitFor({timeout: LIMIT});
  // What the built-in data drew, to tell the charts drawn from the reader's file apart: the heatmap canvas is
  // marked, and the ring's axis labels (the share of variance of each component) differ between the datasets.
  await heatmap.evaluate((c) => (c.dataset.builtIn = "1"));
  const builtInRing = await ring.innerText();
  const t0 = Date.now();
  await page.locator(".dataset-control input[type=file]").setInputFiles(file, {timeout: LIMIT});
  await page.waitForFunction(
    () =>
      /your data/.test(document.querySelector("#v1-summary .v1-source")?.textContent ?? "") &&
      document.querySelector(".v1-response-heatmap canvas:not([data-built-in])") !== null,
    undefined,
    {timeout: LIMIT, polling: 50},
  );
  const firstChart = Date.now() - t0;
  const readText = (await page.locator(".dataset-progress").textContent()) ?? "";
  const read = Number(/in (\d+\.\d) s/.exec(readText)?.[1] ?? NaN) * 1000;
  await page.waitForFunction(
    (before) => {
      const card = [...document.querySelectorAll(".card")].find((c) =>
        /^Stimuli on the first two/.test(c.querySelector("h2")?.textContent ?? ""),
      );
      return card?.querySelector("svg [aria-label=dot]") && (card as HTMLElement).innerText !== before;
    },
    builtInRing,
    {timeout: LIMIT, polling: 50},
  );
  const pca = Date.now() - t0;
  await context.close();
  return {firstChart, read, pca};
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  if (!existsSync(DIST)) throw new Error("userData: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "bn-user-data-"));
  const npz = join(dir, "recording.npz");
  const csv = join(dir, "big.csv");
  recordingNpz(npz, 23_589, 360);
  await bigCsv(csv, 100_000, 400);
  const server = await serveStatic(DIST);
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const [name, file] of [
      ["npz, 23,589 neurons × 360 stimuli (float32)", npz],
      ["CSV, 100,000 neurons × 400 stimuli", csv],
    ]) {
      const runs: Timing[] = [];
      for (let r = 0; r < RUNS; r++) runs.push(await once(browser, server.url, file));
      const m = (k: keyof Timing) => sec(median(runs.map((t) => t[k])));
      rows.push(`| ${name} | ${mb(file)} | ${m("read")} | ${m("firstChart")} | ${m("pca")} |`);
      console.error(`  ${name}: ${JSON.stringify(runs)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, {recursive: true, force: true});
  }
  return [
    "Headless Chromium (Debian), the built site, /data in a fresh profile with the built-in data loaded; then the file",
    "is chosen with the page's file input. _Read_ is what the control reports: reading and parsing the file, z-scoring,",
    "each neuron's tuning and storing the dataset in IndexedDB, all in the compute worker. _First chart_ is from choosing",
    "the file to the response heatmap redrawn from it; _PCA_ until the principal-components ring is drawn (it needs the",
    `stimulus Gram matrix, which the worker computes after the first chart). Medians of ${RUNS} runs.`,
    "",
    "| file | size | read (worker) | first chart | PCA ring |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
