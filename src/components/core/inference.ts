/**
 * What the core's analyses need of an ONNX Runtime, as plain data: a float32 tensor and a function that runs a
 * model once. Pages pass onnxruntime-web's (`runOnce` in runtime/runtime.ts), the build passes onnxruntime-node's
 * (`runOnNode` in data-loaders/training/session.ts), so one analysis serves both.
 */

/** A float32 tensor as plain data. */
export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

/**
 * Runs an ONNX model once: opens a session, runs it on `feeds`, reads `fetches` (every output when omitted) back
 * as float32 arrays the caller owns, and releases the session and its tensors.
 */
export type InferenceRunner = (
  model: Uint8Array,
  feeds: Record<string, FloatTensor>,
  fetches?: readonly string[],
) => Promise<Record<string, FloatTensor>>;
