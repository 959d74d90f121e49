// The encoding page: build-time scores and tuning curves render and fine-tuning runs a few steps on WASM; on WebGPU
// one step gives WASM's held-out score (WebGPU here is SwiftShader, so its test is only about agreement).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, until, useSite} from "./harness.js";

const site = useSite();

/** Presses Step and waits until the page reports the held-out score after `step` steps; returns that mean r. */
async function step(page: Page, step: number): Promise<number> {
  await page.getByRole("button", {name: "Step"}).click();
  await until(
    page,
    (n) => document.querySelector(".encoding-status")?.textContent?.includes(`(step ${n})`),
    step,
    WAIT.run,
  );
  return Number(await page.locator(".encoding-status").getAttribute("data-mean-r"));
}

/** Mean held-out r of the build's model (step 0) and after one step, on WASM. */
let onWasm: {before: number; after: number} | undefined;

describe("encoding page", () => {
  it("shows held-out scores, tuning curves and fine-tunes (wasm)", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/encoding?backend=wasm&steps=20`);
    await shown(page.locator(".encoding-status[data-mean-r]"), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    expect(await page.locator(".v1-source").count()).toBe(1);
    expect(await page.locator(".held-out-r [aria-label='rect'] rect").count()).toBeGreaterThan(3);
    expect(await page.locator(".train-vs-test [aria-label='dot'] circle").count()).toBe(100);
    // Three neurons × 72 measured points.
    expect(await page.locator(".tuning-curves [aria-label='dot'] circle").count()).toBe(216);
    const before = Number(await page.locator(".encoding-status").getAttribute("data-mean-r"));
    expect(before).toBeGreaterThan(0.3); // the build's model predicts held-out tuning
    onWasm = {before, after: await step(page, 1)};
    const after = await step(page, 2);
    expect(await page.locator(".encoding-status").getAttribute("data-step")).toBe("2");
    expect(await page.locator(".fit-loss svg").count()).toBeGreaterThan(0);
    expect(await page.locator(".fit-r [aria-label='line'] path").count()).toBe(1);
    expect(Math.abs(after - before)).toBeLessThan(0.3); // two small steps from the trained model: still sane
    await page.locator(".held-out-r").screenshot({path: "screenshots/encoding-r-wasm.png"});
    await page.locator(".tuning-curves-fit").screenshot({path: "screenshots/encoding-tuning-wasm.png"});
    await screenshot(page, "encoding-wasm");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("one fine-tuning step on WebGPU gives WASM's held-out score", async () => {
    expect(onWasm, "the WASM test above records the scores to compare with").toBeDefined();
    const {page, problems} = await openPage(site.browser(), `${site.url()}/encoding?backend=webgpu&steps=20`);
    await shown(page.locator(".encoding-status[data-mean-r]"), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("webgpu");
    const before = Number(await page.locator(".encoding-status").getAttribute("data-mean-r"));
    expect(Math.abs(before - onWasm!.before)).toBeLessThan(1e-3);
    expect(Math.abs((await step(page, 1)) - onWasm!.after)).toBeLessThan(1e-3);
    await screenshot(page, "encoding-webgpu");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
