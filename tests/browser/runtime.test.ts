// The runtime module in headless Chromium: WebGPU on SwiftShader, WASM, GPU-resident outputs fed back as inputs,
// and the fallback to WASM (with its notice) when WebGPU has no adapter or loses its device mid-run.
import {readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import onnxProto from "onnx-proto";
import {DIST, WAIT, openPage, poll, shown, useSite} from "./harness.js";

const {onnx} = onnxProto;

/** A tiny graph: y = x·w and wNext = 0.5·w (an "update" whose output feeds the next step's input). */
function fixtureModel(): number[] {
  const value = (name: string, dims: number[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {tensorType: {elemType: onnx.TensorProto.DataType.FLOAT, shape: {dim: dims.map((d) => ({dimValue: d}))}}},
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{domain: "", version: 17}],
    graph: {
      name: "fixture",
      node: [
        {opType: "MatMul", input: ["x", "w"], output: ["y"]},
        {opType: "Mul", input: ["w", "half"], output: ["wNext"]},
      ],
      initializer: [{name: "half", dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [0.5]}],
      input: [value("x", [2, 3]), value("w", [3, 2])],
      output: [value("y", [2, 2]), value("wNext", [3, 2])],
    },
  });
  return Array.from(onnx.ModelProto.encode(model).finish());
}

// Any page that loads the runtime; a light one (no V1 data, nothing trains until Play) so the fixture has the queue.
const PAGE = "/perceptron?backend=wasm&deviceLostGraceMs=1000";
const runtimeUrl =
  "/_import/components/runtime/" +
  readdirSync(join(DIST, "_import/components/runtime")).find((f) => /^runtime\.\w+\.js$/.test(f));
const x = [1, 2, 3, 4, 5, 6];
const w = [1, 0, 0, 1, 1, 1];
// x·w by hand: rows [1+3, 2+3] and [4+6, 5+6].
const xw = [4, 5, 10, 11];

/** Runs the fixture `steps` times in the page on `backend`, feeding wNext back as w; returns what it saw. */
async function runFixture(page: Page, backend: string, steps: number, {destroyAfter = -1} = {}) {
  await shown(page.locator("#mlp-status"), WAIT.startUp); // the page's own start-up is done
  return page.evaluate(
    async ({runtimeUrl, model, backend, x, w, steps, destroyAfter}) => {
      // Built as a string so Vite's transform of this test file leaves the page-side import() alone.
      const rt = await new Function("u", "return import(u)")(runtimeUrl);
      const state = await rt.requestBackend(backend);
      const session = await rt.createSession(new Uint8Array(model), {gpuOutputs: ["wNext"]});
      const ys: number[][] = [];
      const locations: string[] = [];
      let weights = rt.float32(w, [3, 2]);
      const errors: string[] = [];
      for (let i = 0; i < steps; i++) {
        if (i === destroyAfter && !errors.length) {
          const device = await rt.webgpuDevice();
          device.destroy();
          await device.lost;
        }
        try {
          const out = await session.run({x: rt.float32(x, [2, 3]), w: weights});
          ys.push(Array.from(await rt.readFloat32(out.y)));
          locations.push(out.wNext.location);
          rt.disposeAll(weights);
          weights = out.wNext;
        } catch (e) {
          errors.push(`${(e as Error).name}: ${(e as Error).message}`);
          weights = rt.float32(
            w.map((v: number) => v * 0.5 ** i),
            [3, 2],
          ); // restore from the "checkpoint"
          i--;
          if (errors.length > 2) break;
        }
      }
      const final = Array.from(await rt.readFloat32(weights));
      return {state, after: rt.backendState(), sessionBackend: session.backend, ys, locations, final, errors};
    },
    {runtimeUrl, model: fixtureModel(), backend, x, w, steps, destroyAfter},
  );
}

const site = useSite();

describe("runtime in Chromium", () => {
  it("requestBackend('webgpu') runs on WebGPU and reports the SwiftShader adapter", async () => {
    const {page, problems} = await openPage(site.browser(), site.url() + PAGE);
    const r = await runFixture(page, "webgpu", 3);
    expect(r.state.active).toBe("webgpu");
    expect(r.state.notice).toBeNull();
    expect(JSON.stringify(r.state.adapter).toLowerCase()).toContain("swiftshader");
    expect(r.sessionBackend).toBe("webgpu");
    expect(r.ys[0]).toEqual(xw);
    expect(r.locations).toEqual(["gpu-buffer", "gpu-buffer", "gpu-buffer"]);
    expect(r.final).toEqual(w.map((v) => v / 8));
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("uploadFloat32 on WebGPU gives a GPU tensor that reads back with readFloat32 and feeds a run", async () => {
    const {page, problems} = await openPage(site.browser(), site.url() + PAGE);
    await shown(page.locator("#mlp-status"), WAIT.startUp);
    const r = await page.evaluate(
      async ({runtimeUrl, model, x, w}) => {
        const rt = await new Function("u", "return import(u)")(runtimeUrl);
        await rt.requestBackend("webgpu");
        const session = await rt.createSession(new Uint8Array(model)); // uploads go to the GPU once a session exists
        const weights = await rt.uploadFloat32(Float32Array.from(w), [3, 2]);
        const location = weights.location;
        // Read back before any run: the tensor needs its own downloader for this.
        const readBack = Array.from(await rt.readFloat32(weights));
        const out = await session.run({x: rt.float32(x, [2, 3]), w: weights}, {fetches: ["y"]});
        const y = Array.from(await rt.readFloat32(out.y));
        rt.disposeAll(weights, out);
        await session.release();
        return {location, readBack, y, backend: rt.backendState().active};
      },
      {runtimeUrl, model: fixtureModel(), x, w},
    );
    expect(r.backend).toBe("webgpu");
    expect(r.location).toBe("gpu-buffer");
    expect(r.readBack).toEqual(w);
    expect(r.y).toEqual(xw);
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("requestBackend('wasm') runs on WASM with CPU outputs and the same numbers", async () => {
    const {page, problems} = await openPage(site.browser(), site.url() + PAGE);
    const r = await runFixture(page, "wasm", 3);
    expect(r.state).toEqual({requested: "wasm", active: "wasm", adapter: null, notice: null, threads: 1});
    expect(r.ys[2]).toEqual(xw.map((v) => v / 4));
    expect(r.locations).toEqual(["cpu", "cpu", "cpu"]);
    expect(r.final).toEqual(w.map((v) => v / 8));
    expect(problems.consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("falls back to WASM with a visible notice when requestAdapter rejects", async () => {
    const {page} = await openPage(site.browser(), site.url() + PAGE, {
      init: () => {
        if ("gpu" in navigator)
          (navigator as any).gpu.requestAdapter = () => Promise.reject(new Error("stubbed failure"));
      },
    });
    const r = await runFixture(page, "webgpu", 2);
    expect(r.state.active).toBe("wasm");
    expect(r.state.notice).toContain("stubbed failure");
    expect(r.ys[1]).toEqual(xw.map((v) => v / 2));
    await poll(() => page.locator(".backend-notice").innerText()).toContain("running on WASM");
    await page.context().close();
  });

  it("switches to WASM mid-run when the WebGPU device is lost, and keeps computing from a checkpoint", async () => {
    const {page} = await openPage(site.browser(), site.url() + PAGE);
    const r = await runFixture(page, "webgpu", 4, {destroyAfter: 2});
    expect(r.state.active).toBe("webgpu");
    expect(r.after.active).toBe("wasm");
    expect(r.after.notice).toMatch(/lost its device/);
    expect(r.sessionBackend).toBe("wasm");
    expect(r.errors.length).toBe(1);
    expect(r.errors[0]).toMatch(/^BackendFallbackError/);
    expect(r.ys[3]).toEqual(xw.map((v) => v / 8));
    expect(r.final).toEqual(w.map((v) => v / 16));
    await page.context().close();
  });
});

describe("the shared runtime set-up (runtime/page.ts) on a page other than decoding", () => {
  it("the perceptron page's MLP keeps training on WASM from a checkpoint when the WebGPU device is lost", async () => {
    const {page, problems} = await openPage(
      site.browser(),
      `${site.url()}/perceptron?backend=webgpu&deviceLostGraceMs=1000`,
    );
    const mlp = page.locator("#mlp");
    await shown(page.locator("#mlp-status"), WAIT.startUp);
    expect(await page.locator(".backend-badge").first().getAttribute("data-backend")).toBe("webgpu");
    await page.locator("#mlp button", {hasText: "Play"}).click();
    await poll(async () => Number(await mlp.getAttribute("data-step")), WAIT.run).toBeGreaterThanOrEqual(30);
    await page.evaluate(async (url) => {
      // Built as a string so Vite's transform of this test file leaves the page-side import() alone.
      const rt = await new Function("u", "return import(u)")(url);
      (await rt.webgpuDevice()).destroy();
    }, runtimeUrl);
    await poll(() => mlp.getAttribute("data-status"), WAIT.run).toMatch(/done|failed|diverged/);
    const status = await page.locator("#mlp-status").innerText();
    expect(status).toMatch(/^Done: step 600 of 600/);
    expect(status).toMatch(/Training resumed from the checkpoint at step \d+\./);
    expect(await page.locator(".backend-notice").first().innerText()).toMatch(
      /WebGPU lost its device .*running on WASM/,
    );
    expect(await page.locator(".backend-badge").first().getAttribute("data-backend")).toBe("wasm");
    // Destroying the device aborts a read-back ONNX Runtime itself had in flight (its own promise, not the page's);
    // anything else uncaught is a fault.
    const aborted = /^AbortError: Failed to execute 'mapAsync' on 'GPUBuffer'/;
    expect(problems.pageErrors.filter((e) => !aborted.test(e))).toEqual([]);
    await page.context().close();
  });
});
