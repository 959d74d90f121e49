/**
 * Drives Observable Inputs in a page from a browser test: finds an input by its label, sets it as a reader
 * would (an `input` event that bubbles to the view), and waits until a marker element is replaced, which the
 * page does when the cells that depend on the input have all re-run.
 */
import type {Page} from "playwright-core";

// Page-side code is kept as source text: tools that transpile this file (tsx, for the benchmarks) would
// otherwise wrap named functions in helpers that do not exist in the page.
const SET_INPUT = `async ({label, value, marker, timeout}) => {
  const form = [...document.querySelectorAll("form")].find((f) => f.querySelector("label")?.textContent?.trim() === label);
  if (!form) throw new Error("no input labelled " + JSON.stringify(label));
  const select = form.querySelector("select");
  const input = form.querySelector("input[type=number], input[type=text], input");
  const before = document.querySelector(marker);
  const t0 = performance.now();
  const radios = [...form.querySelectorAll("input[type=radio]")];
  if (radios.length) {
    const radio = radios.find((r) => r.parentElement?.textContent?.trim() === String(value));
    if (!radio) throw new Error("no choice " + JSON.stringify(value) + " for " + label);
    radio.checked = true;
    radio.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (select) {
    const option = [...select.options].find((o) => o.textContent?.trim() === String(value));
    if (!option) throw new Error("no option " + JSON.stringify(value) + " for " + label);
    select.value = option.value;
    select.dispatchEvent(new Event("input", {bubbles: true}));
  } else if (input) {
    input.value = String(value);
    input.dispatchEvent(new Event("input", {bubbles: true}));
  } else throw new Error("the form labelled " + label + " has no input");
  await new Promise((resolve, reject) => {
    const check = () => {
      const now = document.querySelector(marker);
      if (now && now !== before) resolve();
      else if (performance.now() - t0 > timeout) reject(new Error(marker + " did not update after " + label));
      else requestAnimationFrame(check);
    };
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}`;

const PAINTED_PIXELS = `(selector) => {
  const canvas = document.querySelector(selector + " canvas");
  if (!canvas) return -1;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let k = 3; k < data.length; k += 4) if (data[k] > 0) painted++;
  return painted;
}`;

/**
 * Sets the input labelled `label` to `value` (a number, or the text of a select's option or a radio choice), then waits until
 * the element matching `marker` is a new element and two frames have painted. Returns the milliseconds from
 * the change to that point: the page's redraw time as a reader sees it.
 */
export async function setInput(
  page: Page,
  label: string,
  value: string | number,
  {marker, timeout = 60_000}: {marker: string; timeout?: number},
): Promise<number> {
  const args = JSON.stringify({label, value, marker, timeout});
  return page.evaluate(`(${SET_INPUT})(${args})`) as Promise<number>;
}

/** Counts the painted (non-transparent) pixels of the first canvas inside `selector`, or -1 without one. */
export async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(${PAINTED_PIXELS})(${JSON.stringify(selector)})`) as Promise<number>;
}
