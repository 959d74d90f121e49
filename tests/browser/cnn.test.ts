// The CNN page: build-time charts render with data, the trained network runs in the page on WASM, and on WebGPU it
// gives the same answer (WebGPU here is SwiftShader, so its test is only about agreement).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, until, useSite} from "./harness.js";

const site = useSite();

/** The network's answer at the default 4° tilt: the probability of "right" (%) and the output logit. */
async function answer(page: Page): Promise<{pRight: number; logit: number}> {
  const text = await page.locator(".network-answer").innerText();
  return {pRight: Number(text.match(/([\d.]+)% right/)![1]), logit: Number(text.match(/logit is (-?[\d.]+)/)![1])};
}

let onWasm: {pRight: number; logit: number} | undefined;

describe("cnn page", () => {
  it("shows training, accuracy vs tilt, filters and feature maps (wasm)", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/cnn?backend=wasm`);
    await shown(page.locator(".layer-maps .feature-maps svg").first(), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    // Loss curves and test accuracy: two networks' lines each.
    expect(await page.locator(".grid-cols-2 .card svg [aria-label='line'] path").count()).toBeGreaterThanOrEqual(4);
    // Accuracy vs tilt: 2 networks × 40 tilts.
    expect(await page.locator("[aria-label='dot'] circle").count()).toBe(80);
    // Six filters before, after, and their change.
    expect(await page.locator(".filters .filter-row svg").count()).toBe(18);
    // conv1 (6 maps) and pool1 (6 maps) of the shallow net.
    expect(await page.locator(".layer-maps .feature-maps").count()).toBe(2);
    await page
      .locator(".card", {has: page.locator("[aria-label='dot']")})
      .screenshot({path: "screenshots/cnn-accuracy-wasm.png"});
    await page.locator(".filters").screenshot({path: "screenshots/cnn-filters-wasm.png"});
    onWasm = await answer(page);
    expect(onWasm.pRight).toBeGreaterThan(50); // a 4° right tilt: the trained net should lean right
    // Moving the tilt slider to the left re-runs the network.
    const slider = page.getByLabel("Tilt (°)").first();
    await slider.fill("-12");
    await until(page, () => /Stimulus: tilt -12°/.test(document.body.innerText));
    await until(
      page,
      () => Number(document.querySelector(".network-answer")?.textContent?.match(/([\d.]+)% right/)?.[1]) < 50,
    );
    await page.getByLabel("Deep").check();
    await until(page, () => document.querySelectorAll(".layer-maps .feature-maps").length === 8);
    await screenshot(page, "cnn-wasm");
    await page.locator(".layer-maps").screenshot({path: "screenshots/cnn-maps-wasm.png"});
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("runs the same network on WebGPU and gives WASM's answer", async () => {
    expect(onWasm, "the WASM test above records the answer to compare with").toBeDefined();
    const {page, problems} = await openPage(site.browser(), `${site.url()}/cnn?backend=webgpu`);
    await shown(page.locator(".layer-maps .feature-maps svg").first(), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("webgpu");
    expect(await page.locator(".layer-maps .feature-maps").count()).toBe(2);
    const onGpu = await answer(page);
    expect(Math.abs(onGpu.pRight - onWasm!.pRight)).toBeLessThanOrEqual(0.1); // shown to 0.1 %
    expect(Math.abs(onGpu.logit - onWasm!.logit)).toBeLessThanOrEqual(0.01); // shown to 0.01
    await screenshot(page, "cnn-webgpu");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
