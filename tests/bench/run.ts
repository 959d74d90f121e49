/**
 * `npm run bench`: runs every `tests/bench/*.bench.ts` (or only those whose names contain a CLI argument) and
 * rewrites their sections of BENCHMARKS.md. Each bench module exports
 * `title: string` and `run(): Promise<string>` returning a Markdown section body (tables of medians and ratios).
 * Sections of modules not run this time are kept as they were.
 */
import {readdirSync, readFileSync, writeFileSync, existsSync} from "node:fs";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {cpus} from "node:os";

const ROOT = resolve(import.meta.dirname, "../..");
const FILE = resolve(ROOT, "BENCHMARKS.md");
const filters = process.argv.slice(2);

const HEADER = `# Benchmarks

Medians of several runs, measured on the development machine named in each section. Ratios compare
implementations measured side by side in the same run. Regenerate with \`npm run bench\` (or
\`npm run bench -- <name>\` for one module of \`tests/bench/\`; browser benchmarks need \`npm run build\` first).
`;

/** Splits BENCHMARKS.md into its `<!-- bench:name -->` sections. */
function readSections(): Map<string, string> {
  const sections = new Map<string, string>();
  if (!existsSync(FILE)) return sections;
  const text = readFileSync(FILE, "utf8");
  const re = /<!-- bench:([\w-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g;
  for (const m of text.matchAll(re)) sections.set(m[1], m[2]);
  return sections;
}

const updated = new Map<string, string>();
const modules = readdirSync(resolve(ROOT, "tests/bench"))
  .filter((f) => f.endsWith(".bench.ts"))
  .sort();
for (const file of modules) {
  const name = file.replace(/\.bench\.ts$/, "");
  if (filters.length && !filters.some((f) => name.includes(f))) continue;
  console.error(`bench: ${name}`);
  const mod = (await import(pathToFileURL(resolve(ROOT, "tests/bench", file)).href)) as {
    title: string;
    run: () => Promise<string>;
  };
  const body = await mod.run();
  const when = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`;
  updated.set(name, `## ${mod.title}\n\n_Measured ${when} on ${machine}._\n\n${body.trim()}\n\n`);
}
// Re-read just before writing: another bench run may have rewritten other sections while this one ran.
const sections = readSections();
for (const [name, body] of updated) sections.set(name, body);
const out = [
  HEADER,
  ...[...sections].map(([name, body]) => `<!-- bench:${name} -->\n${body}<!-- /bench:${name} -->\n`),
];
writeFileSync(FILE, out.join("\n"));
console.error(`bench: wrote ${FILE}`);
