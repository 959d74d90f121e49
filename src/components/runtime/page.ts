/**
 * The ONNX Runtime set-up every page shares, done once when a page first imports this module: ORT's `.wasm`
 * served by this site (Framework copies both files into the build because this module resolves them): the
 * WebGPU-capable JSEP one, fetched only when a WebGPU session is created, and the plain SIMD one of the WASM-only
 * runtime that every WASM session runs on (and that sessions move to if a GPU device is lost mid-run); and the
 * device-loss grace period
 * (tests shorten it with `?deviceLostGraceMs=1000`). Pages import the runtime from here, never configure it.
 *
 * ```js
 * import {requestBackend, createSession, float32, readFloat32} from "./components/runtime/page.js";
 * ```
 */
import {configureRuntime} from "./runtime.js";
import {linkParam, numberCodec} from "../core/urlState.js";

export * from "./runtime.js";

const grace = linkParam("deviceLostGraceMs", numberCodec({min: 0, max: 600_000}), 0);

configureRuntime({
  wasmUrl: import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm"),
  // The WASM-only ONNX Runtime: every WASM session, and sessions rescued from a hung WebGPU run (see backend.ts).
  fallbackWasmUrl: import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"),
  ...(grace > 0 ? {deviceLostGraceMs: grace} : {}),
});
