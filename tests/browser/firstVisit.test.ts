// A light first visit: the data page fetches no ONNX Runtime file at all; a WASM run of the decoding page fetches
// ORT's plain SIMD wasm, never the WebGPU-capable JSEP one; the V1 responses travel once per reader (the second page
// reads them from the browser's cache); the compact V1 file is a quarter of the float32 one.
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import {DIST, WAIT, cellErrors, openPage, poll, shown, useSite} from "./harness.js";

const site = useSite();

/** The URLs this document fetched over the network (Resource Timing; Cache API reads are not requests). */
const fetched = (page: Page) => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));

describe("first visit", () => {
  it("/data fetches no ORT file; /decoding on WASM fetches the plain wasm only and reads V1 from the cache", async () => {
    const {page, problems} = await openPage(site.browser(), `${site.url()}/data`);
    await shown(page.locator(".v1-response-heatmap canvas"), WAIT.startUp);
    await shown(page.getByText(/Loaded the V1 responses: \d+\.\d MB/));
    const onData = await fetched(page);
    expect(onData.filter((u) => /v1-responses\.\w+\.arrow$/.test(u))).toHaveLength(1);
    expect(onData.filter((u) => /onnxruntime|ort-wasm/.test(u))).toEqual([]);

    await page.goto(`${site.url()}/decoding?backend=wasm&neurons=200`);
    await poll(() => page.locator(".train-status").getAttribute("data-status"), WAIT.run).toBe("done");
    await shown(page.getByText("Loaded the V1 responses from this browser's cache"));
    const onDecoding = await fetched(page);
    expect(onDecoding.filter((u) => /v1-responses/.test(u))).toEqual([]); // one download per reader
    expect(onDecoding.filter((u) => /ort-wasm-simd-threaded\.wasm$/.test(u))).toHaveLength(1);
    expect(onDecoding.filter((u) => /\.jsep\.wasm$/.test(u))).toEqual([]);
    expect(await cellErrors(page)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
    await page.context().close();
  });

  it("the build writes the V1 responses in one byte per value, with .gz and .br siblings", () => {
    const dir = join(DIST, "_file/data");
    const arrow = readdirSync(dir).find((f) => /^v1-responses\.\w+\.arrow$/.test(f))!;
    const bytes = statSync(join(dir, arrow)).size;
    // 23,589 neurons × 360 stimuli of one byte, plus 8 bytes of offset and scale per neuron, plus Arrow framing.
    expect(bytes).toBeGreaterThan(23_589 * 368);
    expect(bytes).toBeLessThan(23_589 * 368 + 64 * 1024);
    for (const ext of [".gz", ".br"]) expect(statSync(join(dir, arrow + ext)).size).toBeLessThan(bytes);
  });
});
