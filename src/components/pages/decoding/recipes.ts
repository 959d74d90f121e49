/**
 * How the decoding page's later sections (e, f, h) train: each with its own fixed recipe, or with the reader's
 * settings from section (d) when the section's choice says "yours".
 */
import type {OptimizerName} from "../../training/runs.js";
import {watchSettled, type Subscribable} from "../../training/liveTraining.js";
import {booleanCodec, numberCodec, type Codec} from "../../core/urlState.js";

/** A section's training recipe in effect. */
export interface Recipe {
  optimizer: OptimizerName;
  learningRate: number;
  iterations: number;
  batchSize: number;
  /** True when these are the reader's settings from (d), false for the section's fixed recipe. */
  yours: boolean;
}

/** An input element with a value that announces changes with `input` events (as Observable Inputs do). */
export type ValueInput<T> = EventTarget & {value: T};

/** Section (d)'s training inputs, and a section's choice between "fixed" and "yours". */
export interface RecipeInputs {
  choice: ValueInput<string>;
  optimizer: ValueInput<OptimizerName>;
  learningRate: ValueInput<number>;
  iterations: ValueInput<number>;
  batchSize: ValueInput<number>;
}

/**
 * Calls `notify` with the recipe a section trains with, now and whenever it changes: the `fixed` one (full batch of
 * `trainSize`) or the reader's from (d). Notifies only on a change of the recipe in effect, so moving (d)'s sliders
 * does not retrain a section on its fixed recipe. Returns the unsubscriber (for `Generators.observe`).
 */
export function watchRecipe(
  inputs: RecipeInputs,
  fixed: Pick<Recipe, "optimizer" | "learningRate" | "iterations">,
  trainSize: number,
  notify: (recipe: Recipe) => void,
): () => void {
  const watched = Object.values(inputs);
  let last: string | null = null;
  const update = () => {
    const yours = inputs.choice.value === "yours";
    const r: Recipe = yours
      ? {
          optimizer: inputs.optimizer.value,
          learningRate: inputs.learningRate.value,
          iterations: inputs.iterations.value,
          batchSize: inputs.batchSize.value,
          yours,
        }
      : {...fixed, batchSize: trainSize, yours};
    const key = JSON.stringify(r);
    if (key !== last) notify(((last = key), r));
  };
  for (const input of watched) input.addEventListener("input", update);
  update();
  return () => watched.forEach((input) => input.removeEventListener("input", update));
}

/** The words of a section's choice: its fixed recipe, or the reader's settings from (d). */
export function recipeChoiceFormat(fixedText: string): (v: string) => string {
  return (v) => (v === "fixed" ? fixedText : "your settings from (d)");
}

/** One line saying how a section's networks were trained, shown next to its chart (class `section-recipe`). */
export function recipeNote(r: Recipe, trainSize: number): HTMLParagraphElement {
  const batch = r.batchSize >= trainSize ? "full batch" : `batches of ${r.batchSize}`;
  const p = document.createElement("p");
  p.className = "section-recipe";
  p.textContent = `Trained with ${r.yours ? "your settings from (d)" : "this section's fixed recipe"}: ${r.optimizer.toUpperCase()}, η = ${r.learningRate.toExponential(1)}, ${r.iterations} steps, ${batch}.`;
  p.style.cssText = "margin:0 0 0.4rem;font-size:0.85rem;color:var(--theme-foreground-muted);";
  return p;
}

/** The part of the page state {@link playFromLink} uses (ui/pageState.ts's PageState). */
export interface LinkState {
  take<T>(key: string, codec: Codec<T>, fallback: T): T;
  read<T>(key: string, codec: Codec<T>, fallback: T): T;
  write<T>(key: string, value: T): void;
}

/**
 * Section (d)'s trainer and the link: plays to `iterations`, or, the first time, to the step the link says training
 * came to rest at (`?trained=37`: paused or stepped on), so a link reproduces the loss the reader saw; `?autoplay=0`
 * starts paused (tests). Keeps `trained` in the link whenever training comes to rest at a step other than
 * `iterations`. Returns the unsubscriber.
 */
export function playFromLink(
  url: LinkState,
  trainer: Subscribable & {play(steps: number): unknown},
  iterations: number,
): () => void {
  const steps = numberCodec({min: 0, max: 1e6, step: 1});
  const trainedTo = url.take("trained", steps, iterations);
  if (url.read("autoplay", booleanCodec, true)) trainer.play(trainedTo);
  return watchSettled(trainer, (step) => url.write("trained", step));
}
