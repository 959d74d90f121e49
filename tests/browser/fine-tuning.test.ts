// The fine-tuning page: a few train steps in the page on WASM, with accuracy on both tasks tracked; on WebGPU one
// step gives WASM's accuracies (WebGPU here is SwiftShader, so its test is only about agreement).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, until, useSite} from "./harness.js";

const site = useSite();

/** What the status line announces: step, status, and (once evaluated) accuracies and losses. */
const status = (page: Page) =>
  page.locator(".fine-tuning-status").evaluate((el: HTMLElement) => ({...el.dataset}) as Record<string, string>);

/** Presses Step once and waits until the page has evaluated both tasks after it (its checkpoint at step 1). */
async function oneStep(page: Page): Promise<Record<string, string>> {
  await page.getByRole("button", {name: "Step"}).click();
  await until(
    page,
    () => document.querySelector<HTMLElement>(".fine-tuning-status")?.dataset.evaluatedStep === "1",
    null,
    WAIT.run,
  );
  return status(page);
}

/** Both tasks' held-out accuracy at step 0 and after one step, on WASM. */
let onWasm: Record<string, string> | undefined;

describe("fine-tuning page", () => {
  it("fine-tunes for a few steps and tracks both tasks (wasm)", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fine-tuning?backend=wasm&steps=20`);
    await shown(page.locator(".accuracy-curves svg").first(), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    expect(await page.locator(".task-examples svg").count()).toBe(6);
    onWasm = await oneStep(page);
    await page.getByRole("button", {name: "▶ Train"}).click();
    await until(
      page,
      () => document.querySelector<HTMLElement>(".fine-tuning-status")?.dataset.status === "done",
      null,
      WAIT.run,
    );
    const done = await status(page);
    expect([done.step, done.status]).toEqual(["20", "done"]);
    // Accuracy points at steps 0, 1 (the single step), 10 and 20, for two tasks.
    await until(page, () => document.querySelectorAll(".accuracy-curves [aria-label='line'] path").length === 2);
    // The new task's training loss falls: the last five steps average below the first five.
    await until(page, () => document.querySelector(".fine-tuning-status")?.textContent?.includes("new task"));
    const d = await status(page);
    expect(Number(d.lossLast)).toBeLessThan(Number(d.lossFirst));
    expect(Number(d.lossFirst)).toBeLessThan(10); // a sane cross-entropy: the session and its inputs share a backend
    expect(Number(d.oldFirst)).toBeGreaterThan(0.8); // the build's network knows the tilt task at step 0
    await shown(page.locator(".loss-curve svg").first());
    expect(await page.locator(".tuned-filters svg").count()).toBe(12);
    await page.locator(".grid-cols-2").screenshot({path: "screenshots/fine-tuning-curves-wasm.png"});
    await screenshot(page, "fine-tuning-wasm");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("one step on WebGPU gives WASM's accuracies on both tasks", async () => {
    expect(onWasm, "the WASM test above records the accuracies to compare with").toBeDefined();
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fine-tuning?backend=webgpu&steps=20`);
    await shown(page.locator(".accuracy-curves svg").first(), WAIT.startUp);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("webgpu");
    const onGpu = await oneStep(page);
    // Accuracies over a few hundred held-out images: one image flipping at a decision boundary moves them < 1 %.
    for (const key of ["oldFirst", "newFirst", "oldLast", "newLast"]) {
      expect(Number(onGpu[key]), key).toBeGreaterThanOrEqual(0);
      expect(Math.abs(Number(onGpu[key]) - Number(onWasm![key])), key).toBeLessThan(0.01);
    }
    await screenshot(page, "fine-tuning-webgpu");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("freezing every layer says so instead of training", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fine-tuning?backend=wasm`);
    await shown(page.locator(".accuracy-curves svg").first(), WAIT.startUp);
    await page.getByLabel("fc1 (hidden)").check();
    await page.getByLabel("fc2 (output)").check();
    await shown(page.locator(".fine-tuning-error"));
    expect(await page.locator(".fine-tuning-error").innerText()).toContain("Every layer is frozen");
    expect(await page.getByRole("button", {name: "Step"}).isDisabled()).toBe(true);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
