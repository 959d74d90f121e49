// "Your model" on /receptive-fields: the site's first-layer filters are drawn with their Gabor fits; a test-built
// residual network (3 × 64 × 64, dynamic batch) added on the page gets its 3-colour filters drawn and fitted, and a
// unit of its first conv layer an occlusion map; a reload keeps it; a bad file gets its message and changes nothing.
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {cellErrors, openPage, poll, screenshot, scrollToText, shown, useSite, WAIT} from "./harness.js";
import {residualNet} from "../models/onnxFixtures.js";

const site = useSite();

const badge = (page: Page) => page.locator(".model-control .model-badge");
const galleries = (page: Page) => page.locator(".filter-gallery");
const captions = (page: Page, i: number) => galleries(page).nth(i).locator("figcaption");
const FIT = /^.+: \d+° · λ (\d+\.\d px|∞) · σ \d+\.\d\/\d+\.\d · R² -?\d\.\d\d$/;

async function occlusionDone(page: Page): Promise<string> {
  await scrollToText(page, "Your model's units by occlusion");
  await shown(page.locator(".model-occlusion-done"), WAIT.run);
  return page.locator(".model-occlusion-done").innerText();
}

describe("your model on /receptive-fields", () => {
  it("draws the site's filters, then the model's filters and a conv unit's occlusion maps; a reload keeps them", async () => {
    const {page, problems} = await openPage(
      site.browser(),
      `${site.url()}/receptive-fields?backend=wasm&images=1&stride=8`,
      {
        width: 1200,
        height: 1000,
      },
    );
    const picker = page.locator(".model-control input[type=file]");
    await shown(picker, WAIT.startUp);
    // Without a model: the site's deep network's six 7 × 7 filters, each with its fit.
    await scrollToText(page, "First-layer filters and their Gabors");
    await poll(() => captions(page, 0).count(), WAIT.run).toBe(6);
    expect(await galleries(page).nth(0).locator("strong").innerText()).toMatch(
      /^The site's deep grating network: 6 filters of 1 channel, 7 × 7/,
    );
    for (const c of await captions(page, 0).allInnerTexts()) expect(c).toMatch(FIT);
    // Its four Gabor-started filters still fit Gabors well.
    const r2 = (await captions(page, 0).allInnerTexts()).map((c) => Number(c.match(/R² (-?[\d.]+)/)![1]));
    expect(r2.slice(2).every((v) => v > 0.8)).toBe(true);
    expect(await page.locator(".model-occlusion-none").innerText()).toMatch(/Add your model above/);

    // A bad file: its message, and nothing else changes (the gallery drawn before is still the same element).
    await galleries(page).first().evaluate((el) => ((el as HTMLElement).dataset.kept = "1"));
    await picker.setInputFiles({
      name: "weights.onnx",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("PK\x03\x04 a zip"),
    });
    await poll(() => page.locator(".model-control .model-error").innerText()).toMatch(
      /^weights\.onnx is a zip archive.*Still using the site's networks\.$/,
    );
    expect(await badge(page).count()).toBe(0);
    expect(await galleries(page).count()).toBe(1);
    expect(await page.locator(".filter-gallery[data-kept]").count()).toBe(1);

    await picker.setInputFiles({
      name: "resnet.onnx",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(residualNet()),
    });
    await shown(page.locator(".model-control .model-add"));
    await page.locator(".model-control .model-add").click();
    await poll(() => badge(page).innerText(), WAIT.run).toMatch(/^your model: resnet\.onnx, 5 layers/);
    // The model's stem: eight 3 × 3 filters on three colour channels, each drawn and fitted.
    await poll(() => captions(page, 1).count(), WAIT.run).toBe(8);
    expect(await galleries(page).nth(1).locator("strong").innerText()).toMatch(
      /^Your model \(resnet\.onnx\): 8 filters of 3 colour channels, 3 × 3/,
    );
    for (const c of await captions(page, 1).allInnerTexts()) expect(c).toMatch(FIT);
    // Both networks' fits on the orientation × frequency chart: 6 + 8 dots.
    await poll(() => page.locator(".gabor-fits [aria-label='dot'] circle").count()).toBe(14);
    await galleries(page).nth(1).screenshot({path: "screenshots/user-model-filters.png"});
    await page.locator(".gabor-fits").screenshot({path: "screenshots/user-model-gabor-fits.png"});

    // The first conv layer is the default; stride 4 at 64 px: 16 × 16 placements + the intact image, 4 stimuli.
    expect(await occlusionDone(page)).toMatch(/^Done: \/Conv_1 \(Conv\), 8 units mapped, 1,028 images \(4 × 257\)/);
    expect(await page.locator(".model-discrepancy image").count()).toBe(8); // 4 stimuli and their maps
    await page.getByLabel("Your model's channel").fill("3");
    await page.getByLabel("Your model's channel").dispatchEvent("input");
    await poll(() => page.locator(".model-rf-sizes [aria-label='text'] text").first().textContent()).toBe("unit 3");
    await shown(page.locator(".model-unit[data-unit='3']"));
    await page.locator(".model-unit").screenshot({path: "screenshots/user-model-occlusion.png"});
    await page.locator(".model-rf-sizes").screenshot({path: "screenshots/user-model-rf-sizes.png"});
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-model-receptive-fields");

    await page.reload();
    await poll(() => badge(page).innerText(), WAIT.startUp).toMatch(/^your model: resnet\.onnx, 5 layers/);
    expect(await occlusionDone(page)).toMatch(/8 units mapped/);
    await poll(() => captions(page, 1).count(), WAIT.run).toBe(8);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await page.context().close();
  });
});
