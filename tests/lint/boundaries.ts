/**
 * The import rules of ARCHITECTURE.md, checked over the source tree. A module's part is the first folder under
 * `src/components/` (core, runtime, training, charts, ui, pages), or `loader` for the build-time code in
 * `data-loaders/` and the loader entries in `src/data/`:
 * - core imports only core, `@brain-nets/models` and the pure data libraries in {@link CORE_PACKAGES}, and
 *   touches no DOM (so the build and the browser share it);
 * - only runtime imports `onnxruntime-web`;
 * - loaders import from `src/components/` only core;
 * - charts never import runtime or training (they draw what they are given);
 * - runtime and training import no ui, charts or pages; ui no pages.
 */
import {dirname, join, normalize, relative} from "node:path";

/** Packages core may import besides `@brain-nets/models`: pure data code that runs the same in Node and browsers. */
export const CORE_PACKAGES = ["apache-arrow", "d3-array", "d3-random", "fflate"];

/** The parts of the tree, as the folder names under src/components/ spell them. */
export type Part = "core" | "runtime" | "training" | "charts" | "ui" | "pages" | "loader" | "page";

/** The part a repository path belongs to, or null for code the rules do not cover (tests, models/, config). */
export function partOf(path: string): Part | null {
  const p = normalize(path).replaceAll("\\", "/");
  const m = /^src\/components\/([^/]+)\//.exec(p);
  if (m) return (["core", "runtime", "training", "charts", "ui", "pages"] as const).find((k) => k === m[1]) ?? null;
  if (p.startsWith("data-loaders/") || p.startsWith("src/data/")) return "loader";
  if (/^src\/[^/]+\.md$/.test(p)) return "page";
  return null;
}

/** What each part may import from the other parts (itself included). */
const ALLOWED: Record<Part, readonly Part[]> = {
  core: ["core"],
  runtime: ["core", "runtime"],
  training: ["core", "runtime", "training"],
  charts: ["core", "charts"],
  ui: ["core", "runtime", "training", "charts", "ui"],
  pages: ["core", "runtime", "training", "charts", "ui", "pages"],
  loader: ["core", "loader"],
  page: ["core", "runtime", "training", "charts", "ui", "pages"],
};

/** One broken rule: the importing file, the line, the import as written and the rule it breaks. */
export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

/** Every module specifier a source file imports (static, dynamic, re-exports, `import.meta.resolve`). */
export function importsOf(source: string): {specifier: string; line: number}[] {
  const out: {specifier: string; line: number}[] = [];
  const re =
    /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+?\s+from\s+|\bimport\s*\(\s*|import\.meta\.resolve\(\s*)(["'])([^"']+)\1/g;
  for (const m of source.matchAll(re)) out.push({specifier: m[2], line: source.slice(0, m.index).split("\n").length});
  return out;
}

/** The package a bare specifier names (`@scope/name` or `name`), or null for a relative one. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Checks one file (`path` relative to the repository root) against the rules; `source` is its text. */
export function checkImports(path: string, source: string): Violation[] {
  const from = partOf(path);
  if (!from) return [];
  const violations: Violation[] = [];
  for (const {specifier, line} of importsOf(source)) {
    const pkg = packageOf(specifier);
    const fail = (rule: string) => violations.push({file: path, line, specifier, rule});
    if (pkg) {
      if (pkg === "onnxruntime-web" && from !== "runtime") fail("only runtime/ imports onnxruntime-web");
      else if (
        from === "core" &&
        pkg !== "@brain-nets/models" &&
        !CORE_PACKAGES.includes(pkg) &&
        !pkg.startsWith("node:")
      )
        fail(`core imports only core, @brain-nets/models and ${CORE_PACKAGES.join(", ")}`);
      continue;
    }
    const target = relative(".", join(dirname(path), specifier)).replaceAll("\\", "/");
    const to = partOf(target);
    if (!to || ALLOWED[from].includes(to)) continue;
    if (from === "loader") fail("data-loaders import only core from src/components/");
    else if (from === "charts") fail(`charts never import ${to}`);
    else fail(`${from} may not import ${to}`);
  }
  if (from === "core") {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
    const dom = /\b(?:(document|window|navigator)\s*\.|(HTML\w*Element)\b)/.exec(code);
    if (dom)
      violations.push({
        file: path,
        line: code.slice(0, dom.index).split("\n").length,
        specifier: dom[1] ?? dom[2],
        rule: "core touches no DOM (it runs in Node too)",
      });
  }
  return violations;
}
