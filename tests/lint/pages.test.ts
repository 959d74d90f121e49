// Thin pages (ARCHITECTURE.md): every page stays under 350 lines, and none sets up ONNX Runtime itself (runtime/page.ts
// does it once for all). Page state (issue: links that reproduce the page): no page or component reads the URL's query
// by hand; inputs go through ui/pageState.ts and the codecs of core/urlState.ts.
import {readFileSync, readdirSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {describe, expect, it} from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const pages = readdirSync(SRC).filter((f) => f.endsWith(".md"));

/** Every page and component source under src/ (loaders' generated cache left out). */
const sources = (readdirSync(SRC, {recursive: true}) as string[])
  .filter((f) => /\.(md|ts|js)$/.test(f) && !f.startsWith(".observablehq"))
  .map((f) => relative(SRC, join(SRC, f)).replaceAll("\\", "/"));

/** The only modules that may touch the query string: the codecs and the page state. */
const URL_OWNERS = ["components/core/urlState.ts", "components/ui/pageState.ts"];

/** Reading the query by hand: `URLSearchParams`, `location.search`, `searchParams`. */
export const READS_QUERY = /\bURLSearchParams\b|\blocation\s*\??\.\s*search\b|\.searchParams\b/;

describe("pages", () => {
  it.each(pages)("%s has at most 350 lines and no runtime set-up of its own", (page) => {
    const text = readFileSync(join(SRC, page), "utf8");
    expect(text.split("\n").length - (text.endsWith("\n") ? 1 : 0)).toBeLessThanOrEqual(350);
    expect(text).not.toMatch(/\bconfigureRuntime\b/);
    expect(text).not.toMatch(/import\s*\{[^}]*\}\s*from\s*"\.\/components\/runtime\/runtime\.js"/);
  });

  it("the rule catches each way of reading the query by hand", () => {
    for (const bad of [
      'new URLSearchParams(location.search).get("backend")',
      "const q = location.search;",
      "globalThis.location?.search",
      "new URL(location.href).searchParams.get('x')",
    ])
      expect(bad).toMatch(READS_QUERY);
    expect('url.radio("backend", ["webgpu", "wasm"], {value: "webgpu"})').not.toMatch(READS_QUERY);
  });

  it("no page or component reads the URL's query except through the page state", () => {
    expect(sources.length).toBeGreaterThan(50);
    const offenders = sources.filter(
      (f) => !URL_OWNERS.includes(f) && READS_QUERY.test(readFileSync(join(SRC, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
