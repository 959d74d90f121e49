import {describe, expect, it} from "vitest";
import {
  chooseBackend,
  describeDecision,
  isSoftwareAdapter,
  memoryKey,
  recall,
  remember,
  type AdapterSummary,
} from "../../../src/components/core/backendChoice.js";

const swiftshader: AdapterSummary = {
  vendor: "google",
  architecture: "swiftshader",
  device: "",
  description: "SwiftShader Device (Subzero)",
  isFallback: false,
};
const nvidia: AdapterSummary = {
  vendor: "nvidia",
  architecture: "hopper",
  device: "",
  description: "",
  isFallback: false,
};
const flagged: AdapterSummary = {vendor: "", architecture: "", device: "", description: "", isFallback: true};

/** A Storage in memory. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m};
}

describe("backend choice", () => {
  it("recognises software adapters by name or by the browser's fallback flag", () => {
    expect(isSoftwareAdapter(swiftshader)).toBe(true);
    expect(isSoftwareAdapter({...nvidia, description: "llvmpipe (LLVM 15.0.6, 256 bits)"})).toBe(true);
    expect(isSoftwareAdapter({...nvidia, description: "Microsoft Basic Render Driver"})).toBe(true);
    expect(isSoftwareAdapter(flagged)).toBe(true);
    expect(isSoftwareAdapter(nvidia)).toBe(false);
  });

  it("picks the faster backend; WASM on near-ties and when WebGPU failed or is missing", () => {
    expect(chooseBackend({wasm: 19, webgpu: 2200}, nvidia)).toBe("wasm");
    expect(chooseBackend({wasm: 400, webgpu: 20}, nvidia)).toBe("webgpu");
    expect(chooseBackend({wasm: 100, webgpu: 95}, nvidia)).toBe("wasm"); // within 10%
    expect(chooseBackend({wasm: 100, webgpu: 89}, nvidia)).toBe("webgpu");
    expect(chooseBackend({wasm: 100, webgpu: null}, nvidia)).toBe("wasm");
    expect(chooseBackend({wasm: 100, webgpu: 5}, null)).toBe("wasm");
    expect(chooseBackend({wasm: null, webgpu: 50}, nvidia)).toBe("webgpu");
  });

  it("never chooses a software adapter unless it beats WASM by 1.5×", () => {
    expect(chooseBackend({wasm: 20, webgpu: 2200}, swiftshader)).toBe("wasm");
    expect(chooseBackend({wasm: 100, webgpu: 80}, swiftshader)).toBe("wasm"); // faster, but not by 1.5×
    expect(chooseBackend({wasm: 100, webgpu: 80}, flagged)).toBe("wasm");
    expect(chooseBackend({wasm: 100, webgpu: 60}, swiftshader)).toBe("webgpu");
  });

  it("says what ran and why", () => {
    expect(describeDecision({backend: "wasm", how: "measured", timings: {wasm: 19.2, webgpu: 2200}}, swiftshader)).toBe(
      "WASM: 19 ms/run vs WebGPU 2,200 ms/run on this device (measured now, SwiftShader Device (Subzero) is a software adapter)",
    );
    expect(
      describeDecision({backend: "webgpu", how: "remembered", timings: {wasm: 40, webgpu: 3.25}}, nvidia, "step"),
    ).toBe("WebGPU: 3.3 ms/step vs WASM 40 ms/step on this device (measured on an earlier visit)");
    expect(describeDecision({backend: "wasm", how: "measured", timings: {wasm: 12, webgpu: null}}, nvidia)).toBe(
      "WASM: 12 ms/run vs WebGPU failed on this device (measured now)",
    );
    expect(describeDecision({backend: "webgpu", how: "forced", timings: null}, nvidia)).toBe(
      "WebGPU: chosen on the page",
    );
    expect(describeDecision({backend: "wasm", how: "measuring", timings: null}, swiftshader)).toBe(
      "WASM while both backends are timed on this device…",
    );
    expect(describeDecision({backend: "wasm", how: "no-webgpu", timings: null}, null)).toBe(
      "WASM: WebGPU is not available here",
    );
  });

  it("remembers per adapter and workload, and survives bad or refused storage", () => {
    const storage = memoryStorage();
    const r = {backend: "wasm" as const, timings: {wasm: 19, webgpu: 2200}, at: 1};
    remember(storage, swiftshader, "rdm-72x4096", r);
    expect(recall(storage, swiftshader, "rdm-72x4096")).toEqual(r);
    expect(recall(storage, swiftshader, "train-step")).toBeNull(); // another workload
    expect(recall(storage, nvidia, "rdm-72x4096")).toBeNull(); // another device
    expect(memoryKey(swiftshader, "w")).not.toBe(memoryKey({...swiftshader, isFallback: true}, "w"));
    storage.setItem(memoryKey(nvidia, "w"), "{not json");
    expect(recall(storage, nvidia, "w")).toBeNull();
    storage.setItem(memoryKey(nvidia, "w"), JSON.stringify({backend: "tpu", timings: {}}));
    expect(recall(storage, nvidia, "w")).toBeNull();
    const refusing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => remember(refusing, nvidia, "w", r)).not.toThrow();
    expect(recall(refusing, nvidia, "w")).toBeNull();
    expect(recall(null, nvidia, "w")).toBeNull();
  });
});
