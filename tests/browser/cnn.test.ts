// The CNN page: build-time charts render with data, the trained network runs in the page on both backends.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, useSite} from "./harness.js";

const site = useSite();

describe("cnn page", () => {
  for (const backend of ["webgpu", "wasm"] as const) {
    it(`shows training, accuracy vs tilt, filters and feature maps (${backend})`, async () => {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/cnn?backend=${backend}`);
      await page.locator(".layer-maps .feature-maps svg").first().waitFor({timeout: 120_000});
      expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe(backend);
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
        .screenshot({path: `screenshots/cnn-accuracy-${backend}.png`});
      await page.locator(".filters").screenshot({path: `screenshots/cnn-filters-${backend}.png`});
      const answer = await page.locator(".network-answer").innerText();
      const p = Number(answer.match(/([\d.]+)% right/)![1]);
      expect(p).toBeGreaterThan(50); // a 4° right tilt: the trained net should lean right
      // Moving the tilt slider to the left re-runs the network.
      const slider = page.getByLabel("Tilt (°)").first();
      await slider.fill("-12");
      await page.waitForFunction(() => /Stimulus: tilt -12°/.test(document.body.innerText));
      await page.waitForFunction(
        () => Number(document.querySelector(".network-answer")?.textContent?.match(/([\d.]+)% right/)?.[1]) < 50,
      );
      await page.getByLabel("Deep").check();
      await page.waitForFunction(() => document.querySelectorAll(".layer-maps .feature-maps").length === 8);
      await screenshot(page, `cnn-${backend}`);
      await page.locator(".layer-maps").screenshot({path: `screenshots/cnn-maps-${backend}.png`});
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.failedRequests).toEqual([]);
      await page.context().close();
    });
  }
});
