// Node-side checks of the runtime's pure parts: backend names, the serialised queue, and the WebGPU probe
// where there is no `navigator.gpu` (Node), which must fall back to WASM with a notice.
import {describe, expect, it} from "vitest";
import {
  BACKENDS,
  EXECUTION_PROVIDERS,
  backendState,
  enqueue,
  parseBackend,
  requestBackend,
  watchBackend,
} from "../../../src/components/runtime/runtime.js";
import {describeBackend} from "../../../src/components/ui/backendBadge.js";

describe("runtime", () => {
  it("EXECUTION_PROVIDERS maps webgpu to [webgpu, wasm] and wasm to [wasm], frozen", () => {
    expect(EXECUTION_PROVIDERS).toEqual({webgpu: ["webgpu", "wasm"], wasm: ["wasm"]});
    expect(Object.isFrozen(EXECUTION_PROVIDERS)).toBe(true);
    expect(Object.isFrozen(EXECUTION_PROVIDERS.webgpu)).toBe(true);
    expect(BACKENDS).toEqual(["webgpu", "wasm"]);
  });

  it("parseBackend(name) accepts the valid names", () => {
    expect(parseBackend("wasm")).toBe("wasm");
    expect(parseBackend("webgpu")).toBe("webgpu");
  });

  it("parseBackend(name) throws an error listing the valid choices", () => {
    expect(() => parseBackend("webgl")).toThrow('Unknown backend "webgl"; valid choices are: webgpu, wasm');
  });

  it("enqueue(task) runs tasks one at a time in order, even when one fails", async () => {
    const log: string[] = [];
    const slow = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      return name;
    };
    const a = enqueue(slow("a", 30));
    const b = enqueue(async () => {
      log.push("b fails");
      throw new Error("b");
    });
    const c = enqueue(slow("c", 1));
    await expect(b).rejects.toThrow("b");
    expect(await Promise.all([a, c])).toEqual(["a", "c"]);
    expect(log).toEqual(["start a", "end a", "b fails", "start c", "end c"]);
  });

  it("requestBackend('webgpu') without navigator.gpu falls back to wasm with a notice", async () => {
    const seen: string[] = [];
    const stop = watchBackend((s) => seen.push(s.active));
    const s = await requestBackend("webgpu");
    stop();
    expect(s.requested).toBe("webgpu");
    expect(s.active).toBe("wasm");
    expect(s.notice).toMatch(/^WebGPU .*not available.*WASM/);
    expect(seen.at(-1)).toBe("wasm");
  });

  it("requestBackend('wasm') clears the notice: the reader chose WASM", async () => {
    const s = await requestBackend("wasm");
    expect(s).toEqual({requested: "wasm", active: "wasm", adapter: null, notice: null, threads: 1});
    expect(backendState()).toEqual(s);
  });

  it("requestBackend(name) rejects an unknown backend, listing the choices", async () => {
    await expect(requestBackend("cuda")).rejects.toThrow("valid choices are: webgpu, wasm");
  });

  it("describeBackend(state) names the adapter on WebGPU", () => {
    const adapter = {vendor: "google", architecture: "swiftshader", device: "", description: "SwiftShader", isFallback: false};
    expect(describeBackend({requested: "webgpu", active: "webgpu", adapter, notice: null, threads: 1})).toBe(
      "WebGPU (SwiftShader, google)",
    );
  });
});
