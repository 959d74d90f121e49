// The convolution page: the flashlight steps, the kernels render, and real Conv graphs run on both backends.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, useSite} from "./harness.js";

const site = useSite();

describe("convolution page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`renders the kernels and steps the flashlight (${backend})`, async () => {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/convolution?backend=${backend}`, {
        height: 1000,
      });
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
      // One Conv node, seven kernels: seven feature maps of 20 × 36.
      await page.locator(".bank-maps .feature-maps svg").nth(6).waitFor({timeout: 60_000});
      expect(await page.locator(".bank-maps h3").innerText()).toContain("7 feature maps of 20 × 36");
      // Receptive fields of stacked 3 × 3 layers measured with impulses: 3, 5, 7 pixels.
      await page.locator(".rf-growth svg").nth(2).waitFor({timeout: 60_000});
      const captions = await page.locator(".rf-growth figcaption").allInnerTexts();
      expect(captions).toEqual([
        "Layer 1: 3 px measured, 3 px by formula",
        "Layer 2: 5 px measured, 5 px by formula",
        "Layer 3: 7 px measured, 7 px by formula",
      ]);
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
      await page.locator(".bank-maps").screenshot({path: `screenshots/convolution-bank-${backend}.png`});
      await page.getByLabel("2 × 2 average pooling after each layer").check();
      // With pooling: 3 → 4 → 8 → 10 → 18 → 22 pixels (conv, pool, conv, pool, conv, pool).
      await page.waitForFunction(() =>
        /Layer 3: 22 px measured, 22 px by formula/.test(document.querySelector(".rf-growth")?.textContent ?? ""),
      );
      await page.locator(".rf-growth").screenshot({path: `screenshots/convolution-rf-${backend}.png`});
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
