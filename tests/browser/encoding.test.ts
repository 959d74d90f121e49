// The encoding page: build-time scores and tuning curves render; fine-tuning runs a few steps on both backends.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, useSite} from "./harness.js";

const site = useSite();

describe("encoding page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`shows held-out scores, tuning curves and fine-tunes (${backend})`, async () => {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/encoding?backend=${backend}&steps=20`);
      await page.locator(".encoding-status[data-mean-r]").waitFor({timeout: 120_000});
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
      expect(await page.locator(".v1-source").count()).toBe(1);
      expect(await page.locator(".held-out-r [aria-label='rect'] rect").count()).toBeGreaterThan(3);
      expect(await page.locator(".train-vs-test [aria-label='dot'] circle").count()).toBe(100);
      // Three neurons × 72 measured points.
      expect(await page.locator(".tuning-curves [aria-label='dot'] circle").count()).toBe(216);
      const before = Number(await page.locator(".encoding-status").getAttribute("data-mean-r"));
      expect(before).toBeGreaterThan(0.3); // the build's model predicts held-out tuning
      // Two full-batch steps: SwiftShader's WebGPU is too slow for more in a test.
      await page.getByRole("button", {name: "Step"}).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>(".encoding-status")?.dataset.step === "1",
        null,
        {timeout: 240_000},
      );
      await page.getByRole("button", {name: "Step"}).click();
      await page.waitForFunction(
        () => document.querySelector(".encoding-status")?.textContent?.includes("(step 2)"),
        null,
        {timeout: 240_000},
      );
      expect(await page.locator(".fit-loss svg").count()).toBeGreaterThan(0);
      expect(await page.locator(".fit-r [aria-label='line'] path").count()).toBe(1);
      const after = Number(await page.locator(".encoding-status").getAttribute("data-mean-r"));
      expect(Math.abs(after - before)).toBeLessThan(0.3); // two small steps from the trained model: still sane
      await page.locator(".held-out-r").screenshot({path: `screenshots/encoding-r-${backend}.png`});
      await page.locator(".tuning-curves-fit").screenshot({path: `screenshots/encoding-tuning-${backend}.png`});
      await screenshot(page, `encoding-${backend}`);
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);
      await page.context().close();
    });
  }
});
