// The perceptron page: editing points, the perceptron converging on separable points and failing on XOR, an MLP
// trained live through the train-step graph on ONNX Runtime Web, and the ReLU fit of a 1-D function.
import {beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {WAIT, cellErrors, openPage, screenshot, shown, type PageProblems, until, useSite} from "./harness.js";
import {paintedPixels, setInput} from "./pageInputs.js";

const site = useSite();
let page: Page;
let problems: PageProblems;
beforeAll(async () => {
  ({page, problems} = await openPage(site.browser(), site.url() + "/perceptron?backend=wasm", {
    width: 1280,
    height: 1000,
  }));
  await shown(page.locator("#mlp-status"), WAIT.startUp);
});

const dots = (selector: string) => page.locator(`${selector} svg g[aria-label="dot"] circle`).count();

/** Presses Play in the panel `id` ("mlp" or "approximation") and waits until its status says it is done. */
async function playToDone(id: string) {
  await page.locator(`#${id} button`, {hasText: "Play"}).click();
  await until(page, (id) => /^Done/.test(document.querySelector(`#${id}-status`)?.textContent ?? ""), id, WAIT.run);
}

/** Clicks `label` in the panel `id` until `done()` holds (at most `times` clicks). */
async function clickUntil(id: string, label: string, done: () => Promise<boolean>, times = 50) {
  for (let k = 0; k < times && !(await done()); k++) await page.locator(`#${id} button`, {hasText: label}).click();
}

describe("perceptron page", () => {
  it("shows the preset points and adds a point where the reader clicks", async () => {
    expect(await dots("#point-editor")).toBe(100);
    const box = (await page.locator("#point-editor svg[viewBox], #point-editor svg").last().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.3);
    await until(page, () => document.querySelector("#point-editor p")?.textContent?.startsWith("101 points"));
    expect(await dots("#point-editor")).toBe(101);
  });

  it("adds a point typed at the keyboard, and refuses coordinates off the plane", async () => {
    await page.fill("#add-point input[name=x]", "1.5");
    await page.fill("#add-point input[name=y]", "0.2");
    await page.click("#add-point button");
    expect(await page.locator("#add-point [role=alert]").textContent()).toMatch(/between −1 and 1/);
    expect(await dots("#point-editor")).toBe(101);
    await page.fill("#add-point input[name=x]", "-0.9");
    await page.click("#add-point button");
    await until(page, () => document.querySelector("#point-editor p")?.textContent?.startsWith("102 points"));
    expect(await page.locator("#add-point [role=alert]").textContent()).toBe("");
  });

  it("the perceptron converges on separable points, epoch by epoch", async () => {
    const converged = async () => (await page.locator("#perceptron").getAttribute("data-converged")) === "true";
    await clickUntil("perceptron", "Epoch", converged);
    expect(await converged()).toBe(true);
    expect(await page.locator("#perceptron-status").textContent()).toMatch(/^Converged after \d+ epochs/);
    // The decision line and the bars of mistakes per epoch are drawn.
    expect(await page.locator('#perceptron-plot g[aria-label="line"] path').count()).toBe(1);
    expect(await page.locator('#perceptron-errors g[aria-label="rect"] rect').count()).toBeGreaterThan(0);
    await page.locator("#perceptron").screenshot({path: "screenshots/perceptron-converged.png"});
  });

  it("the perceptron keeps making mistakes on XOR", async () => {
    for (let k = 0; k < 30; k++) await page.locator("#xor button", {hasText: "Epoch"}).click();
    expect(await page.locator("#xor").getAttribute("data-converged")).toBe("false");
    expect(Number(await page.locator("#xor").getAttribute("data-epoch"))).toBe(30);
    expect(await page.locator("#xor-long-run h2").textContent()).toMatch(/never converged/);
    await page.locator("#xor").screenshot({path: "screenshots/perceptron-xor.png"});
  });

  it("trains an MLP that solves XOR through ONNX Runtime Web", async () => {
    await setInput(page, "Points", "XOR", {marker: "#mlp"});
    await setInput(page, "Steps to train", 300, {marker: "#mlp"});
    await playToDone("mlp");
    const status = (await page.locator("#mlp-status").textContent())!;
    expect(status).toMatch(/^Done: step 300 of 300, loss/);
    const loss = Number(await page.locator("#mlp").getAttribute("data-loss"));
    expect(loss).toBeLessThan(0.2); // chance is ln 2 ≈ 0.69
    expect(await paintedPixels(page, "#mlp-surface")).toBeGreaterThan(1000);
    expect(await page.locator("#mlp-units canvas").count()).toBe(4);
    await page.locator("#mlp").screenshot({path: "screenshots/perceptron-mlp-xor.png"});
  });

  it("fits a 1-D function with N ReLU units and draws each unit's piece", async () => {
    await setInput(page, "ReLU units N", 6, {marker: "#approximation"});
    await setInput(page, "Fitting steps", 1000, {marker: "#approximation"});
    await playToDone("approximation");
    // One line per unit, plus the fit.
    expect(await page.locator('#approximation-chart g[aria-label="line"] path').count()).toBe(7);
    await page.locator("#approximation").screenshot({path: "screenshots/perceptron-approximation.png"});
    await screenshot(page, "perceptron-page");
  });

  it("fits a function the reader draws", async () => {
    await setInput(page, "Function", "draw your own", {marker: "#approximation"});
    const pad = page.locator('canvas[aria-label^="Drawing pad"]');
    const box = (await pad.boundingBox())!;
    const before = await page.locator("#approximation").elementHandle();
    // A stroke from the left edge to the right edge along a rising diagonal: f(x) goes from -1 to 1.
    await page.mouse.move(box.x + 1, box.y + box.height * (1 - 1 / 6) - 1);
    await page.mouse.down();
    for (let k = 1; k <= 40; k++)
      await page.mouse.move(
        box.x + 1 + ((box.width - 2) * k) / 40,
        box.y + box.height * (1 - 1 / 6 - ((2 / 3) * k) / 40),
      );
    await page.mouse.up();
    await until(page, (old) => document.querySelector("#approximation") !== (old as unknown), before); // the handle arrives as its element
    await playToDone("approximation");
    // A straight line is easy for ReLUs: the fit ends close to it.
    expect(Number(await page.locator("#approximation").getAttribute("data-loss"))).toBeLessThan(0.01);
    await page.locator("#approximation").screenshot({path: "screenshots/perceptron-drawn.png"});
  });

  it("trains the MLP on WebGPU as well", async () => {
    await setInput(page, "Backend", "WebGPU", {marker: "#mlp"});
    expect(await page.locator("#mlp").count()).toBe(1);
    await setInput(page, "Steps to train", 50, {marker: "#mlp"});
    await playToDone("mlp");
    expect(await page.locator(".backend-badge").first().getAttribute("data-backend")).toBe("webgpu");
    expect(await paintedPixels(page, "#mlp-surface")).toBeGreaterThan(1000);
  });

  it("logs no errors", async () => {
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});
