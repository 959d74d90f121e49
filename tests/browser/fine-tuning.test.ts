// The fine-tuning page: a few train steps in the page on both backends; accuracy on both tasks is tracked.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, useSite} from "./harness.js";

const site = useSite();

const status = (page: import("playwright-core").Page) =>
  page
    .locator(".fine-tuning-status")
    .evaluate((el: HTMLElement) => ({step: Number(el.dataset.step), status: el.dataset.status}));

describe("fine-tuning page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`fine-tunes for a few steps and tracks both tasks (${backend})`, async () => {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/fine-tuning?backend=${backend}&steps=20`);
      await page.locator(".accuracy-curves svg").first().waitFor({timeout: 120_000});
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
      expect(await page.locator(".task-examples svg").count()).toBe(6);
      await page.getByRole("button", {name: "Step"}).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>(".fine-tuning-status")?.dataset.step === "1",
      );
      await page.getByRole("button", {name: "▶ Train"}).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>(".fine-tuning-status")?.dataset.status === "done",
        null,
        {timeout: 240_000},
      );
      expect(await status(page)).toEqual({step: 20, status: "done"});
      // Accuracy points at steps 0, 1 (the single step), 10 and 20, for two tasks.
      await page.waitForFunction(
        () => document.querySelectorAll(".accuracy-curves [aria-label='line'] path").length === 2,
      );
      // The new task's training loss falls: the last five steps average below the first five.
      await page.waitForFunction(() =>
        document.querySelector(".fine-tuning-status")?.textContent?.includes("new task"),
      );
      const d = await page.locator(".fine-tuning-status").evaluate((el: HTMLElement) => ({...el.dataset}));
      expect(Number(d.lossLast)).toBeLessThan(Number(d.lossFirst));
      expect(Number(d.lossFirst)).toBeLessThan(10); // a sane cross-entropy: the session and its inputs share a backend
      expect(Number(d.oldFirst)).toBeGreaterThan(0.8); // the build's network knows the tilt task at step 0
      const loss = page.locator(".loss-curve svg").first();
      await loss.waitFor();
      expect(await page.locator(".tuned-filters svg").count()).toBe(12);
      await page.locator(".grid-cols-2").screenshot({path: `screenshots/fine-tuning-curves-${backend}.png`});
      await screenshot(page, `fine-tuning-${backend}`);
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);
      await page.context().close();
    });
  }

  it("freezing every layer says so instead of training", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fine-tuning?backend=wasm`);
    await page.locator(".accuracy-curves svg").first().waitFor({timeout: 120_000});
    await page.getByLabel("fc1 (hidden)").check();
    await page.getByLabel("fc2 (output)").check();
    await page.locator(".fine-tuning-error").waitFor();
    expect(await page.locator(".fine-tuning-error").innerText()).toContain("Every layer is frozen");
    expect(await page.getByRole("button", {name: "Step"}).isDisabled()).toBe(true);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
