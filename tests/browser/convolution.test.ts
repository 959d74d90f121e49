// The convolution page: the flashlight steps, the kernels render, and real Conv graphs run on both backends.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Browser} from "playwright-core";
import {cellErrors, launchBrowser, openPage, screenshot, serveStatic} from "./harness.js";

let browser: Browser;
let server: Awaited<ReturnType<typeof serveStatic>>;
beforeAll(async () => {
  server = await serveStatic();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("convolution page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`renders the kernels and steps the flashlight (${backend})`, async () => {
      const {page, problems} = await openPage(browser, `${server.url}/convolution?backend=${backend}`, {height: 1000});
      const flashlight = page.locator(".flashlight");
      await flashlight.waitFor();
      expect(await page.locator(".kernel-gallery svg").count()).toBe(7);
      expect(await flashlight.getAttribute("data-position")).toBe("0");
      for (let i = 0; i < 3; i++) await page.getByRole("button", {name: "Step one position"}).click();
      expect(await flashlight.getAttribute("data-position")).toBe("3");
      expect(await page.locator(".flashlight-sum").innerText()).toMatch(
        /Output \(2, 0\) = Σ window × kernel = -?\d+\.\d{3}/,
      );
      await page.getByRole("button", {name: "Play"}).click();
      await page.waitForFunction(
        () => Number(document.querySelector<HTMLElement>(".flashlight")?.dataset.position) > 20,
      );
      await page.getByRole("button", {name: "Pause"}).click();
      await screenshot(page, `convolution-${backend}`);
      await page.locator(".kernel-gallery").screenshot({path: `screenshots/convolution-kernels-${backend}.png`});
      await flashlight.screenshot({path: `screenshots/convolution-flashlight-${backend}.png`});
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);
      await page.context().close();
    });
  }
});
