/**
 * The page's building blocks in plain DOM: a card that keeps its height while its content computes (so the page
 * does not jump), an element with text, and a warning line in the site's one warning colour.
 */

/** The colour of warnings and training messages (diverged, fell back, stale build). */
export const WARNING_COLOR = "#b45309";

/** A card at least `minHeight` pixels tall holding `children` (null and "" are left out). */
export function card(minHeight: number, ...children: (Node | string | null | undefined)[]): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "card";
  div.style.minHeight = `${minHeight}px`;
  div.append(...children.filter((c): c is Node | string => c != null && c !== ""));
  return div;
}

/** An element `tag` with `text` and, optionally, a class. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A warning paragraph (class `className`) in {@link WARNING_COLOR}, or null when there is nothing to say. */
export function warning(text: string | null | undefined, className = "train-message"): HTMLParagraphElement | null {
  if (!text) return null;
  const p = el("p", text, className);
  p.style.cssText = `color:${WARNING_COLOR};font-weight:600;`;
  return p;
}
