// Opens every built page and fails on any console error, uncaught error, failed request or cell error.
import {readdirSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {DIST, cellErrors, openPage, screenshot, useSite} from "./harness.js";

const pages = readdirSync(DIST, {recursive: true, encoding: "utf8"})
  .filter((f) => f.endsWith(".html") && !f.startsWith("_"))
  .map((f) => "/" + f.replace(/\.html$/, "").replace(/(^|\/)index$/, ""));

const site = useSite();

describe("every page", () => {
  it.each(pages)("%s opens without errors", async (path) => {
    const {page, problems} = await openPage(site.browser(), site.url() + path);
    await page.waitForLoadState("networkidle");
    // Give reactive cells a moment to settle before reading their error state.
    await page.waitForTimeout(1500);
    await screenshot(page, "page" + (path === "/" ? "-index" : path.replaceAll("/", "-")));
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
