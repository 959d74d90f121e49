/**
 * onnxruntime-node sessions for build-time training: one place that picks the session options (measured in
 * bench/train-step.bench.ts) and runs a models/ train-step graph step after step, feeding every `.next` output
 * back as the next step's input so parameters and optimizer state stay ORT tensors.
 */
import * as ort from "onnxruntime-node";
import {nextName, type TrainStep, type Weights} from "@brain-nets/models";

/**
 * Session options used for training and evaluation at build time. One intra-op thread measured fastest on the
 * 2-core build machine (bench/train-step.bench.ts): the step's two large products are memory-bound, and a
 * second thread mostly contends with the other loaders the build runs at the same time.
 */
export const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  intraOpNumThreads: 1,
};

/** Opens a session on ONNX bytes with the build's options (plus `extra`). */
export function openSession(
  bytes: Uint8Array,
  extra: ort.InferenceSession.SessionOptions = {},
): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {...SESSION_OPTIONS, ...extra});
}

/** A float32 tensor. */
export function tensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor("float32", data, [...dims]);
}

/** A train-step graph opened on onnxruntime-node, holding the current parameters and optimizer state. */
export class NodeTrainer {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly step: TrainStep,
    private readonly feeds: Record<string, ort.Tensor>,
  ) {}

  /**
   * Opens `step` with initial `weights`, hyper-parameters from the step's defaults overridden by `hyper`,
   * and a fixed batch `x` `[n, …]` / `target` (full-batch training, as the seed's recipe does).
   */
  static async create(
    step: TrainStep,
    weights: Weights,
    batch: {x: ort.Tensor; target: ort.Tensor},
    {hyper = {}, session = {}}: {hyper?: Record<string, number>; session?: ort.InferenceSession.SessionOptions} = {},
  ): Promise<NodeTrainer> {
    const s = await openSession(step.toBytes(), session);
    const feeds: Record<string, ort.Tensor> = {x: batch.x, target: batch.target};
    for (const [name, {data, dims}] of Object.entries(step.initialFeeds(weights)))
      feeds[name] = tensor(Float32Array.from(data), dims);
    for (const [h, v] of Object.entries({...step.hyper, ...hyper}))
      feeds[`hyper.${h}`] = tensor(Float32Array.of(v), []);
    return new NodeTrainer(s, step, feeds);
  }

  /** Runs one step and returns its loss (before the update). Throws on a non-finite loss. */
  async run(): Promise<number> {
    const out = await this.session.run(this.feeds);
    const loss = (out.loss.data as Float32Array)[0];
    if (!Number.isFinite(loss)) throw new Error(`train step: loss became ${loss}; lower the learning rate`);
    for (const name of Object.keys(this.feeds)) {
      const next = out[nextName(name)];
      if (next) this.feeds[name] = next;
    }
    return loss;
  }

  /** A copy of the current parameters. */
  weights(): Weights {
    const w: Weights = {};
    for (const p of this.step.params) w[p] = Float32Array.from(this.feeds[`param.${p}`].data as Float32Array);
    return w;
  }

  /** Releases the session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
