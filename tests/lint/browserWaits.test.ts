// Every wait in the browser tests names its timeout (see browserWaits.ts): checked over tests/browser/, and shown
// to catch each kind of mistake on fixtures.
import {readFileSync, readdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {checkBrowserWaits} from "./browserWaits.js";

const BROWSER = resolve(import.meta.dirname, "../browser");

describe("browser-test waits", () => {
  it.each(readdirSync(BROWSER).filter((f) => f.endsWith(".ts")))("%s names a timeout for every wait", (file) => {
    const source = readFileSync(join(BROWSER, file), "utf8");
    expect(checkBrowserWaits(source, {allowContexts: file === "harness.ts"})).toEqual([]);
  });

  it("finds an expect.poll left on vitest's default, with its line", () => {
    const fixture = [
      "const status = page.locator('.train-status');",
      "await expect.poll(() => status.getAttribute('data-architecture')).toBe('200 → 5 (relu) → 1');",
      "await expect.poll(() => status.getAttribute('data-status'), {timeout: 60_000}).toBe('done');",
    ].join("\n");
    const problems = checkBrowserWaits(fixture);
    expect(problems.map((p) => [p.line, p.why])).toEqual([[2, "no timeout: the library's default is too short"]]);
    expect(problems[0].call).toMatch(/^expect\.poll\(\(\) => status\.getAttribute/);
  });

  it("finds playwright waits without a timeout, however their arguments are spread over lines", () => {
    const fixture = [
      "await page.locator('.flashlight').waitFor();", // 1: default
      "await page.waitForFunction(",
      "  () => document.querySelector('.x')?.textContent === '(1)',", // a ')' inside a string
      ");", // 2–4: default
      "await page.waitForFunction(() => ok(), null, {",
      "  timeout: 240_000,",
      "});", // 5–7: fine
      "await page.waitForSelector('#mlp-status', {timeout: 120_000});", // fine
      "// page.waitForSelector('#in-a-comment') is prose, not a call",
    ].join("\n");
    expect(checkBrowserWaits(fixture).map((p) => p.line)).toEqual([1, 2]);
  });

  it("refuses fixed sleeps even with a number, and contexts made outside the harness", () => {
    const fixture = "await page.waitForTimeout(1500);\nconst context = await site.browser().newContext();";
    expect(checkBrowserWaits(fixture).map((p) => p.line)).toEqual([1, 2]);
    expect(checkBrowserWaits(fixture, {allowContexts: true}).map((p) => p.line)).toEqual([1]);
  });
});
