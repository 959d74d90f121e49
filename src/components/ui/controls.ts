/**
 * Buttons: one plain button, and the trainer's row of controls (train, pause, step, reset) that every page with a
 * live trainer shows.
 */

/** A button with a label, a tooltip and a handler. */
export function button(label: string, title: string, onclick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.onclick = onclick;
  b.style.marginRight = "0.4rem";
  return b;
}

/** What {@link trainerControls} drives: the live trainer's play, pause, step and reset. */
export interface Trainable {
  play(steps: number): unknown;
  pause(): unknown;
  step(): unknown;
  reset(): unknown;
}

/**
 * The trainer's controls: train to `steps`, pause, one step, back to the initial weights. Labels and tooltips are
 * the site's; `disabled` greys them out (e.g. when there is nothing to train). Class `trainer-controls`.
 */
export function trainerControls(
  trainer: Trainable | null,
  steps: number,
  {playLabel = "▶ Train", resetTitle = "Back to the initial weights", disabled = !trainer} = {},
): HTMLDivElement {
  const row = document.createElement("div");
  row.className = "trainer-controls";
  row.style.cssText = "display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:0.5rem;";
  const buttons = [
    button(playLabel, `Train to ${steps} steps`, () => void trainer?.play(steps)),
    button("❚❚ Pause", "Pause after this step", () => void trainer?.pause()),
    button("Step", "One training step", () => void trainer?.step()),
    button("↺ Reset", resetTitle, () => void trainer?.reset()),
  ];
  for (const b of buttons) b.disabled = disabled;
  row.append(...buttons);
  return row;
}
