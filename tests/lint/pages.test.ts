// Thin pages (ARCHITECTURE.md): every page stays under 350 lines, and none sets up ONNX Runtime itself (runtime/page.ts
// does it once for all).
import {readFileSync, readdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const pages = readdirSync(SRC).filter((f) => f.endsWith(".md"));

describe("pages", () => {
  it.each(pages)("%s has at most 350 lines and no runtime set-up of its own", (page) => {
    const text = readFileSync(join(SRC, page), "utf8");
    expect(text.split("\n").length - (text.endsWith("\n") ? 1 : 0)).toBeLessThanOrEqual(350);
    expect(text).not.toMatch(/\bconfigureRuntime\b/);
    expect(text).not.toMatch(/import\s*\{[^}]*\}\s*from\s*"\.\/components\/runtime\/runtime\.js"/);
  });
});
