/**
 * Choosing the backend by measurement: on a workload's first use on a device, a few warm runs are timed on each
 * backend, the faster one is chosen and remembered per device (GPU adapter) and workload, so later visits start
 * on it at once. A software adapter (SwiftShader, llvmpipe, Microsoft Basic Render, or one the browser flags as a
 * fallback) is chosen only when it beats WASM clearly. An explicit choice (the page's backend input, `?backend=`)
 * always wins. Pure logic: the timing runs in runtime/, the memory is any `Storage` (localStorage in pages).
 */

/** The backends a measurement compares. */
export type MeasuredBackend = "webgpu" | "wasm";

/** What the page knows about the GPU adapter WebGPU would use (null fields where the browser hides them). */
export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** `GPUAdapter.isFallbackAdapter` (or `info.isFallbackAdapter`): a software implementation. */
  isFallback: boolean;
}

/** Median milliseconds per run of one workload on each backend (null: the backend could not run it). */
export interface Timings {
  wasm: number | null;
  webgpu: number | null;
}

/** A decision and the reason shown to the reader. */
export interface BackendDecision {
  backend: MeasuredBackend;
  /**
   * "measured" (just now), "remembered" (an earlier measurement on this device), "forced" (the reader's choice),
   * "no-webgpu", or "measuring" (WASM meanwhile: the page does not wait for the measurement).
   */
  how: "measured" | "remembered" | "forced" | "no-webgpu" | "measuring";
  timings: Timings | null;
  reason: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|basic render|software|warp/i;

/** Whether the adapter is a software (CPU) implementation of WebGPU. */
export function isSoftwareAdapter(a: AdapterSummary): boolean {
  return a.isFallback || SOFTWARE.test([a.vendor, a.architecture, a.device, a.description].join(" "));
}

/** How much faster a software adapter must be than WASM to be chosen. */
export const SOFTWARE_MARGIN = 1.5;

/**
 * The faster backend for these timings. Near-ties (within 10%) go to WASM, which needs no extra download or GPU
 * transfers; a software adapter needs to be {@link SOFTWARE_MARGIN}× faster than WASM.
 */
export function chooseBackend(timings: Timings, adapter: AdapterSummary | null): MeasuredBackend {
  const {wasm, webgpu} = timings;
  if (webgpu === null || !Number.isFinite(webgpu) || !adapter) return "wasm";
  if (wasm === null || !Number.isFinite(wasm)) return "webgpu";
  const margin = isSoftwareAdapter(adapter) ? SOFTWARE_MARGIN : 1.1;
  return webgpu * margin < wasm ? "webgpu" : "wasm";
}

/** A readable duration: "19 ms", "2,200 ms", "0.4 ms". */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** "WASM: 19 ms/run vs WebGPU 2,200 ms/run on this device (SwiftShader, a software adapter)". */
export function describeDecision(
  d: Omit<BackendDecision, "reason">,
  adapter: AdapterSummary | null,
  unit = "run",
): string {
  const name = (b: MeasuredBackend) => (b === "webgpu" ? "WebGPU" : "WASM");
  if (d.how === "forced") return `${name(d.backend)}: chosen on the page`;
  if (d.how === "measuring") return `${name(d.backend)} while both backends are timed on this device…`;
  if (d.how === "no-webgpu" || !d.timings) return `${name(d.backend)}: WebGPU is not available here`;
  const other: MeasuredBackend = d.backend === "wasm" ? "webgpu" : "wasm";
  const t = (b: MeasuredBackend) => (d.timings![b] === null ? "failed" : `${formatMs(d.timings![b]!)}/${unit}`);
  const software = adapter && isSoftwareAdapter(adapter) ? `, ${adapterName(adapter)} is a software adapter` : "";
  const when = d.how === "remembered" ? "measured on an earlier visit" : "measured now";
  return `${name(d.backend)}: ${t(d.backend)} vs ${name(other)} ${t(other)} on this device (${when}${software})`;
}

/** The adapter's most specific name. */
export function adapterName(a: AdapterSummary): string {
  return a.description || a.device || a.architecture || a.vendor || "the GPU adapter";
}

/** The key a measurement is remembered under: the adapter and the workload (its kind and size). */
export function memoryKey(adapter: AdapterSummary, workload: string): string {
  const device = [
    adapter.vendor,
    adapter.architecture,
    adapter.device,
    adapter.description,
    adapter.isFallback ? "fallback" : "",
  ]
    .join("|")
    .toLowerCase();
  return `brain-nets.backend|${device}|${workload}`;
}

/** The part of `Storage` the memory uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A remembered measurement. */
export interface Remembered {
  backend: MeasuredBackend;
  timings: Timings;
  /** When it was measured (ms since the epoch). */
  at: number;
}

/** The remembered measurement for this adapter and workload, or null (none, unreadable, or storage refused). */
export function recall(storage: StorageLike | null, adapter: AdapterSummary, workload: string): Remembered | null {
  try {
    const raw = storage?.getItem(memoryKey(adapter, workload));
    if (!raw) return null;
    const r = JSON.parse(raw) as Remembered;
    if ((r.backend !== "wasm" && r.backend !== "webgpu") || typeof r.timings !== "object") return null;
    return r;
  } catch {
    return null;
  }
}

/** Remembers a measurement (quietly does nothing where storage is refused: private windows, quotas). */
export function remember(storage: StorageLike | null, adapter: AdapterSummary, workload: string, r: Remembered): void {
  try {
    storage?.setItem(memoryKey(adapter, workload), JSON.stringify(r));
  } catch {
    // the next visit measures again
  }
}
