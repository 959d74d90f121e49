// The import rules of ARCHITECTURE.md hold over src/ and data-loaders/, and the checker catches each kind of
// wrong import on fixtures (so a violation would fail `npm test`, naming the import).
import {readFileSync, readdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {describe, expect, it} from "vitest";
import {checkImports, importsOf, partOf} from "./boundaries.js";

const ROOT = resolve(import.meta.dirname, "../..");
const sources = ["src", "data-loaders"].flatMap((dir) =>
  readdirSync(join(ROOT, dir), {recursive: true, encoding: "utf8"})
    .map((f) => join(dir, f).replaceAll("\\", "/"))
    .filter((f) => /\.(ts|md)$/.test(f) && !f.includes(".observablehq/")),
);

describe("import boundaries", () => {
  it("every module under src/components/ sits in one of the parts", () => {
    const components = sources.filter((f) => f.startsWith("src/components/"));
    expect(components.length).toBeGreaterThan(50);
    expect(components.filter((f) => partOf(f) === null)).toEqual([]);
  });

  it("src/ and data-loaders/ break none of the rules", () => {
    const violations = sources.flatMap((f) => checkImports(f, readFileSync(join(ROOT, f), "utf8")));
    expect(violations.map((v) => `${v.file}:${v.line} imports ${v.specifier}: ${v.rule}`)).toEqual([]);
  });

  it("reads static, type-only, dynamic and re-exported imports and import.meta.resolve, with their lines", () => {
    const source = [
      'import * as ort from "onnxruntime-web";',
      'import type {Weights} from "@brain-nets/models";',
      "import {",
      "  a,",
      '} from "./a.js";',
      'export {b} from "../b.js";',
      'const c = await import("./c.js");',
      'const url = import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm");',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      {specifier: "onnxruntime-web", line: 1},
      {specifier: "@brain-nets/models", line: 2},
      {specifier: "./a.js", line: 3},
      {specifier: "../b.js", line: 6},
      {specifier: "./c.js", line: 7},
      {specifier: "onnxruntime-web/ort-wasm-simd-threaded.wasm", line: 8},
    ]);
  });

  it("fails a deliberately wrong import of each kind, naming it", () => {
    const rules = (path: string, source: string) => checkImports(path, source).map((v) => `${v.specifier}: ${v.rule}`);
    // A chart that runs a session.
    expect(rules("src/components/charts/lossChart.ts", 'import {runOnce} from "../runtime/runtime.js";')).toEqual([
      "../runtime/runtime.js: charts never import runtime",
    ]);
    // ONNX Runtime outside runtime/.
    expect(rules("src/components/training/x.ts", 'import * as ort from "onnxruntime-web";')).toEqual([
      "onnxruntime-web: only runtime/ imports onnxruntime-web",
    ]);
    // The core reaching for the browser: a UI module, a plotting library, the DOM.
    expect(
      rules(
        "src/components/core/stats.ts",
        'import {card} from "../ui/card.js";\nimport * as Plot from "@observablehq/plot";\nexport const el = document.createElement("p");',
      ),
    ).toEqual([
      "../ui/card.js: core may not import ui",
      "@observablehq/plot: core imports only core, @brain-nets/models and apache-arrow, d3-array, d3-random, fflate",
      "document: core touches no DOM (it runs in Node too)",
    ]);
    // A loader importing page-side code.
    expect(
      rules("data-loaders/analysis/x.ts", 'import {Trainer} from "../../src/components/training/trainer.ts";'),
    ).toEqual(["../../src/components/training/trainer.ts: data-loaders import only core from src/components/"]);
    // The same imports where they belong pass.
    expect(rules("src/components/runtime/runtime.ts", 'import * as ort from "onnxruntime-web";')).toEqual([]);
    expect(rules("data-loaders/analysis/x.ts", 'import {rdm} from "../../src/components/core/rdm.ts";')).toEqual([]);
    expect(rules("src/rsa.md", 'import {rdm} from "./components/core/rdm.js";')).toEqual([]);
  });
});
