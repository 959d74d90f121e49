import {mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {budgetTable, pageBudgets, pageReferences, precompress} from "../../scripts/precompress.ts";

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), "precompress-"));
  mkdirSync(join(dir, "_import/components/runtime"), {recursive: true});
  mkdirSync(join(dir, "_file/data"), {recursive: true});
  mkdirSync(join(dir, "_node/onnxruntime-web@1.30.0"), {recursive: true});
  const text = "const x = 1;\n".repeat(2000); // 26 kB of very compressible text
  writeFileSync(join(dir, "_import/components/runtime/page.abc.js"), text);
  writeFileSync(join(dir, "_import/tiny.def.js"), "export {};\n"); // under 10 kB: left alone
  writeFileSync(join(dir, "_file/data/v1.0123abcd.arrow"), new Uint8Array(20_000).fill(7));
  writeFileSync(join(dir, "_file/data/archive.zip"), new Uint8Array(20_000)); // already compressed: left alone
  writeFileSync(join(dir, "_node/onnxruntime-web@1.30.0/ort-wasm-simd-threaded.wasm"), new Uint8Array(30_000).fill(1));
  writeFileSync(
    join(dir, "_node/onnxruntime-web@1.30.0/ort-wasm-simd-threaded.jsep.wasm"),
    new Uint8Array(50_000).fill(2),
  );
  writeFileSync(
    join(dir, "decoding.html"),
    `<link rel="stylesheet" type="text/css" href="./_import/style.css">
<link rel="modulepreload" href="./_import/components/runtime/page.abc.js">
<script type="module">
registerFile("./data/v1.arrow", {"name":"./data/v1.arrow","path":"./_file/data/v1.0123abcd.arrow","size":20000})
</script>`,
  );
  writeFileSync(join(dir, "_import/style.css"), "body{}");
  writeFileSync(join(dir, "index.html"), `<link rel="modulepreload" href="./_import/tiny.def.js">`);
  return dir;
}

describe("precompress", () => {
  it("writes .gz and .br siblings of compressible files over 10 kB, which decompress to the same bytes", async () => {
    const dir = site();
    const report = await precompress(dir);
    expect(report.files).toBe(4); // the js, the arrow and the two wasm files
    for (const f of [
      "_import/components/runtime/page.abc.js",
      "_file/data/v1.0123abcd.arrow",
      "_node/onnxruntime-web@1.30.0/ort-wasm-simd-threaded.wasm",
    ]) {
      const raw = readFileSync(join(dir, f));
      expect(gunzipSync(readFileSync(join(dir, `${f}.gz`)))).toEqual(raw);
      expect(brotliDecompressSync(readFileSync(join(dir, `${f}.br`)))).toEqual(raw);
    }
    expect(existsSync(join(dir, "_import/tiny.def.js.gz"))).toBe(false);
    expect(existsSync(join(dir, "_file/data/archive.zip.gz"))).toBe(false);
    expect(report.gz).toBeLessThan(report.raw / 10);
    // Running again recompresses the plain files only (siblings are not compressed twice).
    expect((await precompress(dir)).files).toBe(4);
  });

  it("reads a built page's stylesheets, preloaded modules and registered files", () => {
    const refs = pageReferences(readFileSync(join(site(), "decoding.html"), "utf8"));
    expect(refs).toEqual({
      styles: ["_import/style.css"],
      modules: ["_import/components/runtime/page.abc.js"],
      files: ["_file/data/v1.0123abcd.arrow"],
    });
  });

  it("adds up each page's first-visit bytes, raw and gzip, with ORT's plain wasm where the page uses the runtime", async () => {
    const dir = site();
    await precompress(dir);
    const [decoding, index] = pageBudgets(dir);
    const size = (f: string) => readFileSync(join(dir, f)).length;
    const gz = (f: string) => (existsSync(join(dir, `${f}.gz`)) ? size(`${f}.gz`) : size(f));
    const files = [
      "decoding.html",
      "_import/style.css",
      "_import/components/runtime/page.abc.js",
      "_file/data/v1.0123abcd.arrow",
      "_node/onnxruntime-web@1.30.0/ort-wasm-simd-threaded.wasm",
    ];
    expect(decoding.page).toBe("decoding");
    expect(decoding.files.map((f) => f.path)).toEqual(files);
    expect(decoding.raw).toBe(files.reduce((a, f) => a + size(f), 0));
    expect(decoding.gz).toBe(files.reduce((a, f) => a + gz(f), 0));
    expect(decoding.webgpuWasm?.raw).toBe(50_000);
    expect(index.page).toBe("index");
    expect(index.webgpuWasm).toBeNull();
    expect(index.raw).toBe(size("index.html") + size("_import/tiny.def.js"));
    expect(budgetTable([decoding, index])).toMatch(/decoding .* gzip .*; \+ 0\.0 MB gzip on WebGPU\)\n {2}index/);
  });
});
