// Links that reproduce what the reader sees: inputs set on a page are written into its URL (replaceState, no new
// history entries); the URL opened in a fresh browser context shows the same inputs and the same numbers; a bad
// value in a link is named in a notice while the page runs on its defaults.
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {cellErrors, frames, openPage, poll, scrollToText, shown, until, useSite, WAIT} from "./harness.js";
import {setInput} from "./pageInputs.js";

const site = useSite();

/** The page's URL once its state is written: clicks "Copy link", which writes pending changes at once. */
async function linkOf(page: Page): Promise<string> {
  await page.locator(".page-state .copy-link").first().click();
  await shown(page.locator(".page-state .copy-status").filter({hasText: /copied|Copy this link/}));
  return page.url();
}

/** The query of a URL as a plain object. */
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** Sets an Inputs.range by typing into its number box. */
async function setRange(page: Page, label: string, value: number) {
  const box = page.locator(`form:has(label:text-is("${label}")) input[type=number]`);
  await box.fill(String(value));
  await box.press("Enter");
}

/** The value shown by the input labelled `label` (number box, select or checked radio). */
async function inputValue(page: Page, label: string): Promise<string> {
  const form = page.locator(`form:has(label:text-is("${label}"))`).first();
  if (await form.locator("select").count()) return form.locator("select option:checked").innerText();
  if (await form.locator("input[type=radio]").count()) return form.locator("label:has(input:checked)").innerText();
  return form.locator("input[type=number], input[type=text]").first().inputValue();
}

/** Section (d) of /decoding at rest: its step, architecture and losses. */
async function decodingResult(page: Page) {
  const status = page.locator(".train-status");
  await poll(() => status.getAttribute("data-status"), WAIT.run).toMatch(/done|paused|diverged/);
  return {
    step: Number(await status.getAttribute("data-step")),
    architecture: await status.getAttribute("data-architecture"),
    losses: JSON.parse((await status.getAttribute("data-losses"))!) as number[],
  };
}

describe("links reproduce the page", () => {
  it("/decoding: the architecture, recipe and the step training came to rest at, with the same losses", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/decoding?backend=wasm&neurons=200`);
    await decodingResult(page);
    const historyLength = await page.evaluate(() => history.length);
    await setRange(page, "Iterations", 30); // fewer iterations apply to the next network (the trained one stays at 50)
    await setRange(page, "Hidden units", 12);
    await setInput(page, "Activation", "tanh", {marker: ".train-status"});
    await poll(async () => (await decodingResult(page)).architecture).toBe("200 → 12 (tanh) → 1");
    await poll(async () => (await decodingResult(page)).step).toBe(30);
    await page.locator(".trainer-controls button", {hasText: "Step"}).click(); // one step past the iterations
    await poll(async () => (await decodingResult(page)).step).toBe(31);
    const mine = await decodingResult(page);
    const link = await linkOf(page);
    expect(query(link)).toMatchObject({
      backend: "wasm",
      neurons: "200",
      hidden: "12",
      act: "tanh",
      iters: "30",
      trained: "31",
    });
    expect(await page.evaluate(() => history.length)).toBe(historyLength); // replaceState only
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();

    const {page: again} = await openPage(site.browser(), link);
    await poll(async () => (await decodingResult(again)).step, WAIT.run).toBe(31);
    const theirs = await decodingResult(again);
    expect(theirs.architecture).toBe(mine.architecture);
    expect(theirs.losses).toEqual(mine.losses); // same seed, same backend: the same numbers
    expect(await inputValue(again, "Hidden units")).toBe("12");
    expect(await inputValue(again, "Activation")).toBe("tanh");
    expect(await cellErrors(again)).toEqual([]);
    await again.context().close();
  });

  it("/spiking: every changed input, the same spike count, and no new history entries", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/spiking#spikes`);
    await shown(page.locator("#sim-timing"), WAIT.startUp);
    const historyLength = await page.evaluate(() => history.length);
    await setInput(page, "Weight structure", "Excitatory / inhibitory (Dale's law)", {marker: "#sim-timing"});
    await setInput(page, "Neurons N", 300, {marker: "#sim-timing"});
    await setInput(page, "Input noise", 20, {marker: "#sim-timing"});
    await setInput(page, "Seed", 7, {marker: "#sim-timing"});
    const spikes = (text: string | null) => /\(([\d,]+) spikes\)/.exec(text ?? "")?.[1];
    const mine = spikes(await page.locator("#sim-timing").textContent());
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const link = await linkOf(page);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(query(link)).toEqual({weights: "dale", n: "300", noise: "20", seed: "7"});
    expect(new URL(link).hash).toBe("#spikes"); // the anchor stays
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();

    const {page: again} = await openPage(site.browser(), link);
    await shown(again.locator("#sim-timing"), WAIT.startUp);
    expect(await again.locator("#sim-timing").textContent()).toMatch(/^Simulated 300 neurons for 5,000 steps/);
    expect(spikes(await again.locator("#sim-timing").textContent())).toBe(mine);
    expect(await inputValue(again, "Weight structure")).toBe("Excitatory / inhibitory (Dale's law)");
    expect(await inputValue(again, "Seed")).toBe("7");
    expect(await again.locator(".page-state-notices").innerText()).toBe("");
    await again.context().close();
  });

  it("/rsa: the measure and bin width, with the same comparison bars", async () => {
    const open = async (url: string) => {
      const {page} = await openPage(site.browser(), url);
      await scrollToText(page, "Each square below is one RDM");
      return page;
    };
    const bars = (page: Page) =>
      page
        .locator("svg [aria-label='bar'] rect")
        .evaluateAll((rects) => rects.map((r) => r.getAttribute("width")).join(" "));
    const page = await open(`${site.url()}/rsa?backend=wasm`);
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await setInput(page, "Dissimilarity", "Euclidean distance", {marker: ".rsa-status"});
    await setInput(page, "Bin width (°)", "10", {marker: ".rsa-status"});
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await shown(page.getByText("Representational dissimilarity matrices (Euclidean distance)"));
    const mine = await bars(page);
    const link = await linkOf(page);
    expect(query(link)).toEqual({backend: "wasm", metric: "euclidean", bin: "10"});
    await page.context().close();

    const again = await open(link);
    await shown(again.locator("#rsa-ready"), WAIT.run);
    await shown(again.getByText("Representational dissimilarity matrices (Euclidean distance)"));
    expect(await inputValue(again, "Bin width (°)")).toBe("10");
    expect(await bars(again)).toBe(mine);
    expect(await cellErrors(again)).toEqual([]);
    await again.context().close();
  });

  it("/perceptron: the preset, the points the reader added and the network's settings", async () => {
    const {page} = await openPage(site.browser(), `${site.url()}/perceptron?backend=wasm`);
    await shown(page.locator("#mlp-status"), WAIT.startUp);
    const summary = () => page.locator("#point-editor p").first().textContent();
    await setInput(page, "Points", "XOR", {marker: "#point-editor"});
    await page.fill("#add-point input[name=x]", "-0.9");
    await page.fill("#add-point input[name=y]", "0.25");
    await page.click("#add-point button");
    await until(page, () => document.querySelector("#point-editor p")?.textContent?.startsWith("101 points"));
    const box = (await page.locator("#point-editor svg").last().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await until(page, () => document.querySelector("#point-editor p")?.textContent?.startsWith("102 points"));
    await setInput(page, "Units per layer", 6, {marker: "#mlp-status"});
    // The function to approximate, drawn: a rising diagonal stroke across the pad.
    await setInput(page, "Function", "draw your own", {marker: "#approximation"});
    const pad = page.locator('canvas[aria-label^="Drawing pad"]');
    await pad.scrollIntoViewIfNeeded();
    const box2 = (await pad.boundingBox())!;
    await page.mouse.move(box2.x + 1, box2.y + box2.height * (5 / 6) - 1);
    await page.mouse.down();
    for (let k = 1; k <= 20; k++)
      await page.mouse.move(
        box2.x + 1 + ((box2.width - 2) * k) / 20,
        box2.y + box2.height * (5 / 6 - (2 / 3) * (k / 20)),
      );
    await page.mouse.up();
    const mine = await summary();
    const link = await linkOf(page);
    const q = query(link);
    expect(q).toMatchObject({backend: "wasm", points: "xor", units: "6", f: "draw-your-own"});
    expect(q.add).toMatch(/^1:-90:25,[01]:-?\d+:-?\d+$/);
    const drawn = q.drawn.split(",").map(Number);
    expect(drawn).toHaveLength(81);
    expect(drawn[0]).toBeCloseTo(-1, 1);
    expect(drawn[80]).toBeCloseTo(1, 1);
    await page.context().close();

    const {page: again} = await openPage(site.browser(), link);
    await shown(again.locator("#mlp-status"), WAIT.startUp);
    expect(await again.locator("#point-editor p").first().textContent()).toBe(mine);
    expect(await again.locator('#point-editor svg g[aria-label="dot"] circle').count()).toBe(102);
    expect(await inputValue(again, "Units per layer")).toBe("6");
    expect(await inputValue(again, "Points")).toBe("XOR");
    expect(await inputValue(again, "Function")).toBe("draw your own");
    expect(await again.locator(".page-state-notices").innerText()).toBe("");
    // A new preset starts afresh: the added points leave the link.
    await setInput(again, "Points", "Circles", {marker: "#point-editor"});
    await poll(async () => query(await linkOf(again)).add).toBeUndefined();
    await again.context().close();
  });

  it("/convolution: the hand-drawn kernel and image, cell for cell", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/convolution?backend=wasm`);
    const grids = page.locator(".paint-grid canvas");
    await shown(grids.nth(1), WAIT.startUp);
    const pixels = (p: Page) =>
      p.locator(".paint-grid canvas").evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const before = await pixels(page);
    // Keyboard editing: Space steps a kernel cell (0 → +1 → −1) or inks an image cell, Delete erases.
    await grids.nth(0).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Space");
    await page.keyboard.press("Space");
    // Editing the kernel re-makes the kernel choice, never the image grid (the reader's drawing would be lost).
    const imageGrid = await grids.nth(1).elementHandle();
    await frames(page, 4);
    expect(await imageGrid!.evaluate((c) => c.isConnected)).toBe(true);
    await grids.nth(1).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Delete");
    await setInput(page, "Image", "Drawn", {marker: ".flashlight"});
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus cursor drawn
    await frames(page);
    const mine = await pixels(page);
    expect(mine).not.toEqual(before);
    const link = await linkOf(page);
    const q = query(link);
    expect(q.mykernel).toMatch(/^[01n]{49}$/);
    expect(q.drawing).toMatch(/^(\d+[uie])*1e$/); // runs over the grating; the erased cell last
    expect(q.image).toBe("drawn");
    await page.context().close();

    const {page: again} = await openPage(site.browser(), link);
    await shown(again.locator(".paint-grid canvas").nth(1), WAIT.startUp);
    expect(await pixels(again)).toEqual(mine);
    expect(await inputValue(again, "Image")).toBe("Drawn");
    expect(await again.locator(".page-state-notices").innerText()).toBe("");
    expect(problems.pageErrors).toEqual([]);
    await again.context().close();
  });

  it("a malformed link names each bad value, keeps unknown parameters, and the page runs on its defaults", async () => {
    const {page, problems} = await openPage(
      site.browser(),
      `${site.url()}/spiking?n=lots&weights=mesh&ref=mail&seed=7`,
    );
    await shown(page.locator("#sim-timing"), WAIT.startUp);
    expect(await page.locator("#sim-timing").textContent()).toMatch(/^Simulated 1,000 neurons for 5,000 steps/);
    const notices = await page.locator(".page-state-notices").innerText();
    expect(notices).toContain("Ignored n=lots in the link: expected a whole number from 10 to 2000 in steps of 10.");
    expect(notices).toContain("Ignored weights=mesh in the link: expected one of random, dale, ring.");
    expect(await inputValue(page, "Seed")).toBe("7");
    expect(query(await linkOf(page))).toEqual({ref: "mail", seed: "7"});
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
