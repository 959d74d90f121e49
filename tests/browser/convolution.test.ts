// The convolution page: the flashlight steps, the kernels render, and real Conv graphs run on WASM; on WebGPU the
// same graphs measure the same receptive fields (WebGPU here is SwiftShader, so its test is only about agreement).
import {describe, expect, it} from "vitest";
import {WAIT, cellErrors, openPage, screenshot, shown, until, useSite} from "./harness.js";

const site = useSite();

// Receptive fields of stacked 3 × 3 layers measured with impulses: 3, 5, 7 pixels.
const UNPOOLED = [
  "Layer 1: 3 px measured, 3 px by formula",
  "Layer 2: 5 px measured, 5 px by formula",
  "Layer 3: 7 px measured, 7 px by formula",
];

describe("convolution page", () => {
  it("renders the kernels and steps the flashlight (wasm)", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/convolution?backend=wasm`, {height: 1000});
    const flashlight = await shown(page.locator(".flashlight"), WAIT.startUp);
    expect(await page.locator(".kernel-gallery svg").count()).toBe(7);
    expect(await flashlight.getAttribute("data-position")).toBe("0");
    for (let i = 0; i < 3; i++) await page.getByRole("button", {name: "Step one position"}).click();
    expect(await flashlight.getAttribute("data-position")).toBe("3");
    expect(await page.locator(".flashlight-sum").innerText()).toMatch(
      /Output \(2, 0\) = Σ window × kernel = -?\d+\.\d{3}/,
    );
    await page.getByRole("button", {name: "Play"}).click();
    await until(page, () => Number(document.querySelector<HTMLElement>(".flashlight")?.dataset.position) > 20);
    await page.getByRole("button", {name: "Pause"}).click();
    // One Conv node, seven kernels: seven feature maps of 20 × 36.
    await shown(page.locator(".bank-maps .feature-maps svg").nth(6), WAIT.startUp);
    expect(await page.locator(".bank-maps h3").innerText()).toContain("7 feature maps of 20 × 36");
    await shown(page.locator(".rf-growth svg").nth(2), WAIT.startUp);
    expect(await page.locator(".rf-growth figcaption").allInnerTexts()).toEqual(UNPOOLED);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("wasm");
    await page.locator(".bank-maps").screenshot({path: "screenshots/convolution-bank-wasm.png"});
    await page.getByLabel("2 × 2 average pooling after each layer").check();
    // With pooling: 3 → 4 → 8 → 10 → 18 → 22 pixels (conv, pool, conv, pool, conv, pool).
    await until(page, () =>
      /Layer 3: 22 px measured, 22 px by formula/.test(document.querySelector(".rf-growth")?.textContent ?? ""),
    );
    await page.locator(".rf-growth").screenshot({path: "screenshots/convolution-rf-wasm.png"});
    await screenshot(page, "convolution-wasm");
    await page.locator(".kernel-gallery").screenshot({path: "screenshots/convolution-kernels-wasm.png"});
    await flashlight.screenshot({path: "screenshots/convolution-flashlight-wasm.png"});
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("runs the same Conv graphs on WebGPU and measures the same receptive fields", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/convolution?backend=webgpu`, {height: 1000});
    await shown(page.locator(".bank-maps .feature-maps svg").nth(6), WAIT.run);
    expect(await page.locator(".bank-maps h3").innerText()).toContain("7 feature maps of 20 × 36");
    await shown(page.locator(".rf-growth svg").nth(2), WAIT.run);
    expect(await page.locator(".rf-growth figcaption").allInnerTexts()).toEqual(UNPOOLED);
    expect(await page.locator(".backend-badge").getAttribute("data-backend")).toBe("webgpu");
    await page.locator(".bank-maps").screenshot({path: "screenshots/convolution-bank-webgpu.png"});
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
