// The decoding page in headless Chromium: training on WebGPU (SwiftShader) and WASM agree, sliders re-run the
// dependent cells, divergence shows a message, a failing WebGPU falls back to WASM with a notice, and every
// section renders (screenshots under screenshots/decoding-*.png).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import * as ortNode from "onnxruntime-node";
import {DIST, WAIT, cellErrors, frames, openPage, poll, shown, useSite} from "./harness.js";
import {readV1} from "../../src/components/core/v1.js";
import {gather, pickNeurons, splitStimuli} from "../../src/components/core/decodingData.js";

// A small neuron subset keeps SwiftShader's WebGPU quick; the seed's recipe otherwise (SGD, lr 1e-4, 50 steps).
const QUERY = "neurons=200";

const site = useSite();

/** Waits for section (d) to finish training and its test predictions for that step; returns what the page shows. */
async function trainedResult(page: Page, {timeout = WAIT.run} = {}) {
  const status = page.locator(".train-status");
  await poll(() => status.getAttribute("data-status"), timeout).toMatch(/done|diverged|failed/);
  const step = await status.getAttribute("data-step");
  const predictions = page.locator(`.test-predictions[data-step="${step}"]`);
  await shown(predictions, timeout);
  return {
    status: await status.getAttribute("data-status"),
    architecture: await status.getAttribute("data-architecture"),
    losses: JSON.parse((await status.getAttribute("data-losses"))!) as number[],
    predictions: JSON.parse((await predictions.getAttribute("data-predictions"))!) as number[],
    backend: await page.locator(".backend-badge").first().getAttribute("data-backend"),
  };
}

/** Sets an Inputs.range by typing into its number box (as a keyboard user would). */
async function setRange(page: Page, label: string, value: number) {
  const box = page.locator(`form:has(label:text-is("${label}")) input[type=number]`);
  await box.fill(String(value));
  await box.press("Enter");
}

describe("decoding page", () => {
  it("trains on WebGPU and on WASM: the loss falls and both backends agree", async () => {
    const results = [];
    for (const backend of ["webgpu", "wasm"]) {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/decoding?backend=${backend}&${QUERY}`);
      const r = await trainedResult(page);
      expect(r.backend).toBe(backend);
      expect(r.status).toBe("done");
      expect(r.losses.length).toBe(50);
      expect(r.losses[49]).toBeLessThan(0.5 * r.losses[0]);
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      results.push(r);
      await page.context().close();
    }
    const [gpu, cpu] = results;
    gpu.losses.forEach((l, i) => expect(Math.abs(l - cpu.losses[i]) / cpu.losses[i]).toBeLessThan(1e-3));
    expect(gpu.predictions.length).toBe(cpu.predictions.length);
    gpu.predictions.forEach((p, i) => expect(Math.abs(p - cpu.predictions[i])).toBeLessThan(0.05)); // degrees
  });

  it("moving the hidden-units slider rebuilds the network and retrains it", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&${QUERY}`);
    const before = await trainedResult(page);
    expect(before.architecture).toBe("200 → 20 (relu) → 1");
    const heading = await page.locator("h3", {hasText: "untrained networks say"}).innerText();
    await setRange(page, "Hidden units", 5);
    await poll(() => page.locator(".train-status").getAttribute("data-architecture")).toBe("200 → 5 (relu) → 1");
    const after = await trainedResult(page);
    expect(after.losses.length).toBe(50);
    expect(after.losses[0]).not.toBe(before.losses[0]); // a new network, new initial weights
    expect(await page.locator("h3", {hasText: "untrained networks say"}).innerText()).not.toBe(heading);
    expect(await cellErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("a huge learning rate stops training with a divergence message", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&${QUERY}`);
    await trainedResult(page);
    await setRange(page, "Learning rate", 1);
    await poll(() => page.locator(".train-status").getAttribute("data-status"), WAIT.run).toBe("diverged");
    expect(await page.locator(".train-message").innerText()).toMatch(
      /^Training diverged at step \d+: the loss became (NaN|Infinity)\. Lower the learning rate/,
    );
    const losses = JSON.parse((await page.locator(".train-status").getAttribute("data-losses"))!) as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    await page.locator(".train-status").scrollIntoViewIfNeeded();
    await page.screenshot({path: "screenshots/decoding-diverged.png"});
    expect(await cellErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("falls back to WASM with a visible notice when WebGPU fails, and still trains", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=webgpu&${QUERY}`, {
      init: () => {
        const gpu = (navigator as unknown as {gpu?: {requestAdapter: () => Promise<unknown>}}).gpu;
        if (gpu) gpu.requestAdapter = () => Promise.reject(new Error("adapter stubbed to fail"));
      },
    });
    const r = await trainedResult(page);
    expect(r.backend).toBe("wasm");
    expect(r.losses[49]).toBeLessThan(0.5 * r.losses[0]);
    const notice = await page.locator(".backend-notice").innerText();
    expect(notice).toContain("adapter stubbed to fail");
    expect(notice).toContain("running on WASM");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({path: "screenshots/decoding-fallback-notice.png"});
    expect(await page.locator('label:has-text("webgpu") input[type=radio]').isChecked()).toBe(true); // the reader's choice is kept
    await page.context().close();
  });
});

describe("decoding page download", () => {
  it("the downloaded decoder opens in onnxruntime-node and predicts what the page shows", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&${QUERY}`);
    const r = await trainedResult(page);
    const [download] = await Promise.all([
      page.waitForEvent("download", {timeout: WAIT.redraw}),
      page.locator("button.download-decoder").click(),
    ]);
    expect(download.suggestedFilename()).toBe("v1-decoder-200-20-relu.onnx");
    const bytes = readFileSync((await download.path())!);
    await page.context().close();
    // The page's test inputs, rebuilt in Node from the built Arrow file with the page's own (seed 0) choices.
    const arrow = readdirSync(join(DIST, "_file/data")).find((f) => /^v1-responses\.\w+\.arrow$/.test(f))!;
    const v1 = readV1(readFileSync(join(DIST, "_file/data", arrow)));
    const {test} = splitStimuli(v1.nStimuli, {trainFraction: 0.6, seed: 0});
    const x = gather(v1.responses, v1.nNeurons, test, pickNeurons(v1.nNeurons, 200, 0));
    const session = await ortNode.InferenceSession.create(bytes);
    const y = (await session.run({x: new ortNode.Tensor("float32", x, [test.length, 200])})).y.data as Float32Array;
    expect(y.length).toBe(r.predictions.length);
    y.forEach((v, i) => expect(Math.abs(v - r.predictions[i])).toBeLessThan(1e-3));
  });
});

describe("decoding page losing its GPU", () => {
  it("keeps training on WASM from the last checkpoint when the WebGPU device is lost mid-run", async () => {
    const {page} = await openPage(
      site.browser(),
      `${site.url()}/decoding?backend=webgpu&autoplay=0&deviceLostGraceMs=1000&${QUERY}`,
    );
    const status = page.locator(".train-status");
    await poll(() => status.getAttribute("data-status"), WAIT.startUp).toBe("idle");
    await setRange(page, "Iterations", 60);
    await page.locator("button", {hasText: "Train"}).click();
    await poll(async () => Number(await status.getAttribute("data-step")), WAIT.run).toBeGreaterThanOrEqual(30);
    const runtimeUrl = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((e) => e.name)
        .find((n) => /\/_import\/components\/runtime\/runtime\.\w+\.js$/.test(n)),
    );
    // Built as a string so Vite's transform of this test file leaves the page-side import() alone.
    await page.evaluate(async (url) => {
      const rt = await new Function("u", "return import(u)")(url);
      const device = await rt.webgpuDevice();
      device.destroy();
    }, runtimeUrl!);
    await poll(() => status.getAttribute("data-status"), WAIT.run).toMatch(/done|failed|diverged/);
    expect(await page.locator(".train-message").innerText()).toMatch(
      /Training resumed from the checkpoint at step (25|50)\./,
    );
    expect(await status.getAttribute("data-status")).toBe("done");
    const losses = JSON.parse((await status.getAttribute("data-losses"))!) as number[];
    expect(losses.length).toBe(60);
    expect(losses[59]).toBeLessThan(0.5 * losses[0]);
    expect(await page.locator(".backend-notice").innerText()).toMatch(/WebGPU lost its device .*running on WASM/);
    expect(await page.locator(".train-message").innerText()).toMatch(
      /Training resumed from the checkpoint at step (25|50)\./,
    );
    expect(await page.locator(".backend-badge").first().getAttribute("data-backend")).toBe("wasm");
    await page.context().close();
  });
});

/** Scrolls down the whole page in reader-sized steps, so sections that start when seen start. */
async function scrollThrough(page: Page) {
  for (let top = 0; top < (await page.evaluate(() => document.documentElement.scrollHeight)); top += 500) {
    await page.evaluate((y) => window.scrollTo(0, y), top);
    await frames(page); // the sections' intersection observers have seen the new position
  }
}

/** Section (e)'s decoded orientations of one network ("regression" or "circular"), once trained. */
async function wrapPoints(page: Page, kind: string): Promise<[number, number][]> {
  const panel = page.locator(`.wrap-${kind}`);
  await shown(panel, WAIT.run);
  return JSON.parse((await panel.getAttribute("data-points"))!);
}

/** Mean absolute angular error (degrees, wrap-aware) of the points whose true orientation passes `keep`. */
function meanError(points: [number, number][], keep: (truth: number) => boolean): number {
  const errors = points
    .filter(([t]) => keep(t))
    .map(([t, d]) => {
      const e = Math.abs((((d - t) % 360) + 360) % 360);
      return Math.min(e, 360 - e);
    });
  return errors.reduce((a, b) => a + b, 0) / errors.length;
}

describe("decoding page, section (e)", () => {
  it("the MSE decoder fits the middle of the range and fails near 0°/360°; the circular one does not", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&autoplay=0&${QUERY}`);
    await shown(page.locator(".section-recipe").first(), WAIT.startUp);
    await scrollThrough(page);
    const mse = await wrapPoints(page, "regression");
    const circular = await wrapPoints(page, "circular");
    const nearWrap = (t: number) => t < 30 || t > 330;
    const middle = (t: number) => t >= 60 && t <= 300;
    // Fitted: the bulk of the range within a few tens of degrees (an untrained or under-trained net is ~90° off).
    expect(meanError(mse, middle)).toBeLessThan(45);
    expect(meanError(mse, nearWrap)).toBeGreaterThan(1.5 * meanError(mse, middle));
    expect(meanError(circular, nearWrap)).toBeLessThan(0.6 * meanError(mse, nearWrap));
    await page.context().close();
  });

  it("trains with the settings from (d) when the reader picks them, and says so next to the chart", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&autoplay=0&${QUERY}`);
    const note = page.locator(".section-recipe").first();
    await shown(note, WAIT.startUp);
    expect(await note.innerText()).toContain("this section's fixed recipe: SGD, η = 1.0e-2, 200 steps, full batch");
    await setRange(page, "Iterations", 7);
    await page.locator("form:has(label:text-is('Optimizer')) input[value='1']").check(); // adam
    // Changing (d) leaves the fixed recipe alone.
    expect(await note.innerText()).toContain("this section's fixed recipe: SGD");
    await page.locator("label", {hasText: "your settings from (d)"}).first().click();
    await poll(() => note.innerText()).toContain("your settings from (d): ADAM, η = 1.0e-4, 7 steps, full batch");
    await scrollThrough(page);
    const panel = page.locator(".wrap-circular");
    await shown(panel, WAIT.run);
    expect(JSON.parse((await panel.getAttribute("data-recipe"))!)).toMatchObject({optimizer: "adam", iterations: 7});
    await page.context().close();
  });
});

describe("decoding page sections", () => {
  it("every section renders its charts with labelled axes (screenshots/decoding-*.png)", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&neurons=300`, {
      height: 1000,
    });
    await trainedResult(page);
    // Sections (e), (f) and (h) start when scrolled into view: scroll down the page as a reader would (a jump
    // straight to each heading can skip a section's trigger, which sits below its prose).
    await scrollThrough(page);
    await poll(() => page.locator(".sweep-status").innerText(), WAIT.run).toMatch(/^Done/);
    await poll(() => page.locator("h3", {hasText: "test accuracy"}).count(), WAIT.run).toBe(1);
    await poll(() => page.locator("h3", {hasText: "circular loss: median error"}).count(), WAIT.run).toBe(1);
    await frames(page);
    // Viewport screenshots down the page, as a reader scrolling sees it (the sidebar stays on the left).
    await page.setViewportSize({width: 1200, height: 1300});
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 0; y < height; y += 1250, i++) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await frames(page);
      await page.screenshot({path: `screenshots/decoding-${i}.png`});
    }
    // Every chart has an x and a y axis label (Plot writes them with arrows: "… →" below, "↑ …" on the left).
    const charts = await page.locator("main svg[class^=plot]").evaluateAll((svgs) =>
      svgs.map((svg) => {
        const texts = Array.from(svg.querySelectorAll("text"), (t) => t.textContent ?? "");
        return {
          x: texts.some((t) => t.endsWith("→")),
          y: texts.some((t) => t.startsWith("↑")) || !!svg.closest("figure, div"),
        };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(10);
    for (const c of charts) expect(c).toEqual({x: true, y: true});
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
