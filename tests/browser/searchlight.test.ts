// The searchlight page on its simulated sheet: the true and recovered maps are drawn, the planted layers are recovered
// at ≥ 90% of the tuned centres with the default settings, the permutation test runs, and a new radius redraws. Then a
// reader's dataset with neuron positions, made here, runs on its own layout; a file with bad positions is refused.
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {cellErrors, frames, openPage, poll, screenshot, shown, useSite, WAIT} from "./harness.js";
import {setInput} from "./pageInputs.js";
import {npyBytes, npzBytes} from "../data-loaders/fixtures.js";

// A 200 × 100 µm sheet: neurons on a 5 µm lattice (41 × 21), 72 orientations at 5° steps. Neurons left of x = 100 µm
// are tuned (each a bump around its own preferred orientation, plus a ripple), those to the right are untuned noise.
const NX = 41;
const NY = 21;
function sheetNpz({badPositions = false} = {}): Buffer {
  const n = NX * NY;
  const pos: number[] = [];
  for (let j = 0; j < n; j++) pos.push(5 * (j % NX), 5 * Math.floor(j / NX));
  const resp: number[] = [];
  for (let i = 0; i < 72; i++) {
    const theta = (i * 5 * Math.PI) / 180;
    for (let j = 0; j < n; j++) {
      const noise = Math.sin(12.9898 * i + 78.233 * j) * 43758.5453;
      const ripple = noise - Math.floor(noise) - 0.5;
      const pref = (((j * 37) % n) / n) * Math.PI;
      resp.push(pos[2 * j] < 100 ? Math.exp(2 * Math.cos(2 * (theta - pref))) + 0.3 * ripple : ripple);
    }
  }
  return Buffer.from(
    npzBytes({
      resp: npyBytes("<f4", [72, n], resp),
      stimuli: npyBytes(
        "<f8",
        [72],
        Array.from({length: 72}, (_, i) => i * 5),
      ),
      ...(badPositions ? {xyz: npyBytes("<f4", [n, 4], [...pos, ...pos])} : {pos: npyBytes("<f4", [n, 2], pos)}),
    }),
  );
}

const site = useSite();

describe("searchlight page", () => {
  it("recovers the planted map at the defaults, tests it, and redraws for a new radius", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/searchlight`, {width: 1200, height: 900});
    await shown(page.locator(".searchlight-status").first(), WAIT.startUp);
    // The searchlight starts when its maps scroll into view.
    await page.locator("#the-true-map-and-the-recovered-one").scrollIntoViewIfNeeded();
    await frames(page);
    await shown(page.locator("#searchlight-ready"), WAIT.run);
    expect(Number(await page.locator(".searchlight-recovery").getAttribute("data-share"))).toBeGreaterThanOrEqual(0.9);
    // Every centre of the 40 × 40 grid reaches enough neurons at the defaults: all are drawn on both maps.
    expect(Number(await page.locator(".truth-map").getAttribute("data-cells"))).toBe(1600);
    expect(Number(await page.locator(".best-map").getAttribute("data-cells"))).toBe(1600);
    expect(await page.locator(".layer-maps figure").count()).toBe(4);
    await shown(page.getByText(/centres are significant\s+\(family-wise 5%, 100 permutations\)/));
    await screenshot(page, "searchlight");

    // A smaller radius: fewer neurons per disc, some centres blank (fewer than the minimum), the maps redrawn.
    const before = await page.locator(".best-map").elementHandle();
    await setInput(page, "Radius (µm)", 25, {marker: ".searchlight-status"});
    await shown(page.locator("#searchlight-ready"), WAIT.run);
    await poll(() => before!.evaluate((el) => el.isConnected)).toBe(false);
    await shown(page.locator(".searchlight-blank"));
    expect(await page.locator(".searchlight-blank").innerText()).toMatch(
      /centres reach fewer than 30 neurons within 25 µm/,
    );
    const drawn = Number(await page.locator(".best-map").getAttribute("data-cells"));
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(1600);
    expect(page.url()).toContain("radius=25");
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("runs on a reader's dataset with positions, on its own layout, and refuses bad positions", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/searchlight`, {width: 1200, height: 900});
    await shown(page.locator(".sheet-note"), WAIT.startUp);
    expect(await page.locator(".sheet-note").innerText()).toMatch(/built-in recording has no neuron positions/);
    const picker = page.locator(".dataset-control input[type=file]");
    await picker.setInputFiles({name: "sheet.npz", mimeType: "application/octet-stream", buffer: sheetNpz()});
    await shown(page.locator(".sheet-note[data-sheet=dataset]"), WAIT.startUp);
    expect(await page.locator(".sheet-note").innerText()).toMatch(
      /your data: sheet\.npz, 72 stimuli × 861 neurons, its neurons with 2-D positions/,
    );
    await page.locator("#the-true-map-and-the-recovered-one").scrollIntoViewIfNeeded();
    await frames(page);
    await shown(page.locator("#searchlight-ready"), WAIT.run);
    expect(await page.locator("#searchlight-ready").innerText()).toMatch(
      /45 searchlights of 72 stimuli .* on sheet\.npz's own layout/,
    );
    // The grid covers the sheet's own 200 × 100 µm at 25 µm: 9 × 5 centres, every one with enough neurons.
    expect(await page.locator(".truth-map").count()).toBe(0);
    expect(await page.locator(".searchlight-recovery").count()).toBe(0);
    expect(Number(await page.locator(".best-map").getAttribute("data-cells"))).toBe(45);
    await screenshot(page, "searchlight-own-data");
    // The centres' table: on the tuned side the local RDMs match the layers far better than on the untuned side.
    const [download] = await Promise.all([
      page.waitForEvent("download", {timeout: WAIT.redraw}),
      page.getByRole("button", {name: /Centres \(CSV\)/}).click(),
    ]);
    const [header, ...rows] = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n");
    const cols = header.split(",");
    expect(cols.slice(0, 4)).toEqual(["x_um", "y_um", "neurons", "planted_region"]);
    expect(rows).toHaveLength(45);
    const table = rows.map((r) => r.split(","));
    const xs = table.map((r) => Number(r[0]));
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBe(200);
    const bestR = (keep: (x: number) => boolean) => {
      const v = table.filter((r) => keep(Number(r[0]))).map((r) => Number(r[cols.indexOf("best_r")]));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(bestR((x) => x <= 50)).toBeGreaterThan(bestR((x) => x >= 150) + 0.2);

    // Positions of the wrong shape: the message names the key, and the dataset in use stays.
    await picker.setInputFiles({
      name: "bad.npz",
      mimeType: "application/octet-stream",
      buffer: sheetNpz({badPositions: true}),
    });
    await poll(() => page.locator(".dataset-control .dataset-error").innerText(), WAIT.startUp).toMatch(
      /^bad\.npz: 'xyz' has shape \(861, 4\); expected neurons × 2 or 3.*Still using sheet\.npz\.$/,
    );
    expect(await page.locator(".sheet-note[data-sheet=dataset]").count()).toBe(1);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });
});
