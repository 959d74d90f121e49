/**
 * The decoding page's decoders at work: run one on the active backend, or train one to a step count for the
 * sections that just need a result. Decoder specs live in core/decoders.ts, data helpers in core/decodingData.ts,
 * training runs in runs.ts, sessions in runtime/runtime.ts.
 */
import {toModelBytes, type Model, type Weights} from "@brain-nets/models";
import {runOnce} from "../runtime/runtime.js";
import {Trainer, type Feed} from "./trainer.js";
import {trainingRun, weightsOf, type TrainSettings} from "./runs.js";

/** Runs a decoder with `weights` on `x` (`[n, nNeurons]`) and returns its raw output. */
export async function predict(model: Model, weights: Weights, x: Float32Array, n: number): Promise<Float32Array> {
  return (await runOnce(toModelBytes(model.inferenceGraph(weights)), {x: {data: x, dims: [n, x.length / n]}}, ["y"])).y
    .data;
}

/** Trains `model` to `iterations` steps and returns its weights and losses (for sections that just need a result). */
export async function trainDecoder(
  model: Model,
  x: Float32Array,
  y: Feed,
  settings: TrainSettings & {
    iterations: number;
    /** Called with the step count as training streams. */
    onProgress?: (step: number) => void;
    /** Checked as training streams; true pauses training (the page moved on to other settings). */
    shouldStop?: () => boolean;
  },
): Promise<{weights: Weights; losses: readonly number[]; message: string | null}> {
  const {spec, options} = trainingRun(model, x, y, settings);
  const trainer = await Trainer.create(spec, options);
  const stop = trainer.subscribe((s) => {
    if (s.status === "running" && settings.shouldStop?.()) void trainer.pause();
    else settings.onProgress?.(s.step);
  });
  try {
    await trainer.play(settings.iterations);
    const s = trainer.snapshot();
    return {weights: weightsOf(await trainer.parameters()), losses: s.losses, message: s.message};
  } finally {
    stop();
    await trainer.dispose();
  }
}
