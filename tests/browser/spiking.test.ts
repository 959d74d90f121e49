// The spiking-network page: renders every chart with data, reacts to its inputs, and records its redraw time
// for N = 1,000 neurons over T = 5,000 steps (the speed target itself lives in tests/bench/spiking.bench.ts).
import {beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, type PageProblems, useSite} from "./harness.js";
import {paintedPixels, setInput} from "./pageInputs.js";
import {median} from "../bench/stats.js";

const CARDS = [
  "#spike-raster",
  "#activity-heatmap",
  "#pca-trajectory",
  "#weight-matrix",
  "#rate-histogram",
  "#rate-vs-drive",
  "#voltage-histogram",
  "#voltage-traces",
];

const site = useSite();
let page: Page;
let problems: PageProblems;
beforeAll(async () => {
  ({page, problems} = await openPage(site.browser(), site.url() + "/spiking", {width: 1280, height: 1000}));
  await shown(page.locator("#sim-timing"), WAIT.startUp);
});

/** Number of SVG marks (paths, rects, circles) drawn in a card's charts. */
const marks = (selector: string) => page.locator(`${selector} svg [aria-label] > *`).count();

describe("spiking page", () => {
  it("draws every chart with data at the default N = 1,000, T = 5,000", async () => {
    expect(await page.locator("#sim-timing").textContent()).toMatch(/Simulated 1,000 neurons for 5,000 steps/);
    for (const card of CARDS) expect(await page.locator(`${card} svg`).count(), card).toBeGreaterThan(0);
    // Canvas charts: thousands of painted pixels.
    expect(await paintedPixels(page, "#spike-raster")).toBeGreaterThan(10_000);
    expect(await paintedPixels(page, "#activity-heatmap")).toBeGreaterThan(10_000);
    expect(await paintedPixels(page, "#weight-matrix")).toBeGreaterThan(10_000);
    // SVG charts: the histogram bars, the trajectory and the traces exist.
    expect(await marks("#rate-histogram")).toBeGreaterThan(5);
    expect(await marks("#voltage-histogram")).toBeGreaterThan(20);
    expect(await page.locator("#pca-trajectory svg path").count()).toBeGreaterThan(0);
    expect(await page.locator("#voltage-traces svg path").count()).toBeGreaterThan(2);
    await screenshot(page, "spiking-default");
    // The default ring network draws a loop on its first two principal components.
    expect(await page.locator("#pca-trajectory").textContent()).toMatch(/PC 1 \((\d+\.\d)% of variance\)/);
    expect(await cellErrors(page)).toEqual([]);
  });

  it("re-simulates when the weight structure, scale and input change", async () => {
    const before = await page.locator("#sim-timing").textContent();
    await setInput(page, "Weight structure", "Excitatory / inhibitory (Dale's law)", {marker: "#sim-timing"});
    await setInput(page, "Weight scale", 150, {marker: "#sim-timing"});
    await setInput(page, "Neurons N", 400, {marker: "#sim-timing"});
    const after = await page.locator("#sim-timing").textContent();
    expect(after).toMatch(/Simulated 400 neurons/);
    expect(after).not.toEqual(before);
    expect(await paintedPixels(page, "#spike-raster")).toBeGreaterThan(1000);
    await screenshot(page, "spiking-dale");
    await setInput(page, "Weight structure", "Random (Gaussian)", {marker: "#sim-timing"});
    await setInput(page, "Input noise", 40, {marker: "#sim-timing"});
    await screenshot(page, "spiking-random-noise");
    expect(await cellErrors(page)).toEqual([]);
  });

  it("records the redraw time for N = 1,000, T = 5,000", async () => {
    await setInput(page, "Weight structure", "Ring (local excitation)", {marker: "#sim-timing"});
    await setInput(page, "Input noise", 0, {marker: "#sim-timing"});
    await setInput(page, "Neurons N", 1000, {marker: "#sim-timing"});
    await setInput(page, "Weight scale", 50, {marker: "#sim-timing"});
    const times: number[] = [];
    for (const seed of [2, 3, 4]) times.push(await setInput(page, "Seed", seed, {marker: "#sim-timing"}));
    const inPage = Number(await page.locator("#sim-timing").getAttribute("data-total-ms"));
    console.log(
      `spiking page redraw, N = 1000, T = 5000: median ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(", ")}); in-page ${inPage} ms`,
    );
    expect(await page.locator("#sim-timing").textContent()).toMatch(/Simulated 1,000 neurons for 5,000 steps/);
    expect(times.every(Number.isFinite)).toBe(true);
  });

  it("logs no console errors, page errors or failed requests", () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});
