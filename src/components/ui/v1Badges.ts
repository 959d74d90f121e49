/**
 * The V1 data source on a page: a badge naming it (real recordings or the synthetic stand-in) and, for synthetic
 * data, a note on what the stand-in is and how to build with the recordings.
 */
import {isPublishedV1, sourceDescription, sourceLabel, type V1Source} from "../core/v1.js";

/**
 * A visible badge naming the data source, for every page that shows V1 data. Synthetic data is marked in amber
 * with a tooltip listing the generator's parameters, so nobody mistakes it for recordings.
 */
export function sourceBadge(source: V1Source): HTMLElement {
  const badge = document.createElement("span");
  badge.className = `v1-source v1-source-${source.kind}`;
  badge.textContent = sourceLabel(source);
  const real = source.kind === "real";
  // Green: the published recording; blue: another real file of the same layout; purple: the reader's own file;
  // amber: the synthetic stand-in.
  const [border, color, background] = isPublishedV1(source)
    ? ["#2e7d32", "#1b5e20", "#e8f5e9"]
    : source.kind === "user"
      ? ["#6a1b9a", "#4a148c", "#f3e5f5"]
      : real
        ? ["#1565c0", "#0d47a1", "#e3f2fd"]
        : ["#b26a00", "#7a4a00", "#fff4e0"];
  badge.style.cssText = `display:inline-block;padding:0.15em 0.6em;border-radius:1em;font:500 13px var(--sans-serif, sans-serif);
    border:1px solid ${border};color:${color};background:${background};`;
  badge.title =
    real || source.kind === "user"
      ? `${sourceDescription(source)}${source.url ? `, from ${source.url}` : ""}`
      : `Synthetic stand-in (no network at build time). Generator parameters: ${Object.entries(source.params ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(", ")}`;
  return badge;
}

/**
 * A short paragraph for pages showing synthetic data, saying what the stand-in is and how to build with the real
 * recordings; an empty node for real data.
 */
export function sourceNote(source: V1Source): Node {
  if (source.kind !== "synthetic") return document.createTextNode("");
  const note = document.createElement("p");
  note.className = "v1-source-note";
  note.style.maxWidth = "640px";
  note.textContent =
    "The build could not reach the recordings (no local copy, no network), so this site was built with a synthetic " +
    "stand-in of the same size and layout: orientation- and direction-tuned model neurons with varied tuning widths " +
    "and gains, a share of untuned cells, trial noise and fluctuations shared across the population, z-scored like " +
    "the real data. Build with V1_NPZ pointing at the real file (see the README) and every page switches to it.";
  return note;
}
