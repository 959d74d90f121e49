// The compute worker keeps pages responsive: the reader can click and scroll while an analysis runs, and quick
// input changes end with the last setting's results only (stale runs are stopped in the worker, not finished).
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import type {JobStats} from "../../src/components/core/workerProtocol.js";
import {cellErrors, frames, openPage, scrollToText, shown, until, useSite, WAIT} from "./harness.js";

const site = useSite();

type Stats = JobStats;

const rsaStats = (page: Page) =>
  page.evaluate("globalThis.brainNetsCompute?.stats?.rsa ?? null") as Promise<Stats | null>;

/** Opens /rsa and scrolls to its charts, which starts the analysis. */
async function openRsa(
  query: string,
): Promise<{page: Page; problems: {pageErrors: string[]; consoleErrors: string[]}}> {
  const opened = await openPage(site.browser(), `${site.url()}/rsa?${query}`, {width: 1200, height: 900});
  await scrollToText(opened.page, "Each square below is one RDM");
  return opened;
}

describe("compute worker", () => {
  it("/rsa: clicks are handled within a frame or two and the page scrolls while the analysis runs", async () => {
    // 2° bins: 180 stimuli, an analysis of several seconds on this machine.
    const {page, problems} = await openRsa("backend=wasm&bin=2");
    await until(
      page,
      () => document.querySelector(".rsa-status")?.textContent?.includes("⏳"),
      undefined,
      WAIT.startUp,
    );
    await page.evaluate(`(() => {
      const b = document.createElement("button");
      b.id = "probe";
      b.textContent = "probe";
      b.style.cssText = "position:fixed;top:8px;right:8px;z-index:9999";
      window.__clicks = [];
      b.addEventListener("click", (e) => window.__clicks.push({
        delay: performance.now() - e.timeStamp,
        inFlight: !document.querySelector("#rsa-ready"),
      }));
      document.body.append(b);
    })()`);
    for (let k = 0; k < 5; k++) {
      await page.click("#probe", {timeout: WAIT.redraw});
      await frames(page, 5);
    }
    const y0 = (await page.evaluate("scrollY")) as number;
    await page.mouse.wheel(0, 600);
    await until(page, `scrollY !== ${y0}`, undefined, 2_000);
    const scrolledInFlight = (await page.evaluate("!document.querySelector('#rsa-ready')")) as boolean;
    const clicks = (await page.evaluate("window.__clicks")) as {delay: number; inFlight: boolean}[];
    expect(clicks).toHaveLength(5);
    // Every click came while the analysis was running, and its handler ran within a few frames of the click.
    expect(clicks.every((c) => c.inFlight)).toBe(true);
    expect(scrolledInFlight).toBe(true);
    expect(Math.max(...clicks.map((c) => c.delay))).toBeLessThan(250);
    // The point estimates are drawn before the intervals: bars with a width, no whiskers yet.
    const pointShown = () =>
      document.querySelector(".rsa-status")?.textContent?.includes("RDMs and correlations shown");
    await until(page, pointShown, undefined, WAIT.run);
    expect(await page.locator("#rsa-ready").count()).toBe(0);
    const widths = await page
      .locator("svg [aria-label='bar'] rect")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    expect(widths.length).toBeGreaterThan(5);
    expect(widths.every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
    expect(widths.some((w) => w > 0)).toBe(true);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("/rsa: three quick bin-width changes end with the last setting's results; the stale runs are stopped", async () => {
    const {page, problems} = await openRsa("backend=wasm");
    await shown(page.locator("#rsa-ready"), WAIT.run);
    const first = await rsaStats(page);
    expect(first).toMatchObject({started: 1, done: 1});
    // 10°, then 2°, then 20°, 50 ms apart: faster than any of them finishes.
    await page.evaluate(`(async () => {
      const form = [...document.querySelectorAll("form")].find((f) => f.querySelector("label")?.textContent?.trim() === "Bin width (°)");
      const select = form.querySelector("select");
      for (const value of ["10", "2", "20"]) {
        select.value = [...select.options].find((o) => o.textContent.trim() === value).value;
        select.dispatchEvent(new Event("input", {bubbles: true}));
        await new Promise((r) => setTimeout(r, 50));
      }
    })()`);
    // 360 stimuli in 20° bins: 18.
    const ready18 = () => document.querySelector("#rsa-ready")?.textContent?.includes("RDMs of 18 stimuli");
    await until(page, ready18, undefined, WAIT.run);
    await shown(page.getByText("Spearman ρ, 18 stimuli").first(), WAIT.redraw);
    // Only the last setting's run completed; every run it replaced was stopped by the worker at a checkpoint.
    await until(
      page,
      () => {
        const s = (globalThis as {brainNetsCompute?: {stats: Record<string, Stats>}}).brainNetsCompute?.stats.rsa;
        return s && s.stopped === s.cancelled;
      },
      undefined,
      WAIT.redraw,
    );
    const after = (await rsaStats(page))!;
    expect(after.done).toBe(2);
    expect(after.finishedAfterCancel).toBe(0);
    expect(after.failed).toBe(0);
    expect(after.started).toBe(after.done + after.cancelled);
    expect(await page.locator("#rsa-ready").textContent()).toContain("in a background worker");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("/rsa without ?backend starts on WASM, measures both backends aside, picks WASM on SwiftShader and remembers it", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/rsa`, {width: 1200, height: 900});
    const why = page.locator(".backend-badge .backend-why");
    await shown(why, WAIT.startUp);
    // The analysis does not wait for the measurement: it starts on WASM and finishes on it.
    await scrollToText(page, "Each square below is one RDM");
    await shown(page.locator("#rsa-check"), WAIT.run);
    expect(await page.locator("#rsa-check").getAttribute("data-backend")).toBe("wasm");
    const measured =
      /^WASM: [\d.,]+ ms\/run vs WebGPU [\d.,]+ ms\/run on this device \(measured now, .*swiftshader.* is a software adapter\)$/i;
    await until(
      page,
      (re) => new RegExp(re, "i").test(document.querySelector(".backend-why")?.textContent ?? ""),
      measured.source,
      WAIT.run,
    );
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    // It ran in a spare worker, not in the page's compute worker.
    expect(await page.evaluate("globalThis.brainNetsCompute.stats.measure ?? null")).toBeNull();
    // A reload (same browser profile) starts on the remembered choice: the first reason shown is the memory.
    await page.reload({waitUntil: "load"});
    await shown(page.locator(".backend-badge .backend-why"), WAIT.startUp);
    expect(await page.locator(".backend-badge .backend-why").textContent()).toMatch(
      /^WASM: .* on this device \(measured on an earlier visit, .*software adapter\)$/,
    );
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("/fingerprints honours ?backend=webgpu over the measurement", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/fingerprints?backend=webgpu`);
    await shown(page.locator(".backend-badge[data-backend=webgpu]"), WAIT.startUp);
    expect(await page.locator(".backend-badge .backend-why").textContent()).toBe("WebGPU: chosen on the page");
    expect(await page.evaluate("globalThis.brainNetsCompute.stats.measure ?? null")).toBeNull();
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
