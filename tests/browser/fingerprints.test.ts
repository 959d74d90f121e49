// The fingerprint page refits every layer in the browser: on WASM it must agree with the build (fingerprints.json)
// and render every chart without errors; on WebGPU (SwiftShader here) it must agree with WASM on a small shape.
import {describe, expect, it} from "vitest";
import {cellErrors, openPage, screenshot, scrollToText, shown, useSite, WAIT} from "./harness.js";
import {setInput} from "./pageInputs.js";

const site = useSite();

describe("fingerprints page", () => {
  it("recomputes the build's fingerprint scores on wasm, drawing each layer's scores as it finishes", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fingerprints?backend=wasm`, {
      width: 1200,
      height: 900,
      // Records how many layers the score-distribution chart shows, at every change of the page.
      init: () => {
        const seen = new Set<number>();
        (window as unknown as {fpLayersDrawn: Set<number>}).fpLayersDrawn = seen;
        new MutationObserver(() => {
          const card = [...document.querySelectorAll(".card")].find((c) =>
            c.querySelector("h2")?.textContent?.startsWith("Each layer's scores over targets"),
          );
          if (card) seen.add(card.querySelectorAll("g[aria-label='tick'] > line").length);
        }).observe(document, {childList: true, subtree: true});
      },
    });
    // The analysis starts when its charts scroll into view.
    await scrollToText(page, "Each row is one target");
    const check = page.locator("#fp-check");
    await shown(check, WAIT.run);
    expect(await check.getAttribute("data-backend")).toBe("wasm");
    expect(Number(await check.getAttribute("data-max-diff"))).toBeLessThan(2e-3);
    // The distributions filled in layer by layer: some drawing showed some layers but not all.
    const drawn = await page.evaluate(() => [...(window as unknown as {fpLayersDrawn: Set<number>}).fpLayersDrawn]);
    const layers = Math.max(...drawn);
    expect(layers).toBe(11);
    expect(drawn.some((n) => n > 0 && n < layers)).toBe(true);
    // Every chart drew: the fingerprint raster, the score boxes, the best-layer bars and the mean fingerprint.
    expect(await page.locator("svg image").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='bar']").count()).toBeGreaterThan(1);
    expect(await page.locator("svg [aria-label='tick']").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='dot']").count()).toBeGreaterThan(0);
    await screenshot(page, "fingerprints-wasm");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("WebGPU fits every layer to WASM's scores (471 pseudo-voxels of 50 neurons)", async () => {
    // A small shape: 471 targets instead of 23,589, so SwiftShader's WebGPU is quick; each backend's layer means.
    const means: number[][] = [];
    for (const backend of ["wasm", "webgpu"]) {
      const {page, problems} = await openPage(site.browser(), `${site.url()}/fingerprints?backend=${backend}&group=50`);
      await scrollToText(page, "Each row is one target");
      const status = await shown(page.locator(".fp-status[data-means]"), WAIT.run);
      expect(await status.innerText()).toMatch(/^Scored 471 pseudo-voxels of 50 neurons/);
      expect(await status.getAttribute("data-backend")).toBe(backend);
      means.push(JSON.parse((await status.getAttribute("data-means"))!));
      if (backend === "webgpu") await screenshot(page, "fingerprints-webgpu");
      expect(await cellErrors(page)).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      await page.context().close();
    }
    const [cpu, gpu] = means;
    expect(cpu.length).toBeGreaterThan(5); // one mean score per layer of every network
    expect(gpu.length).toBe(cpu.length);
    gpu.forEach((m, k) => expect(Math.abs(m - cpu[k])).toBeLessThan(2e-3));
  });

  it("changing the pseudo-voxel size refits every layer on the new targets", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fingerprints?backend=wasm`, {
      width: 1200,
      height: 900,
    });
    // The analysis starts when its charts scroll into view.
    await scrollToText(page, "Each row is one target");
    await shown(page.locator("#fp-check"), WAIT.run);
    await setInput(page, "Neurons per pseudo-voxel", 50, {marker: ".fp-status"});
    await shown(page.getByText(/Scored 471 pseudo-voxels of 50 neurons/), WAIT.run);
    expect(await page.locator("#fp-check").count()).toBe(0);
    await screenshot(page, "fingerprints-voxels-50");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });
});
