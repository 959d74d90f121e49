/**
 * After `observable build`: precompressed siblings and the first-visit budget.
 *
 * - {@link precompress} writes `x.gz` and `x.br` next to every text, wasm, Arrow and model file over 10 kB in the
 *   built site, so hosts that serve precompressed files (nginx `gzip_static`/`brotli_static`, Netlify, Cloudflare,
 *   S3 with Content-Encoding) send the small form. The plain files stay, so `dist/` works from any static server.
 *   Brotli runs at quality 11 on files up to 1 MB and 9 above (quality 11 takes over a minute on ORT's 28 MB wasm
 *   for 15% less).
 * - {@link pageBudgets} lists, per page, what a first visit can fetch: the HTML, its stylesheets and preloaded
 *   modules, every file the page registers, and ONNX Runtime's plain SIMD wasm where the page imports the runtime
 *   (the WebGPU-capable wasm is listed apart: it is fetched only when WebGPU is used). Registered files are an upper
 *   bound (a page fetches some only when the reader asks, e.g. one of the five build-time decoders); the browser
 *   measurement in BENCHMARKS.md ("First visit") counts what is actually fetched.
 */
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync} from "node:fs";
import {extname, join, relative, resolve} from "node:path";
import {promisify} from "node:util";
import {brotliCompress, constants, gzip} from "node:zlib";

/** Extensions that get precompressed siblings. */
export const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".svg",
  ".txt",
  ".csv",
  ".md",
  ".wasm",
  ".arrow",
  ".onnx",
  ".bin",
]);
/** Files at or below this size are left alone (a header costs more than it saves). */
export const MIN_BYTES = 10 * 1024;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The gzip (level 9) and brotli forms of some bytes. */
export async function compressBoth(bytes: Uint8Array): Promise<{gz: Uint8Array; br: Uint8Array}> {
  const [gz, br] = await Promise.all([
    gzipAsync(bytes, {level: 9}),
    brotliAsync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: bytes.length > 1 << 20 ? 9 : 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  ]);
  return {gz, br};
}

/** Every file under `dir` (relative paths, `/`-separated), siblings `.gz`/`.br` left out. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, {recursive: true}) as string[])
    .map((f) => f.replaceAll("\\", "/"))
    .filter((f) => !f.endsWith(".gz") && !f.endsWith(".br") && statSync(join(dir, f)).isFile());
}

/** What {@link precompress} did: files compressed and bytes before and after. */
export interface PrecompressReport {
  files: number;
  raw: number;
  gz: number;
  br: number;
}

/** Writes `.gz` and `.br` siblings of every compressible file over {@link MIN_BYTES} under `dir`. */
export async function precompress(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = {files: 0, raw: 0, gz: 0, br: 0};
  const todo = filesUnder(dir).filter((f) => COMPRESSIBLE.has(extname(f)) && statSync(join(dir, f)).size > MIN_BYTES);
  // Two at a time: zlib runs on libuv's thread pool, and the build machines have two cores.
  for (let k = 0; k < todo.length; k += 2) {
    await Promise.all(
      todo.slice(k, k + 2).map(async (f) => {
        const path = join(dir, f);
        const bytes = readFileSync(path);
        const {gz, br} = await compressBoth(bytes);
        writeFileSync(`${path}.gz`, gz);
        writeFileSync(`${path}.br`, br);
        report.files++;
        report.raw += bytes.length;
        report.gz += gz.length;
        report.br += br.length;
      }),
    );
  }
  return report;
}

/** Bytes of one file: as stored, and gzip-compressed as a host would send it (the `.gz` sibling when there is one). */
export interface Sized {
  path: string;
  raw: number;
  gz: number;
}

/** One page's first-visit budget (see the module comment). */
export interface PageBudget {
  page: string;
  files: Sized[];
  raw: number;
  gz: number;
  /** ORT's WebGPU-capable wasm, when the page imports the runtime (fetched only on WebGPU), else null. */
  webgpuWasm: Sized | null;
}

function sized(dir: string, path: string, cache: Map<string, Sized>): Sized | null {
  const full = join(dir, path);
  if (!existsSync(full)) return null;
  let s = cache.get(path);
  if (!s) {
    const raw = statSync(full).size;
    const gzPath = `${full}.gz`;
    s = {path, raw, gz: existsSync(gzPath) ? statSync(gzPath).size : raw};
    cache.set(path, s);
  }
  return s;
}

/** The site-relative paths a built page references: stylesheets, module preloads and registered files. */
export function pageReferences(html: string): {styles: string[]; modules: string[]; files: string[]} {
  const clean = (p: string) => p.replace(/^\.\//, "").replace(/^\//, "");
  const styles = [...html.matchAll(/<link rel="stylesheet" (?:type="text\/css" )?href="([^"]+)"/g)].map((m) =>
    clean(m[1]),
  );
  const modules = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => clean(m[1]));
  const files = [...html.matchAll(/registerFile\("[^"]*", \{[^}]*"path":"([^"]+)"/g)].map((m) => clean(m[1]));
  return {styles, modules, files};
}

/** The first-visit budget of every page of the built site in `dir`. */
export function pageBudgets(dir: string): PageBudget[] {
  const cache = new Map<string, Sized>();
  const all = filesUnder(dir);
  const plainWasm = all.find((f) => /onnxruntime-web@[^/]+\/ort-wasm-simd-threaded\.wasm$/.test(f)) ?? null;
  const jsepWasm = all.find((f) => /onnxruntime-web@[^/]+\/ort-wasm-simd-threaded\.jsep\.wasm$/.test(f)) ?? null;
  return all
    .filter((f) => f.endsWith(".html") && !f.includes("/"))
    .sort()
    .map((htmlFile) => {
      const html = readFileSync(join(dir, htmlFile), "utf8");
      const refs = pageReferences(html);
      const usesRuntime = refs.modules.some((m) => /_import\/components\/runtime\//.test(m));
      const paths = [htmlFile, ...refs.styles, ...refs.modules, ...refs.files];
      if (usesRuntime && plainWasm) paths.push(plainWasm);
      const files = [...new Set(paths)].map((p) => sized(dir, p, cache)).filter((s): s is Sized => s !== null);
      return {
        page: htmlFile.replace(/\.html$/, ""),
        files,
        raw: files.reduce((a, f) => a + f.raw, 0),
        gz: files.reduce((a, f) => a + f.gz, 0),
        webgpuWasm: usesRuntime && jsepWasm ? sized(dir, jsepWasm, cache) : null,
      };
    });
}

/** Megabytes with one decimal (10⁶ bytes, as network budgets are usually stated). */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** The summary printed after a build: one line per page. */
export function budgetTable(budgets: PageBudget[]): string {
  const width = Math.max(...budgets.map((b) => b.page.length));
  const lines = budgets.map(
    (b) =>
      `  ${b.page.padEnd(width)}  ${mb(b.gz).padStart(8)} gzip  (${mb(b.raw)} raw${b.webgpuWasm ? `; + ${mb(b.webgpuWasm.gz)} gzip on WebGPU` : ""})`,
  );
  return [`First visit, at most (page, styles, modules, registered files, ORT's wasm), per page:`, ...lines].join("\n");
}

/** The repository root and built site, for the CLI below. */
export const ROOT = resolve(import.meta.dirname, "..");

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const dir = resolve(ROOT, process.env.BN_OUTPUT ?? "dist");
  const t0 = performance.now();
  const r = await precompress(dir);
  console.log(
    `precompress: ${r.files} files in ${relative(ROOT, dir) || "."}/ (${mb(r.raw)} → ${mb(r.gz)} gzip, ${mb(r.br)} brotli) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(budgetTable(pageBudgets(dir)));
}
