/**
 * Pieces every live-training run in the pages shares (CNN fine-tuning, encoding-model fit): turning a models/
 * train step into what the {@link Trainer} takes, and scoring the model at the trainer's checkpoints without
 * ever running two evaluations at once.
 */
import {nextName, type TrainStep, type Weights} from "@brain-nets/models";
import type {Feed, Trainer, TrainerSnapshot, TrainStepSpec} from "./trainer.js";

/**
 * The {@link TrainStepSpec} of `step` starting from `weights` (every parameter and optimizer state is carried
 * from step to step), and the `hyper.<h>` feeds at the step's default values.
 */
export function trainStepSpec(step: TrainStep, weights: Weights): {spec: TrainStepSpec; hyper: Record<string, Feed>} {
  const carried = Object.entries(step.initialFeeds(weights)).map(([input, {data, dims}]) => ({
    input,
    output: nextName(input),
    dims,
    init: Float32Array.from(data),
  }));
  const hyper = Object.fromEntries(
    Object.entries(step.hyper).map(([h, v]) => [`hyper.${h}`, {data: Float32Array.of(v), dims: []}]),
  );
  return {spec: {model: step.toBytes(), carried, loss: "loss"}, hyper};
}

/** The trainer side {@link evaluateAtCheckpoints} needs (a {@link Trainer} has it). */
export type Subscribable = Pick<Trainer, "subscribe">;

/**
 * Runs `evaluate(step)` at step 0, at every checkpoint the trainer saves, and at the step where it pauses or
 * stops; a reset (step back to 0) starts again from 0. Evaluations run one after another, each followed by
 * `notify()`; snapshots with nothing to evaluate call `notify()` directly. `settled()` resolves once every
 * evaluation queued so far has run; `unsubscribe` stops listening.
 */
export function evaluateAtCheckpoints(
  trainer: Subscribable,
  evaluate: (step: number) => Promise<void>,
  notify: () => void,
): {settled: () => Promise<void>; unsubscribe: () => void} {
  let evaluating: Promise<void> = evaluate(0).then(notify);
  let lastEval = 0;
  const unsubscribe = trainer.subscribe((s: TrainerSnapshot) => {
    if (s.step === 0 && lastEval > 0) {
      lastEval = 0;
      evaluating = evaluating.then(() => evaluate(0)).then(notify);
      return;
    }
    if (s.checkpointStep > lastEval || (s.status !== "running" && s.step > lastEval)) {
      const at = (lastEval = s.status === "running" ? s.checkpointStep : s.step);
      evaluating = evaluating.then(() => evaluate(at)).then(notify);
    } else notify();
  });
  return {settled: () => evaluating, unsubscribe};
}
