/**
 * The searchlight page's line about its data: which sheet the maps use and why (the built-in recording has no neuron
 * positions; a reader's dataset may have them).
 */
import type {V1Meta} from "../../runtime/computeJobs.js";
import {sourceBadge} from "../../ui/v1Badges.js";

const HOW =
  "an npz key xyz or pos, neurons × 2 or 3 in µm; or CSV rows labelled x, y (and z) in the orientation column";

/** The note for `v1` (null: the built-in data, not loaded here) and the sheet in use. */
export function sheetNote(v1: V1Meta | null, sheet: "dataset" | "simulated"): HTMLElement {
  const p = document.createElement("p");
  p.className = "sheet-note";
  const text = (t: string) => p.append(document.createTextNode(t));
  if (v1 === null) {
    text(
      "Data: the built-in recording has no neuron positions, so this page offers the simulated sheet only (below). ",
    );
    const link = Object.assign(document.createElement("a"), {href: "./data", textContent: "Use your own data"});
    p.append(link);
    text(` with positions (${HOW}) to map its own layout.`);
    return p;
  }
  text("Data: ");
  p.append(sourceBadge(v1.source));
  if (!v1.positionDims) {
    p.dataset.sheet = "simulated";
    text(` has no neuron positions (${HOW}), so the searchlight runs on the simulated sheet.`);
    return p;
  }
  p.dataset.sheet = sheet;
  text(
    `, its neurons with ${v1.positionDims}-D positions` +
      (sheet === "dataset"
        ? ": the searchlight runs on their layout; there is no planted answer to compare with."
        : "; the maps below use the simulated sheet, as chosen."),
  );
  return p;
}
