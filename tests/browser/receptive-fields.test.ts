// The receptive-fields page: occlusion mapping runs in the page on both backends and draws maps, fields and sizes.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, useSite} from "./harness.js";

const site = useSite();

describe("receptive-fields page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`maps receptive fields by occlusion (${backend})`, async () => {
      // Two stimuli keep SwiftShader's share of the work small.
      const {page, problems} = await openPage(
        site.browser(),
        `${site.url()}/receptive-fields?backend=${backend}&images=2`,
      );
      await page.locator(".occlusion-progress[data-done]").waitFor({timeout: 180_000});
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
      expect(await page.locator(".occlusion-progress").innerText()).toMatch(/Done: 674 images \(2 stimuli × 337\)/); // 16 × 21 occluder positions + the intact image
      // conv2 channel 1: two stimulus/discrepancy pairs; eight channels' fields; 6+8+12+16 size dots.
      expect(await page.locator(".discrepancy-maps svg").count()).toBe(4);
      expect(await page.locator(".layer-rfs svg").count()).toBe(8);
      expect(await page.locator(".rf-sizes [aria-label='dot'] circle").count()).toBe(42);
      // Every discrepancy map has signal: its raster is drawn and the unit responded.
      expect(await page.locator(".discrepancy-maps image").count()).toBe(4);
      await page.locator(".discrepancy-maps").screenshot({path: `screenshots/rf-discrepancy-${backend}.png`});
      await page.locator(".layer-rfs").screenshot({path: `screenshots/rf-layer-${backend}.png`});
      await page.locator(".rf-sizes").screenshot({path: `screenshots/rf-sizes-${backend}.png`});
      // Changing the layer redraws from the same mapping (no re-run).
      await page.getByLabel("Layer").selectOption("conv4");
      await page.waitForFunction(() => document.querySelectorAll(".layer-rfs svg").length === 16);
      await screenshot(page, `receptive-fields-${backend}`);
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);
      await page.context().close();
    });
  }
});
