/**
 * The integrate-and-fire network at the page's default size (N = 1,000 neurons, T = 5,000 steps): the
 * simulation alone in Node, and the spiking page's full redraw (simulation plus every chart) in headless
 * Chromium after a reader changes an input. Target: a redraw under one second.
 */
import {existsSync} from "node:fs";
import {loadavg} from "node:os";
import {join} from "node:path";
import {ifNetwork, ifWeights, type WeightStructure} from "../../src/components/core/ifNetwork.ts";
import {DIST, launchBrowser, openPage, serveStatic} from "../browser/harness.ts";
import {setInput} from "../browser/pageInputs.ts";
import {median, ms, timeRuns} from "./stats.ts";

export const title = "Spiking network: IF simulation and page redraw (N = 1,000, T = 5,000)";

const N = 1000;
const T = 5000;
const CASES: {structure: WeightStructure; weightScale: number; label: string}[] = [
  {structure: "ring", weightScale: 50, label: "ring, scale 50 (page default)"},
  {structure: "dale", weightScale: 150, label: "excitatory/inhibitory, scale 150"},
  {structure: "random", weightScale: 50, label: "random, scale 50"},
];

async function node(): Promise<string> {
  const rows = ["| weights | spikes | weights + simulation | simulation alone |", "| --- | ---: | ---: | ---: |"];
  for (const {structure, weightScale, label} of CASES) {
    const options = {n: N, steps: T, structure, weightScale, seed: 1};
    const weights = ifWeights(N, options);
    const spikes = ifNetwork({...options, weights}).spikeCount;
    const whole = median(await timeRuns(() => ifNetwork(options), {runs: 7, warmup: 1}));
    const alone = median(await timeRuns(() => ifNetwork({...options, weights}), {runs: 7, warmup: 1}));
    rows.push(`| ${label} | ${spikes.toLocaleString("en-US")} | ${ms(whole)} | ${ms(alone)} |`);
  }
  return rows.join("\n");
}

async function browser(): Promise<string> {
  if (!existsSync(join(DIST, "spiking.html")))
    return `_Not measured: ${DIST}/spiking.html is missing; run \`npm run build\` first._`;
  const server = await serveStatic();
  const chromium = await launchBrowser();
  try {
    const {page} = await openPage(chromium, server.url + "/spiking", {width: 1280, height: 1000});
    await page.waitForSelector("#sim-timing", {timeout: 120_000});
    const seen: number[] = [];
    const inPage: number[] = [];
    const sims: number[] = [];
    // Warm up once, then change the seed: each change re-simulates and redraws every chart.
    await setInput(page, "Seed", 100, {marker: "#sim-timing"});
    for (let seed = 101; seed <= 107; seed++) {
      seen.push(await setInput(page, "Seed", seed, {marker: "#sim-timing"}));
      inPage.push(Number(await page.locator("#sim-timing").getAttribute("data-total-ms")));
      sims.push(Number(await page.locator("#sim-timing").getAttribute("data-sim-ms")));
    }
    return [
      "Seven seed changes on the page's default network (ring, scale 50); medians.",
      "",
      "| measure | median | target |",
      "| --- | ---: | ---: |",
      `| input change → all charts drawn and painted (measured from the test) | ${ms(median(seen))} | < 1 s |`,
      `| simulation start → all charts built (measured in the page) | ${ms(median(inPage))} | |`,
      `| simulation alone, in the page | ${ms(median(sims))} | |`,
    ].join("\n");
  } finally {
    await chromium.close();
    await server.close();
  }
}

/** Both tables, Node first. */
export async function run(): Promise<string> {
  const nodeTable = await node();
  const browserTable = await browser();
  const load = loadavg()[0].toFixed(1);
  return [
    `_One-minute load average when it finished: ${load} (timings stretch with other work on the machine)._`,
    "",
    "### Simulation in Node (median of 7)",
    "",
    nodeTable,
    "",
    "### Page redraw in headless Chromium",
    "",
    browserTable,
  ].join("\n");
}
