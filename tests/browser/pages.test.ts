// Opens every built page (on WASM: WebGPU has tests of its own) and fails on any console error, uncaught error,
// failed request or cell error, once the page announces that its start-up is done.
import {readdirSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {DIST, WAIT, cellErrors, frames, openPage, screenshot, shown, useSite} from "./harness.js";
import {READY} from "./pageMarkers.js";

const pages = readdirSync(DIST, {recursive: true, encoding: "utf8"})
  .filter((f) => f.endsWith(".html") && !f.startsWith("_"))
  .map((f) => "/" + f.replace(/\.html$/, "").replace(/(^|\/)index$/, ""));

const site = useSite();

describe("every page", () => {
  it.each(pages)("%s opens without errors", async (path) => {
    expect(READY[path], `no start-up marker for ${path} in pageMarkers.ts`).toBeDefined();
    const {page, problems} = await openPage(site.browser(), `${site.url()}${path}?backend=wasm`);
    await shown(page.locator(READY[path]).first(), WAIT.startUp);
    await frames(page);
    await screenshot(page, "page" + (path === "/" ? "-index" : path.replaceAll("/", "-")));
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });
});
