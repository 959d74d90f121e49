/**
 * The CNN pages' costs: training the two grating CNNs and the encoding model at build time (onnxruntime-node),
 * and occlusion mapping in the receptive-fields page (onnxruntime-web in headless Chromium, WASM and
 * WebGPU/SwiftShader). Needs a build of the site in the folder BN_OUTPUT names, e.g.
 * `BN_OUTPUT=dist-bench npm run build && BN_OUTPUT=dist-bench npm run bench -- cnn` (any folder nobody else
 * rebuilds meanwhile: a build replacing it mid-run makes the page wait forever).
 */
import {existsSync} from "node:fs";
import {trainGratingCnn} from "../../data-loaders/cnn/gratingCnns.ts";
import {encodingArchive} from "../../data-loaders/encoding/encoding.ts";
import {DIST, launchBrowser, openPage, serveStatic} from "../browser/harness.ts";
import {median, ms} from "./stats.ts";

/** Section title in BENCHMARKS.md. */
export const title = "CNN pages: build-time training and occlusion mapping";

const RUNS = 3;

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function trainingRows(): Promise<string[]> {
  const rows: string[] = [];
  for (const variant of ["tilt", "deep"] as const) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await seconds(() => trainGratingCnn(variant)));
    rows.push(
      `| grating CNN \`${variant}\` (6 epochs × 24 steps of 64 images, plus scoring) | ${ms(median(times))} | ${times.map(ms).join(", ")} |`,
    );
  }
  const enc: number[] = [];
  for (let i = 0; i < RUNS; i++) enc.push(await seconds(() => encodingArchive()));
  rows.push(
    `| encoding model (V1 load + 400 full-batch steps of 108 images, 100 neurons) | ${ms(median(enc))} | ${enc.map(ms).join(", ")} |`,
  );
  return rows;
}

/** Opens the receptive-fields page and returns the images-per-second and seconds it reports. */
async function occlusionRate(
  url: string,
  browser: Awaited<ReturnType<typeof launchBrowser>>,
): Promise<{rate: number; seconds: number; images: number}> {
  const {page} = await openPage(browser, url);
  const done = page.locator(".occlusion-progress[data-done]");
  await done.waitFor({timeout: 600_000});
  const text = await done.innerText();
  await page.context().close();
  const m = text.match(/Done: ([\d,]+) images .* in ([\d.]+) s: ([\d,]+) images per second/);
  if (!m) throw new Error(`cnn bench: unexpected progress text "${text}"`);
  return {images: Number(m[1].replaceAll(",", "")), seconds: Number(m[2]), rate: Number(m[3].replaceAll(",", ""))};
}

async function occlusionRows(): Promise<string[]> {
  if (!existsSync(DIST)) return [`| (no build at ${DIST}: run \`BN_OUTPUT=dist-bench npm run build\` first) | | | |`];
  const server = await serveStatic();
  const browser = await launchBrowser();
  const rows: string[] = [];
  try {
    for (const backend of ["wasm", "webgpu"] as const) {
      const runs = [];
      // Two stimuli, occluder 5 px at stride 3: 2 × 337 images of 48 × 64 through the deep CNN, all four conv layers read out.
      for (let i = 0; i < RUNS; i++)
        runs.push(await occlusionRate(`${server.url}/receptive-fields?backend=${backend}&images=2`, browser));
      const rate = median(runs.map((r) => r.rate));
      rows.push(
        `| ${backend === "wasm" ? "WASM (1 thread)" : "WebGPU (SwiftShader, a CPU emulation)"} | ${runs[0].images.toLocaleString("en-US")} | ${ms(1000 * median(runs.map((r) => r.seconds)))} | ${Math.round(rate).toLocaleString("en-US")} |`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

/** Runs the measurements and returns the section body. */
export async function run(): Promise<string> {
  const training = await trainingRows();
  const occlusion = await occlusionRows();
  return `### Training at build time (onnxruntime-node, median of ${RUNS})

| Model | Median | Runs |
| --- | ---: | --- |
${training.join("\n")}

The two grating CNNs train once per build: the CNN loader stores them in \`.cache/cnn/\`, and the RSA and
fingerprint loaders reuse that cache rather than training again.

### Occlusion mapping in the page (headless Chromium, median of ${RUNS})

All occluded copies of one stimulus go through the deep CNN in one batch. One pass gives every conv
layer's activations, so mapping one layer costs the same as mapping all four. "Images" counts the
occluded copies plus the intact image.

| Backend | Images | Time | Images × positions per second |
| --- | ---: | ---: | ---: |
${occlusion.join("\n")}

SwiftShader runs WebGPU on the CPU. Its WebGPU numbers show that the GPU path works; they say nothing
about the speed of a real GPU.`;
}
