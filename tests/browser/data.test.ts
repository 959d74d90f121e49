// The data page and the home page in headless Chromium: charts render with data, inputs re-run them, no errors.
import {existsSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {
  DIST,
  SCREENSHOTS,
  WAIT,
  cellErrors,
  openPage,
  poll,
  screenshot,
  shown,
  type PageProblems,
  useSite,
} from "./harness.js";

const site = useSite();
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  ({page, problems} = await openPage(site.browser(), `${site.url()}/data`, {width: 1200, height: 1000}));
  await shown(page.locator(".v1-response-heatmap canvas"), WAIT.startUp);
  await shown(page.locator(".v1-sorted-raster canvas"), WAIT.startUp);
});

/** Number of distinct colours among a canvas's pixels (1 for a blank canvas). */
function canvasColours(selector: string): Promise<number> {
  return page.locator(selector).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return colours.size;
  });
}
/** The card whose heading starts with `title`. */
const card = (title: string) => page.locator(".card", {has: page.locator(`h2:text-matches("^${title}")`)});
const ringDots = () => card("Stimuli on the first two").locator("svg [aria-label=dot] circle").count();
const rangeInput = (label: string) => page.locator("form", {hasText: label}).locator("input[type=number]");

describe("/data", () => {
  it("shows the download's progress, then how much it loaded", async () => {
    await expect(page.locator(".download-progress").innerText()).resolves.toMatch(
      /^Loaded the V1 responses: \d+\.\d MB in \d+\.\d s\.$/,
    );
  });

  it("shows which data source it uses", async () => {
    await expect(page.locator(".v1-source").first().innerText()).resolves.toMatch(
      /^(synthetic data \(seed \d+\)|real data \(md5 [0-9a-f]{32}\))$/,
    );
  });

  it("draws the response heatmap with many colours and a colour legend", async () => {
    expect(await canvasColours(".v1-response-heatmap canvas")).toBeGreaterThan(50);
    await expect(page.locator(".v1-response-heatmap").innerText()).resolves.toMatch(/z-scored response/);
    const {width, height} = await page
      .locator(".v1-response-heatmap canvas")
      .evaluate((c: HTMLCanvasElement) => ({width: c.width, height: c.height}));
    expect([width, height]).toEqual([360, 100]);
  });

  it("draws the sorted population as a diagonal band", async () => {
    expect(await canvasColours(".v1-sorted-raster canvas")).toBeGreaterThan(50);
    // In each row (a block of neurons sorted by preference) the brightest column should move right down the rows.
    const peaks = await page.locator(".v1-sorted-raster canvas").evaluate((c: HTMLCanvasElement) => {
      const {data} = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
      const rows = [0.2, 0.4, 0.6].map((f) => Math.floor(f * c.height));
      return rows.map((r) => {
        let best = 0;
        let peak = 0;
        // Viridis: brightness rises with the value; sum green + red as a proxy.
        for (let x = 0; x < c.width; x++) {
          const k = (r * c.width + x) * 4;
          const v = data[k] + data[k + 1];
          if (v > best) [best, peak] = [v, x];
        }
        return peak;
      });
    });
    // Row 0 (top) holds the lowest preferred orientations: the peaks move right going down.
    expect(peaks[0]).toBeLessThan(peaks[1]);
    expect(peaks[1]).toBeLessThan(peaks[2]);
  });

  it("draws three tuning curves", async () => {
    await expect(card("Tuning curves").locator("svg g[aria-label=line]").first().locator("path").count()).resolves.toBe(
      3,
    );
  });

  it("draws histograms of preferred orientation and selectivity", async () => {
    for (const title of ["Preferred orientation", "Orientation selectivity", "Direction selectivity"]) {
      expect(await card(title).locator("svg [aria-label=rect] rect").count()).toBeGreaterThan(10);
    }
  });

  it("draws one PCA dot per stimulus", async () => {
    expect(await ringDots()).toBe(360);
    await screenshot(page, "data-page");
    // Close-ups of each chart, to look at.
    for (const [title, name] of [
      ["Responses of the first", "heatmap"],
      ["Tuning curves", "tuning"],
      ["All neurons, sorted", "sorted"],
      ["Stimuli on the first two", "ring"],
    ]) {
      await card(title).screenshot({path: join(SCREENSHOTS, `data-${name}.png`)});
    }
    await page.locator(".grid-cols-3").screenshot({path: join(SCREENSHOTS, "data-histograms.png")});
  });

  it("re-bins every chart when the bin width changes", async () => {
    await rangeInput("Orientation bin width").fill("10");
    // 36 bins of 10° (37 if a stimulus sits exactly at 360°, which np.digitize puts in a bin of its own).
    await poll(ringDots).toBeLessThan(40);
    const bins = await ringDots();
    expect([36, 37]).toContain(bins);
    await poll(() => page.locator(".v1-response-heatmap canvas").evaluate((c: HTMLCanvasElement) => c.width)).toBe(
      bins,
    );
    await screenshot(page, "data-page-bin10");
  });

  it("shows as many heatmap rows as neurons asked for", async () => {
    await rangeInput("Neurons in the heatmap").fill("300");
    await poll(() => page.locator(".v1-response-heatmap canvas").evaluate((c: HTMLCanvasElement) => c.height)).toBe(
      300,
    );
  });

  it("resamples the tuning curves' neurons on the button", async () => {
    const title = () => card("Tuning curves").locator("h2").innerText();
    const before = await title();
    await page.locator("form", {hasText: "Three random neurons"}).locator("button").click();
    await poll(title).not.toBe(before);
  });

  it("shows the neurons the reader picks", async () => {
    const input = page.locator("form", {hasText: "Or show neurons"}).locator("input[type=text]");
    await input.fill("5, 17");
    await input.press("Enter");
    await poll(() => card("Tuning curves").locator("h2").innerText()).toBe("Tuning curves of neurons #5, #17");
    await expect(card("Tuning curves").locator("svg g[aria-label=line]").first().locator("path").count()).resolves.toBe(
      2,
    );
  });

  it("explains bad neuron input and keeps what the reader typed", async () => {
    const input = page.locator("form", {hasText: "Or show neurons"}).locator("input[type=text]");
    await input.fill("5, banana");
    await input.press("Enter");
    await poll(() => page.locator(".v1-pick-error").innerText()).toMatch(/Not a neuron index: banana/);
    await expect(input.inputValue()).resolves.toBe("5, banana");
    await screenshot(page, "data-page-inputs");
  });

  it("had no errors", async () => {
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});

describe("/ (home)", () => {
  it("maps the site, linking only pages that were built", async () => {
    const home = await openPage(site.browser(), `${site.url()}/`);
    await shown(home.page.locator(".site-map"));
    const hrefs = await home.page.locator(".site-map a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    expect(hrefs).toContain("./data");
    for (const href of hrefs) expect(existsSync(join(DIST, `${href.slice(2)}.html`)), href).toBe(true);
    expect(await home.page.locator(".site-map li").count()).toBe(12);
    await screenshot(home.page, "home-page");
    expect(home.problems.consoleErrors).toEqual([]);
    expect(home.problems.failedRequests).toEqual([]);
    await home.page.context().close();
  });
});
