// The RSA page recomputes the build's analysis in the browser on WebGPU and on WASM; both must agree with the
// build (rsa.json) and render every chart without errors.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, scrollToText, shown, useSite, WAIT} from "./harness.js";
import {setInput} from "./pageInputs.js";

const site = useSite();

describe("rsa page", () => {
  it.each(["webgpu", "wasm"])("recomputes the build's comparisons and noise ceiling on %s", async (backend) => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/rsa?backend=${backend}`, {
      width: 1200,
      height: 900,
    });
    // The analysis starts when its charts scroll into view.
    await scrollToText(page, "Each square below is one RDM");
    const check = page.locator("#rsa-check");
    await shown(check, WAIT.run);
    expect(await check.getAttribute("data-backend")).toBe(backend);
    expect(Number(await check.getAttribute("data-max-diff"))).toBeLessThan(2e-3);
    // Every chart drew: RDM heatmaps (raster images), the bars, the rows and the MDS panels.
    expect(await page.locator("figure svg image, svg image").count()).toBeGreaterThan(1);
    expect(await page.locator("svg [aria-label='bar']").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='line']").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='dot']").count()).toBeGreaterThan(0);
    await screenshot(page, `rsa-${backend}`);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("changing the dissimilarity measure recomputes every RDM and the comparison", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/rsa?backend=wasm`, {
      width: 1200,
      height: 900,
    });
    // The analysis starts when its charts scroll into view.
    await scrollToText(page, "Each square below is one RDM");
    await shown(page.locator("#rsa-check"), WAIT.run);
    const before = await page.locator("svg [aria-label='bar'] rect").first().getAttribute("width");
    await setInput(page, "Dissimilarity", "Euclidean distance", {marker: ".rsa-status"});
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await shown(page.getByText("Representational dissimilarity matrices (Euclidean distance)"));
    // Away from the defaults the page no longer claims to match the build.
    expect(await page.locator("#rsa-check").count()).toBe(0);
    expect(await page.locator("svg [aria-label='bar'] rect").first().getAttribute("width")).not.toBe(before);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });
});
