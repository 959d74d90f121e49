/**
 * Backend choice and state for the browser's ONNX Runtime (re-exported by runtime.ts, which pages import): which
 * backend is asked for and which one runs, the fallback to WASM with its notice, the one serialised queue all
 * session work goes through, and the watch on the WebGPU device. Sessions and tensors live in runtime.ts; these
 * two modules are the only ones that import onnxruntime-web.
 */
import * as ort from "onnxruntime-web";

/** The backends a page can ask for. */
export type Backend = "webgpu" | "wasm";

/** Execution providers per backend, in priority order (WebGPU sessions place unsupported ops on WASM). */
export const EXECUTION_PROVIDERS: Readonly<Record<Backend, readonly string[]>> = Object.freeze({
  webgpu: Object.freeze(["webgpu", "wasm"]),
  wasm: Object.freeze(["wasm"]),
});

/** The valid backend names, in the order they are preferred. */
export const BACKENDS = Object.freeze(Object.keys(EXECUTION_PROVIDERS) as Backend[]);

/** What a GPU adapter says about itself (`GPUAdapter.info`); empty strings where the browser hides a field. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** `GPUAdapter.isFallbackAdapter` (or `info.isFallbackAdapter`): a software implementation. */
  isFallback: boolean;
}

/** Which backend was asked for, which one runs, on what adapter, and why they differ (if they do). */
export interface BackendState {
  /** The backend the page asked for. */
  requested: Backend;
  /** The backend sessions are created on now. */
  active: Backend;
  /** The WebGPU adapter, when WebGPU is active. */
  adapter: AdapterInfo | null;
  /** Why the active backend differs from the requested one, or null. */
  notice: string | null;
  /** WASM threads (1 unless the page is cross-origin isolated). */
  threads: number;
}

/** Thrown by {@link Session.run} when the backend failed mid-run and GPU-resident inputs were lost with it. */
export class BackendFallbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendFallbackError";
  }
}

// Minimal WebGPU shapes: TypeScript's DOM lib has no WebGPU types and @webgpu/types is not a dependency.
export interface GpuAdapterLike {
  info?: Partial<Omit<AdapterInfo, "isFallback">> & {isFallbackAdapter?: boolean};
  isFallbackAdapter?: boolean;
}
interface GpuDeviceLike {
  lost: Promise<{reason?: string; message?: string}>;
}
interface GpuLike {
  requestAdapter(options?: object): Promise<GpuAdapterLike | null>;
}

let state: BackendState = {requested: "webgpu", active: "wasm", adapter: null, notice: null, threads: 1};
const listeners = new Set<(s: BackendState) => void>();
let webgpuBroken: string | null = null; // once WebGPU failed, ORT cannot re-initialise it in this page
let chain: Promise<unknown> = Promise.resolve();

/** Runs `task` after every earlier queued task has settled; the queue survives a failing task. */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = chain.then(task, task);
  chain = result.catch(() => {});
  return result;
}

/** Returns `name` as a {@link Backend}, or throws an error that lists the valid choices. */
export function parseBackend(name: string): Backend {
  if ((BACKENDS as string[]).includes(name)) return name as Backend;
  throw new Error(`Unknown backend "${name}"; valid choices are: ${BACKENDS.join(", ")}`);
}

/**
 * Points ORT at its `.wasm` served by this site and sets the WASM thread count. Call once, before any session.
 * `numThreads` defaults to 1 unless the page is cross-origin isolated (threads need SharedArrayBuffer).
 */
export function configureRuntime({
  wasmUrl,
  fallbackWasmUrl,
  numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1,
  deviceLostGraceMs: grace = 10_000,
}: {
  /** URL of `ort-wasm-simd-threaded.jsep.wasm` from the page's `import.meta.resolve`. */
  wasmUrl: string;
  /**
   * URL of `ort-wasm-simd-threaded.wasm` (the page's `import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm")`):
   * the separate WASM-only ONNX Runtime that every WASM session runs on (see {@link wasmLib}), and that sessions
   * move to if WebGPU dies in the middle of a run. Fetched on the first WASM session.
   */
  fallbackWasmUrl?: string;
  /** WASM threads; more than 1 only works on a cross-origin isolated page. */
  numThreads?: number;
  /**
   * How long a WebGPU run caught by a lost device may still take before it counts as hung and sessions move to
   * the spare WASM-only runtime (default 10 s: a real GPU finishing its queue). Tests shorten it.
   */
  deviceLostGraceMs?: number;
}): void {
  ort.env.wasm.wasmPaths = {wasm: wasmUrl};
  ort.env.wasm.numThreads = numThreads;
  ort.env.logLevel = "error";
  fallbackWasm = fallbackWasmUrl ?? null;
  deviceLostGraceMs = grace;
  setState({threads: numThreads});
}

let fallbackWasm: string | null = null;
/** The ONNX Runtime module's type (the main instance and the spare WASM-only one share it). */
export type OrtLib = typeof ort;
let spareOrt: Promise<OrtLib> | null = null;
/**
 * ORT-web runs one inference at a time per runtime instance, and a WebGPU run caught by a device loss can hang
 * forever, wedging that instance. Then sessions move to a second, WASM-only instance of ORT (its own module and
 * `.wasm`), loaded on first need.
 */
let wedged = false;
function spare(): Promise<OrtLib> {
  spareOrt ??= import("onnxruntime-web/wasm").then((lib) => {
    if (!fallbackWasm)
      throw new Error("WebGPU hung mid-run and no fallback ONNX Runtime is configured; reload the page");
    lib.env.wasm.wasmPaths = {wasm: fallbackWasm};
    lib.env.wasm.numThreads = ort.env.wasm.numThreads;
    lib.env.logLevel = "error";
    return lib as unknown as OrtLib;
  });
  return spareOrt;
}
/**
 * The ORT instance new WASM sessions use: the WASM-only build with its plain SIMD `.wasm` (14 MB, 3.7 MB gzipped),
 * so a page that runs on WASM never fetches the WebGPU-capable JSEP `.wasm` (28 MB, 6.7 MB gzipped), which the main
 * instance loads only when a WebGPU session is created. Without a configured fallback URL (tests that configure
 * only the main runtime) WASM sessions use the main instance, as they must once it is wedged anyway.
 */
export function wasmLib(): Promise<OrtLib> {
  return fallbackWasm || wedged ? spare() : Promise.resolve(ort);
}

/** The current backend state (a copy). */
export function backendState(): BackendState {
  return {...state};
}

/** Calls `listener` with the state now and on every change; returns a function that stops listening. */
export function watchBackend(listener: (s: BackendState) => void): () => void {
  listeners.add(listener);
  listener(backendState());
  return () => void listeners.delete(listener);
}

function setState(next: Partial<BackendState>): void {
  state = {...state, ...next};
  for (const l of listeners) l(backendState());
}

/** Switches to WASM for the rest of the page's life and records why. */
export function fallBack(reason: string): void {
  webgpuBroken ??= reason;
  // A reader who chose WASM needs no notice; one already shown keeps its first (root) cause.
  if (state.requested === "wasm" || (state.active === "wasm" && state.notice)) return;
  setState({active: "wasm", adapter: null, notice: `WebGPU ${reason}; running on WASM (CPU) instead.`});
}

/** What `adapter` says about itself; the one reader of adapter info for the badge and the measured choice. */
export function adapterInfo(adapter: GpuAdapterLike): AdapterInfo {
  const i = adapter.info ?? {};
  return {
    vendor: i.vendor ?? "",
    architecture: i.architecture ?? "",
    device: i.device ?? "",
    description: i.description ?? "",
    isFallback: Boolean(adapter.isFallbackAdapter ?? i.isFallbackAdapter),
  };
}

/**
 * Asks for a backend and returns the resulting state. `"webgpu"` is granted only when `navigator.gpu` exists,
 * an adapter is available and WebGPU has not failed earlier on this page; otherwise the state falls back to
 * `"wasm"` with a notice. Sessions created afterwards use the active backend.
 */
export async function requestBackend(requested: Backend | string = "webgpu"): Promise<BackendState> {
  const want = parseBackend(requested);
  if (want === "wasm") {
    setState({requested: want, active: "wasm", adapter: null, notice: null});
    return backendState();
  }
  state = {...state, requested: want};
  if (webgpuBroken) return (fallBack(webgpuBroken), backendState());
  const gpu = (globalThis.navigator as {gpu?: GpuLike} | undefined)?.gpu;
  if (!gpu) return (fallBack("is not available in this browser"), backendState());
  let adapter: GpuAdapterLike | null = null;
  try {
    // The adapter ORT would pick; we hand it over so the info we show is the adapter that runs.
    adapter = (ort.env.webgpu.adapter as GpuAdapterLike | undefined) ?? (await gpu.requestAdapter());
  } catch (e) {
    return (fallBack(`could not get an adapter (${(e as Error).message})`), backendState());
  }
  if (!adapter) return (fallBack("has no adapter on this machine"), backendState());
  if (!ort.env.webgpu.adapter) (ort.env.webgpu as {adapter: unknown}).adapter = adapter;
  setState({active: "webgpu", adapter: adapterInfo(adapter), notice: null});
  return backendState();
}

let watchingDevice = false;
let deviceLostGraceMs = 10_000;
// Rejects when the WebGPU device is lost. GPU work in flight at that moment may never settle, so every WebGPU
// run, download and release races against it instead of blocking the queue forever.
let deviceLost: Promise<never> = new Promise(() => {});
/** After the first WebGPU session, listens for the device being lost (driver reset, `destroy()`, tab in background). */
export async function watchDevice(): Promise<void> {
  if (watchingDevice) return;
  watchingDevice = true;
  const device = (await ort.env.webgpu.device) as GpuDeviceLike;
  deviceLost = device.lost.then((info) => {
    const reason = `lost its device (${info.message || info.reason || "no reason given"})`;
    fallBack(reason);
    throw new Error(`WebGPU ${reason}`);
  });
  deviceLost.catch(() => {}); // observed by the races below; never an unhandled rejection
}

/**
 * `work`, unless the WebGPU device is lost and `work` then does not settle within `graceMs`. ORT-web allows one
 * run at a time in the whole page, so a run in flight must be allowed to finish (or fail) before the next run,
 * even on WASM, can start; only a run that truly hangs is given up on (and then ORT cannot run again until reload).
 */
export function unlessDeviceLost<T>(work: Promise<T>, graceMs = deviceLostGraceMs): Promise<T> {
  const giveUp = deviceLost.catch((e) =>
    Promise.race([
      work,
      new Promise<never>((_, reject) =>
        setTimeout(() => {
          wedged = true;
          reject(e);
        }, graceMs),
      ),
    ]),
  );
  return Promise.race([work, giveUp]);
}

/**
 * The GPUDevice ORT runs on, once a WebGPU session exists (else null). For diagnostics and tests: destroying it
 * is how a test simulates a lost device.
 */
export async function webgpuDevice(): Promise<unknown> {
  return watchingDevice && !webgpuBroken ? ort.env.webgpu.device : null;
}

/** Why WebGPU failed on this page (it cannot be re-initialised until reload), or null while it works. */
export function webgpuFailure(): string | null {
  return webgpuBroken;
}

/** Whether the main ORT instance is wedged by a hung WebGPU run (new sessions then use the spare WASM one). */
export function isWedged(): boolean {
  return wedged;
}

/** Whether a WebGPU session was created on this page (its device is then being watched). */
export function hasWebgpuSession(): boolean {
  return watchingDevice;
}
