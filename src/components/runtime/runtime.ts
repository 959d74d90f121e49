/**
 * The module pages use for ONNX Runtime in the browser: sessions, tensors and their disposal, plus (re-exported
 * from backend.ts, the only other module that imports onnxruntime-web) backend choice and state.
 *
 * Usage in a page: import it through runtime/page.ts, which configures it once for every page (ORT's `.wasm` served
 * by this site, the spare WASM-only runtime, the device-loss grace period):
 *
 * ```js
 * import {requestBackend, createSession, float32, readFloat32} from "./components/runtime/page.js";
 * const backend = await requestBackend("webgpu"); // or "wasm"; falls back to "wasm" with a notice
 * const session = await createSession(bytes);
 * const out = await session.run({x: float32(data, [n, d])});
 * const y = await readFloat32(out.y); disposeAll(out);
 * ```
 *
 * WebGPU is offered only when `navigator.gpu` exists and yields an adapter. When WebGPU is missing, fails to
 * create a session, or loses its device, the runtime switches to WASM for the rest of the page's life and
 * sets a notice that ui/backendBadge.ts shows. All session work goes through one serialised promise chain,
 * because ORT-web fails when two sessions are created or run at the same time.
 */
import * as ort from "onnxruntime-web";
import type {FloatTensor, InferenceRunner} from "../core/inference.js";
import {
  EXECUTION_PROVIDERS,
  enqueue,
  fallBack,
  isWedged,
  webgpuFailure,
  BackendFallbackError,
  unlessDeviceLost,
  wasmLib,
  watchDevice,
  hasWebgpuSession,
  backendState,
  type Backend,
  type OrtLib,
} from "./backend.js";

// Backend choice and state live in backend.ts; re-exported so pages find the whole runtime here.
export {
  BACKENDS,
  BackendFallbackError,
  EXECUTION_PROVIDERS,
  backendState,
  configureRuntime,
  enqueue,
  parseBackend,
  requestBackend,
  watchBackend,
  webgpuDevice,
  type AdapterInfo,
  type Backend,
  type BackendState,
} from "./backend.js";

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
      if (backendState().active === "webgpu") {
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
        if (this.backend === "webgpu" && webgpuFailure()) throw new Error(`WebGPU ${webgpuFailure()}`);
        if (isWedged() && this.lib === ort) await this.reopen();
        const f = this.lib === ort ? feeds : adopt(feeds, this.lib);
        const run = fetches ? this.inner.run(f, [...fetches]) : this.inner.run(f);
        if (this.backend !== "webgpu") return (await run) as Record<string, ort.Tensor>;
        const out = (await unlessDeviceLost(run)) as Record<string, ort.Tensor>;
        // Outputs computed while the device was lost cannot be trusted.
        if (webgpuFailure()) throw new Error(`WebGPU ${webgpuFailure()}`);
        return out;
      });
    try {
      return await attempt();
    } catch (e) {
      if (this.backend !== "webgpu") throw e;
      fallBack(webgpuFailure() ?? `failed during a run (${(e as Error).message})`);
      await enqueue(() => this.reopen());
      if (Object.values(feeds).some((t) => t.location !== "cpu")) {
        throw new BackendFallbackError(
          `WebGPU failed mid-run; inputs that lived on the GPU are gone (${backendState().notice})`,
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
 * Runs `model` once on the active backend: opens a session, runs `feeds`, reads `fetches` (every output when
 * omitted) back to the CPU and releases everything. The page-side {@link InferenceRunner} the core's analyses take.
 */
export const runOnce: InferenceRunner = async (model, feeds, fetches) => {
  const session = await createSession(model);
  try {
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, {data, dims}]) => [k, float32(data, dims)]));
    const out = await session.run(tensors, fetches ? {fetches} : {});
    const result: Record<string, FloatTensor> = {};
    for (const name of fetches ?? Object.keys(out))
      result[name] = {data: (await readFloat32(out[name])).slice(), dims: out[name].dims};
    disposeAll(out);
    return result;
  } finally {
    await session.release();
  }
};

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
 * A float32 tensor holding `data`, placed where the session that will consume it computes: on WebGPU (once a
 * WebGPU session exists) a GPU buffer written once, so data fed every step (a training set) is not uploaded
 * every step; on WASM a CPU tensor. Pass `session` so the tensor follows that session's own backend: a
 * session opened on WASM before WebGPU was ready must not be fed GPU buffers. Without it, the page's active
 * backend decides. Dispose the tensor to free the buffer.
 */
export async function uploadFloat32(
  data: Float32Array,
  dims: readonly number[],
  {session}: {session?: {backend: Backend}} = {},
): Promise<ort.Tensor> {
  const backend = session?.backend ?? backendState().active;
  if (backend !== "webgpu" || !hasWebgpuSession() || webgpuFailure()) return float32(data, dims);
  return enqueue(async () => {
    const device = (await ort.env.webgpu.device) as unknown as GpuDevice;
    // GPUBufferUsage.STORAGE | COPY_SRC | COPY_DST. ORT's kernels may bind a buffer as vec4s, so round the size
    // up to 16 bytes as ORT's own allocator does (a 4-byte scalar buffer fails validation otherwise).
    const buffer = device.createBuffer({
      size: Math.ceil(Math.max(4, data.byteLength) / 16) * 16,
      usage: 0x80 | 0x04 | 0x08,
    });
    device.queue.writeBuffer(buffer, 0, data);
    return ort.Tensor.fromGpuBuffer(buffer as never, {
      dataType: "float32",
      dims,
      // Without a downloader ORT cannot read the tensor back (getData throws), e.g. a trainer's parameters
      // before its first step.
      download: () => downloadBuffer(device, buffer, data.length),
      dispose: () => buffer.destroy(),
    });
  });
}

// Minimal WebGPU shapes for uploads and read-backs (TypeScript's DOM lib has no WebGPU types).
interface GpuBuffer {
  destroy(): void;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}
interface GpuDevice {
  createBuffer(d: {size: number; usage: number}): GpuBuffer;
  createCommandEncoder(): {
    copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
    finish(): unknown;
  };
  queue: {writeBuffer(b: GpuBuffer, offset: number, data: Float32Array): void; submit(commands: unknown[]): void};
}

/** The first `length` floats of a GPU buffer, copied through a mappable staging buffer (MAP_READ | COPY_DST). */
async function downloadBuffer(device: GpuDevice, buffer: GpuBuffer, length: number): Promise<Float32Array> {
  const size = Math.ceil(Math.max(4, length * 4) / 16) * 16;
  const staging = device.createBuffer({size, usage: 0x01 | 0x08});
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(0x01); // GPUMapMode.READ
    return new Float32Array(staging.getMappedRange().slice(0, length * 4));
  } finally {
    staging.destroy();
  }
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

/** ORT's tensor type, for callers that need to name it. */
export type Tensor = ort.Tensor;
