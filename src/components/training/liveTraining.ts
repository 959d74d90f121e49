/**
 * Pieces every live-training run in the pages shares (CNN fine-tuning, encoding-model fit): turning a models/
 * train step into what the {@link Trainer} takes, and scoring the model at the trainer's checkpoints without
 * ever running two evaluations at once.
 */
import {nextName, type Model, type TrainStep, type Weights} from "@brain-nets/models";
import {evaluationGraph} from "../core/analysisGraphs.js";
import type {FloatTensor} from "../core/inference.js";
import {createSession, disposeAll, float32, readFloat32} from "../runtime/runtime.js";
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

/**
 * Calls `notify(step)` each time training comes to rest (paused, done, diverged, failed, reset) at a step it has not
 * rested at before: for what is computed only when training stops, not on every step. Returns the unsubscriber.
 */
export function watchSettled(trainer: Subscribable, notify: (step: number) => void): () => void {
  let last: string | null = null;
  return trainer.subscribe((s: TrainerSnapshot) => {
    const key = `${s.status}:${s.step}`;
    if (s.status !== "running" && key !== last) notify(((last = key), s.step));
  });
}

/** What {@link scoredRun} gives a page: the trainer's snapshots merged with the run's own state, and a way out. */
export interface ScoredRun<S> {
  subscribe(listener: (s: TrainerSnapshot & S) => void): () => void;
  dispose(): Promise<void>;
}

/**
 * A live run scored at the trainer's checkpoints (see {@link evaluateAtCheckpoints}): each evaluation runs `model`'s
 * forward pass on `x` through one session of its {@link evaluationGraph}, with the trainer's current parameters
 * (`fixed[p]` for the ones it does not train), and hands the output `y` and those weights to `record`. Listeners get
 * the trainer's snapshot merged with `state()`. Resolves once step 0 is scored; `dispose` frees everything.
 */
export async function scoredRun<S extends object>(
  trainer: Trainer,
  model: Model,
  x: FloatTensor,
  fixed: Record<string, Float32Array>,
  record: (step: number, y: Float32Array, weights: Record<string, Float32Array>) => void,
  state: () => S,
): Promise<ScoredRun<S>> {
  const session = await createSession(evaluationGraph(model));
  const listeners = new Set<(s: TrainerSnapshot & S) => void>();
  const snapshot = () => ({...trainer.snapshot(), ...state()});
  const notify = () => {
    const s = snapshot();
    for (const l of listeners) l(s);
  };
  async function evaluate(step: number): Promise<void> {
    const current = await trainer.parameters();
    const weights: Record<string, Float32Array> = {};
    const feeds = {x: float32(x.data, x.dims)};
    for (const p of model.arch.params) {
      weights[p.name] = current.get(`param.${p.name}`) ?? fixed[p.name];
      Object.assign(feeds, {[`param.${p.name}`]: float32(weights[p.name], p.shape)});
    }
    const out = await session.run(feeds);
    const y = await readFloat32(out.y);
    disposeAll(out);
    record(step, y, weights);
  }
  const {settled, unsubscribe} = evaluateAtCheckpoints(trainer, evaluate, notify);
  await settled();
  return {
    subscribe(listener) {
      listeners.add(listener);
      listener(snapshot());
      return () => void listeners.delete(listener);
    },
    async dispose() {
      unsubscribe();
      listeners.clear();
      await trainer.dispose();
      await session.release();
    },
  };
}
