/**
 * The one module that touches ONNX Runtime in the browser: backends, sessions, tensors and their disposal.
 *
 * Usage in a page (the `import.meta.resolve` must be written in the page itself: Framework copies ORT's
 * `.wasm` into the built site only when it sees that call in a page, so a component cannot do it for you):
 *
 * ```js
 * import {configureRuntime, requestBackend, createSession, float32, readFloat32} from "./components/runtime.js";
 * configureRuntime({wasmUrl: import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm")});
 * const backend = await requestBackend("webgpu"); // or "wasm"; falls back to "wasm" with a notice
 * const session = await createSession(bytes);
 * const out = await session.run({x: float32(data, [n, d])});
 * const y = await readFloat32(out.y); disposeAll(out);
 * ```
 *
 * WebGPU is offered only when `navigator.gpu` exists and yields an adapter. When WebGPU is missing, fails to
 * create a session, or loses its device, the runtime switches to WASM for the rest of the page's life and
 * sets a notice that {@link backendBadge} shows. All session work goes through one serialised promise chain,
 * because ORT-web fails when two sessions are created or run at the same time.
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
interface GpuAdapterLike {
  info?: Partial<AdapterInfo>;
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
}: {
  /** URL of `ort-wasm-simd-threaded.jsep.wasm` from the page's `import.meta.resolve`. */
  wasmUrl: string;
  /**
   * URL of `ort-wasm-simd-threaded.wasm` (the page's `import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm")`):
   * the separate WASM-only ONNX Runtime used if WebGPU dies in the middle of a run. Fetched only then.
   */
  fallbackWasmUrl?: string;
  /** WASM threads; more than 1 only works on a cross-origin isolated page. */
  numThreads?: number;
}): void {
  ort.env.wasm.wasmPaths = {wasm: wasmUrl};
  ort.env.wasm.numThreads = numThreads;
  ort.env.logLevel = "error";
  fallbackWasm = fallbackWasmUrl ?? null;
  setState({threads: numThreads});
}

let fallbackWasm: string | null = null;
type OrtLib = typeof ort;
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
/** The ORT instance new WASM sessions use. */
function wasmLib(): Promise<OrtLib> {
  return wedged ? spare() : Promise.resolve(ort);
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
function fallBack(reason: string): void {
  webgpuBroken ??= reason;
  // A reader who chose WASM needs no notice; one already shown keeps its first (root) cause.
  if (state.requested === "wasm" || (state.active === "wasm" && state.notice)) return;
  setState({active: "wasm", adapter: null, notice: `WebGPU ${reason}; running on WASM (CPU) instead.`});
}

function adapterInfo(adapter: GpuAdapterLike): AdapterInfo {
  const i = adapter.info ?? {};
  return {
    vendor: i.vendor ?? "",
    architecture: i.architecture ?? "",
    device: i.device ?? "",
    description: i.description ?? "",
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
// Rejects when the WebGPU device is lost. GPU work in flight at that moment may never settle, so every WebGPU
// run, download and release races against it instead of blocking the queue forever.
let deviceLost: Promise<never> = new Promise(() => {});
/** After the first WebGPU session, listens for the device being lost (driver reset, `destroy()`, tab in background). */
async function watchDevice(): Promise<void> {
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
function unlessDeviceLost<T>(work: Promise<T>, graceMs = 10_000): Promise<T> {
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

// ORT logs warnings (e.g. "some nodes were not assigned to the preferred execution providers": shape ops it
// deliberately keeps on the CPU) through console.error; only real errors should reach the console.
const QUIET = {logSeverityLevel: 3 as const};

/** Options for {@link createSession}. */
export interface SessionOptions {
  /** Outputs to keep on the GPU on WebGPU (`preferredOutputLocation: "gpu-buffer"`); ignored on WASM. */
  gpuOutputs?: readonly string[];
}

/** CPU tensors re-made as tensors of another ORT instance (each instance checks `instanceof` its own class). */
function adopt(feeds: Record<string, ort.Tensor>, lib: OrtLib): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    out[name] =
      t instanceof lib.Tensor ? t : (new lib.Tensor(t.type as "float32", t.data as Float32Array, t.dims) as ort.Tensor);
  }
  return out;
}

/** A wrapped ORT session bound to the backend it was created on. Create with {@link createSession}. */
export class Session {
  private constructor(
    private inner: ort.InferenceSession,
    /** The backend this session runs on. */
    public backend: Backend,
    private readonly model: Uint8Array,
    private readonly options: SessionOptions,
    private lib: OrtLib = ort,
  ) {}

  /** @internal Creates a session on the active backend, or on WASM when WebGPU fails to create one. */
  static async open(model: Uint8Array, options: SessionOptions): Promise<Session> {
    return enqueue(async () => {
      if (state.active === "webgpu") {
        try {
          const inner = await ort.InferenceSession.create(model, {
            ...QUIET,
            executionProviders: [...EXECUTION_PROVIDERS.webgpu],
            preferredOutputLocation: Object.fromEntries((options.gpuOutputs ?? []).map((n) => [n, "gpu-buffer"])),
          });
          void watchDevice();
          return new Session(inner, "webgpu", model, options);
        } catch (e) {
          fallBack(`failed to create a session (${(e as Error).message})`);
        }
      }
      const lib = await wasmLib();
      const inner = await lib.InferenceSession.create(model, {
        ...QUIET,
        executionProviders: [...EXECUTION_PROVIDERS.wasm],
      });
      return new Session(inner, "wasm", model, options, lib);
    });
  }

  /** The graph's input names. */
  get inputNames(): readonly string[] {
    return this.inner.inputNames;
  }

  /** The graph's output names. */
  get outputNames(): readonly string[] {
    return this.inner.outputNames;
  }

  /** Whether output `name` comes back as a GPU tensor (dispose it when done). */
  onGpu(name: string): boolean {
    return this.backend === "webgpu" && (this.options.gpuOutputs ?? []).includes(name);
  }

  /**
   * Runs the graph (serialised with all other session work). Returns every output, or only `fetches`.
   * If WebGPU fails during the run, the session re-creates itself on WASM and re-runs when every feed is a CPU
   * tensor; when a feed lived on the GPU it throws {@link BackendFallbackError} so the caller can restore its
   * inputs (e.g. parameters from a CPU checkpoint) and run again.
   */
  async run(
    feeds: Record<string, ort.Tensor>,
    {fetches}: {fetches?: readonly string[]} = {},
  ): Promise<Record<string, ort.Tensor>> {
    const attempt = () =>
      enqueue(async () => {
        if (this.backend === "webgpu" && webgpuBroken) throw new Error(`WebGPU ${webgpuBroken}`);
        if (wedged && this.lib === ort) await this.reopen();
        const f = this.lib === ort ? feeds : adopt(feeds, this.lib);
        const run = fetches ? this.inner.run(f, [...fetches]) : this.inner.run(f);
        if (this.backend !== "webgpu") return (await run) as Record<string, ort.Tensor>;
        const out = (await unlessDeviceLost(run)) as Record<string, ort.Tensor>;
        // Outputs computed while the device was lost cannot be trusted.
        if (webgpuBroken) throw new Error(`WebGPU ${webgpuBroken}`);
        return out;
      });
    try {
      return await attempt();
    } catch (e) {
      if (this.backend !== "webgpu") throw e;
      fallBack(webgpuBroken ?? `failed during a run (${(e as Error).message})`);
      await enqueue(() => this.reopen());
      if (Object.values(feeds).some((t) => t.location !== "cpu")) {
        throw new BackendFallbackError(
          `WebGPU failed mid-run; inputs that lived on the GPU are gone (${state.notice})`,
        );
      }
      return attempt();
    }
  }

  /** Re-creates this session on WASM (on the spare ORT instance if the main one is wedged). Call inside the queue. */
  private async reopen(): Promise<void> {
    const old = this.inner;
    const lib = await wasmLib();
    this.inner = await lib.InferenceSession.create(this.model, {
      ...QUIET,
      executionProviders: [...EXECUTION_PROVIDERS.wasm],
    });
    this.lib = lib;
    this.backend = "wasm";
    // Releasing on a lost device may fail or hang; nothing is lost by giving up on it.
    void enqueue(() => unlessDeviceLost(old.release())).catch(() => {});
  }

  /** Frees the session. */
  release(): Promise<void> {
    // A WebGPU session of a lost device cannot be released (and holds nothing any more): do not wait for it.
    return enqueue(() =>
      this.backend === "webgpu" ? unlessDeviceLost(this.inner.release()).catch(() => {}) : this.inner.release(),
    );
  }
}

/** Creates a session from ONNX bytes on the active backend (see {@link requestBackend}). */
export function createSession(model: Uint8Array | ArrayBuffer, options: SessionOptions = {}): Promise<Session> {
  return Session.open(model instanceof Uint8Array ? model : new Uint8Array(model), options);
}

/**
 * Opens a session for `model`, runs `feeds` once and returns the outputs `fetches` as CPU Float32Arrays,
 * releasing the session and output tensors: the whole life of a one-off inference.
 */
export async function runOnce(
  model: Uint8Array | ArrayBuffer,
  feeds: Record<string, ort.Tensor>,
  fetches: readonly string[],
): Promise<Record<string, Float32Array>> {
  const session = await createSession(model);
  try {
    const out = await session.run(feeds, {fetches});
    const result: Record<string, Float32Array> = {};
    for (const name of fetches) result[name] = (await readFloat32(out[name])).slice();
    disposeAll(out);
    return result;
  } finally {
    await session.release();
  }
}

/** A float32 CPU tensor of shape `dims` over `data` (not copied). */
export function float32(data: Float32Array | number[], dims: readonly number[]): ort.Tensor {
  return new ort.Tensor("float32", data instanceof Float32Array ? data : Float32Array.from(data), dims);
}

/** An int64 CPU tensor (class labels for NLL) from integers (a BigInt64Array is used as is). */
export function int64(data: ArrayLike<number> | BigInt64Array, dims: readonly number[]): ort.Tensor {
  const values = data instanceof BigInt64Array ? data : BigInt64Array.from(Array.from(data, (v) => BigInt(v)));
  return new ort.Tensor("int64", values, dims);
}

/**
 * A float32 tensor holding `data`, placed where the active backend computes: on WebGPU (once a WebGPU session
 * exists) a GPU buffer written once, so data fed every step (a training set) is not uploaded every step; on
 * WASM a CPU tensor. Dispose it to free the buffer.
 */
export async function uploadFloat32(data: Float32Array, dims: readonly number[]): Promise<ort.Tensor> {
  if (state.active !== "webgpu" || !watchingDevice || webgpuBroken) return float32(data, dims);
  return enqueue(async () => {
    const device = (await ort.env.webgpu.device) as GpuDeviceLike & {
      createBuffer(d: {size: number; usage: number}): {destroy(): void};
      queue: {writeBuffer(b: unknown, offset: number, data: Float32Array): void};
    };
    // GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST. ORT's kernels may bind a buffer as vec4s, so round the size
    // up to 16 bytes as ORT's own allocator does (a 4-byte scalar buffer fails validation otherwise).
    const buffer = device.createBuffer({
      size: Math.ceil(Math.max(4, data.byteLength) / 16) * 16,
      usage: 0x80 | 0x04 | 0x08,
    });
    device.queue.writeBuffer(buffer, 0, data);
    return ort.Tensor.fromGpuBuffer(buffer as never, {dataType: "float32", dims, dispose: () => buffer.destroy()});
  });
}

/** A tensor's float32 data on the CPU, downloading it (through the session queue) when it lives on the GPU. */
export async function readFloat32(tensor: ort.Tensor): Promise<Float32Array> {
  if (tensor.location === "cpu") return tensor.data as Float32Array;
  return (await enqueue(() => unlessDeviceLost(tensor.getData()))) as Float32Array;
}

/** Disposes tensors (frees GPU buffers; harmless for CPU tensors). Accepts tensors, arrays or output maps. */
export function disposeAll(
  ...items: (ort.Tensor | undefined | readonly ort.Tensor[] | Record<string, ort.Tensor>)[]
): void {
  for (const item of items) {
    if (!item) continue;
    // Duck-typed: tensors of the spare ORT instance are not `instanceof` this one's class.
    const single = typeof (item as ort.Tensor).dispose === "function" && "dims" in item;
    for (const t of single ? [item] : Object.values(item)) {
      try {
        (t as ort.Tensor).dispose();
      } catch {
        // A GPU tensor of a lost device cannot be freed and needs not be: the device took its memory along.
      }
    }
  }
}

// The badge lives in its own module (no ONNX Runtime there); re-exported so pages find it here.
export {backendBadge, describeBackend} from "./backendBadge.js";

/** ORT's tensor type, for callers that need to name it. */
export type Tensor = ort.Tensor;
