// onnxruntime-node as the trainer's backend, for unit tests of the trainer and the decoding glue in Node.
import * as ortNode from "onnxruntime-node";
import type {StepSession, TrainerBackend} from "../../../src/components/training/trainer.js";
import {BackendFallbackError, type Tensor} from "../../../src/components/runtime/runtime.js";

/** A TrainerBackend on onnxruntime-node; `failAt` makes that run (0-based) throw BackendFallbackError (a lost GPU). */
export function nodeBackend({failAt = -1} = {}): TrainerBackend & {runs: number} {
  const backend = {
    runs: 0,
    async createSession(model: Uint8Array): Promise<StepSession> {
      const session = await ortNode.InferenceSession.create(model);
      return {
        run: async (f, options) => {
          if (backend.runs++ === failAt) throw new BackendFallbackError("WebGPU lost its device");
          return (await session.run(f as never, options?.fetches as string[])) as unknown as Record<string, Tensor>;
        },
        release: () => session.release(),
      };
    },
    upload: async ({data, dims}: {data: Float32Array | BigInt64Array; dims: readonly number[]}) =>
      new ortNode.Tensor(data instanceof Float32Array ? "float32" : "int64", data, dims) as unknown as Tensor,
    read: async (t: Tensor) => t.data as Float32Array,
    dispose: () => {},
    nextFrame: () => new Promise<void>((r) => setImmediate(r)),
  };
  return backend;
}
