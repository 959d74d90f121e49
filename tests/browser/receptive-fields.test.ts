// The receptive-fields page: occlusion mapping runs in the page on WASM and draws maps, fields and sizes; on WebGPU a
// small mapping gives WASM's numbers (WebGPU here is SwiftShader, so its test is only about agreement).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, until, useSite} from "./harness.js";

const site = useSite();

/** The numbers in the discrepancy maps' titles: each stimulus's orientation and the unit's response to it. */
async function discrepancyNumbers(page: Page): Promise<number[]> {
  const text = await page.locator(".discrepancy-maps").evaluate((el) => el.textContent ?? "");
  return Array.from(text.matchAll(/-?\d+\.\d+/g), (m) => Number(m[0]));
}

describe("receptive-fields page", () => {
  it("maps receptive fields by occlusion (wasm)", async () => {
    // Two stimuli keep the test short.
    const {page, problems} = await openPage(site.browser(), `${site.url()}/receptive-fields?backend=wasm&images=2`);
    await shown(page.locator(".occlusion-progress[data-done]"), WAIT.run);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    expect(await page.locator(".occlusion-progress").innerText()).toMatch(/Done: 674 images \(2 stimuli × 337\)/); // 16 × 21 occluder positions + the intact image
    // conv2 channel 1: two stimulus/discrepancy pairs; eight channels' fields; 6+8+12+16 size dots.
    expect(await page.locator(".discrepancy-maps svg").count()).toBe(4);
    expect(await page.locator(".layer-rfs svg").count()).toBe(8);
    expect(await page.locator(".rf-sizes [aria-label='dot'] circle").count()).toBe(42);
    // Every discrepancy map has signal: its raster is drawn and the unit responded.
    expect(await page.locator(".discrepancy-maps image").count()).toBe(4);
    await page.locator(".discrepancy-maps").screenshot({path: "screenshots/rf-discrepancy-wasm.png"});
    await page.locator(".layer-rfs").screenshot({path: "screenshots/rf-layer-wasm.png"});
    await page.locator(".rf-sizes").screenshot({path: "screenshots/rf-sizes-wasm.png"});
    // Changing the layer redraws from the same mapping (no re-run).
    await page.getByLabel("Layer").selectOption("conv4");
    await until(page, () => document.querySelectorAll(".layer-rfs svg").length === 16);
    await screenshot(page, "receptive-fields-wasm");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("a small mapping on WebGPU gives WASM's unit responses", async () => {
    // One stimulus, stride 8: 7 × 9 occluder positions + the intact image = 64 network runs per backend.
    const results: number[][] = [];
    for (const backend of ["wasm", "webgpu"]) {
      const {page, problems} = await openPage(
        site.browser(),
        `${site.url()}/receptive-fields?backend=${backend}&images=1&stride=8`,
      );
      await shown(page.locator(".occlusion-progress[data-done]"), WAIT.run);
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
      expect(await page.locator(".occlusion-progress").innerText()).toMatch(/Done: 64 images \(1 stimulus × 64\)/);
      expect(await page.locator(".discrepancy-maps image").count()).toBe(2); // the stimulus and its map
      results.push(await discrepancyNumbers(page));
      if (backend === "webgpu") await screenshot(page, "receptive-fields-webgpu");
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      await page.context().close();
    }
    const [cpu, gpu] = results;
    expect(cpu.length).toBeGreaterThanOrEqual(2); // the stimulus's orientation and the unit's response
    expect(gpu.length).toBe(cpu.length);
    gpu.forEach((v, i) => expect(Math.abs(v - cpu[i])).toBeLessThanOrEqual(0.011)); // both shown to 2 decimals
  });
});
