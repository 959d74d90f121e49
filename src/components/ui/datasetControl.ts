/**
 * "Use your data": the control every V1 page shows above its analyses. The reader picks or drops a file (npz, the
 * site's Arrow format, CSV/TSV); the compute worker reads it (core/userData.ts, the build's own readers), computes
 * its summaries and keeps it in this browser (runtime/datasetStore.ts). The control's value says which dataset the
 * page uses, and the choice is remembered across pages and visits; a bad file gets its message here and changes
 * nothing. Nothing is uploaded: the file never leaves the page and its worker.
 */
import type {JobClient} from "../core/workerProtocol.js";
import type {V1Dataset, V1Gram, V1Neurons} from "../core/v1.js";
import type {ReadDatasetUpdate} from "../runtime/computeJobs.js";
import type {V1Meta} from "../runtime/computeJobs.js";
import {computeClient} from "../runtime/compute.js";
import {forgetDataset, loadDataset, type StoredInfo} from "../runtime/datasetStore.js";
import {loadV1InWorker, loadV1Responses} from "./download.js";
import {sourceBadge} from "./v1Badges.js";
import {actionButton, fileCard, remembered} from "./fileControl.js";

/** Which dataset a page uses. */
export type DatasetChoice = {kind: "builtin"; stored: StoredInfo | null} | {kind: "user"; info: StoredInfo};

const store = remembered<Remembered>("brainNets.dataset");
const MB = 2 ** 20;

interface Remembered {
  active: boolean;
  info: StoredInfo;
}

/** The dataset chosen on this or an earlier page (the built-in one unless the reader chose their own). */
export function datasetChoice(): DatasetChoice {
  const r = store.recall();
  return r?.active ? {kind: "user", info: r.info} : {kind: "builtin", stored: r?.info ?? null};
}

/** Forgets the choice of a dataset that is no longer stored (the browser cleared it): the built-in data again. */
function lost(): void {
  store.keep(null);
}

/** A reader's dataset as a main-thread page uses it, with the summaries the build precomputes for the built-in one. */
export interface UserV1 {
  v1: V1Dataset;
  neurons: V1Neurons;
  gram: V1Gram | null;
}

/** The stored dataset for a page that computes on the main thread (the data and decoding pages). */
export async function storedV1(): Promise<UserV1> {
  const stored = await loadDataset();
  if (!stored) {
    lost();
    throw new Error(
      "your dataset is no longer stored in this browser (it may have been cleared); choose the file again",
    );
  }
  const {dataset, summaries} = stored;
  const {source, nNeurons, nStimuli, stimuli} = dataset;
  return {
    v1: dataset,
    neurons: {...summaries.neurons, nNeurons, source},
    gram: summaries.gram ? {gram: summaries.gram, stimuli, nStimuli, source} : null,
  };
}

/**
 * The line a page shows where the built-in data's download progress goes, when the reader's dataset is in use (it
 * also replaces the line an earlier run of the cell showed).
 */
export function storedNote(info: StoredInfo): HTMLElement {
  const note = document.createElement("div");
  note.className = "download-progress";
  note.style.cssText =
    "min-height:1.6em;font:13px var(--sans-serif, sans-serif);color:var(--theme-foreground-muted, #666)";
  note.textContent = `Using ${info.source.file} from this browser's storage (${(info.storedBytes / MB).toFixed(1)} MB); nothing was uploaded.`;
  return note;
}

/** The V1 responses of a main-thread page: the reader's dataset when chosen, else the built-in file at `href`. */
export async function pageV1(
  choice: DatasetChoice,
  href: string,
  display: (element: HTMLElement) => unknown,
): Promise<V1Dataset> {
  if (choice.kind === "builtin") return loadV1Responses(href, display);
  display(storedNote(choice.info));
  return (await storedV1()).v1;
}

/** The V1 responses of a page whose analyses run in the compute worker: the worker takes the chosen dataset. */
export async function workerV1(
  choice: DatasetChoice,
  client: JobClient,
  href: string,
  display: (element: HTMLElement) => unknown,
): Promise<V1Meta> {
  if (choice.kind === "builtin") return loadV1InWorker(client, href, display);
  display(storedNote(choice.info));
  try {
    return await client.run<V1Meta>("storedV1", {});
  } catch (e) {
    lost();
    throw e;
  }
}

/**
 * For a page that works on the built-in recording only (its model was trained at build time): a note, when the
 * reader has chosen their own data on another page, that this page does not use it; an empty node otherwise.
 */
export function builtInOnlyNote(what: string): Node {
  const choice = datasetChoice();
  if (choice.kind !== "user") return document.createTextNode("");
  const note = document.createElement("p");
  note.className = "builtin-only-note";
  note.style.cssText = "max-width:640px;padding:0.4em 0.6em;border-left:3px solid #6a1b9a;background:#f3e5f5";
  note.textContent = `You chose your own data (${choice.info.source.file}) on the V1 pages. ${what} was trained at build time on the built-in recording, so this page shows the built-in data; the data, decoding, RSA, fingerprint and searchlight pages use yours.`;
  return note;
}

/**
 * The control: a card with the dataset in use, a file picker (and drop target), the CSV orientation column, and
 * buttons back to the built-in data, to use the stored file again and to forget it. Its `value` is a
 * {@link DatasetChoice}; it dispatches `input` when the choice changes (Framework's `view()`). `client` gives the
 * compute client that reads files (the page's, started only when a file is chosen).
 */
export function datasetControl({client = computeClient}: {client?: () => JobClient} = {}): HTMLElement & {
  value: DatasetChoice;
} {
  const column = document.createElement("input");
  column.type = "text";
  column.value = "orientation";
  column.size = 12;
  column.setAttribute("aria-label", "CSV/TSV orientation column");
  const columnLabel = document.createElement("span");
  columnLabel.append("CSV/TSV orientation column: ", column);
  const card = fileCard({
    className: "dataset-control",
    id: "use-your-data",
    title: "Use your data",
    accept: ".npz,.arrow,.feather,.csv,.tsv,.txt",
    ariaLabel: "Use your data: choose an npz, Arrow or CSV/TSV file",
    dropText: "or drop a file here ·",
    extra: [columnLabel],
    note:
      "An .npz with `resp` (stimuli × neurons) and `stimuli` (degrees), an Arrow file in this site's V1 format, or CSV/TSV with one row per stimulus. " +
      "It is read in this browser and never uploaded; each neuron is z-scored across stimuli, as the built-in data is.",
    onFile: (file) => void choose(file),
  });
  const {status, progress, error} = card;
  const root = card.root as HTMLElement & {value: DatasetChoice};
  root.value = datasetChoice();

  const set = (value: DatasetChoice) => {
    root.value = value;
    draw();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };

  function draw(): void {
    const v = root.value;
    const info = v.kind === "user" ? v.info : v.stored;
    const parts: Node[] = [];
    if (v.kind === "user") {
      parts.push(
        sourceBadge(v.info.source),
        document.createTextNode(`kept in this browser: ${(v.info.storedBytes / MB).toFixed(1)} MB`),
        actionButton("Back to the built-in data", () => {
          store.keep({active: false, info: v.info});
          set({kind: "builtin", stored: v.info});
        }),
      );
    } else {
      parts.push(document.createTextNode("This page uses the site's built-in V1 data."));
      if (info)
        parts.push(
          actionButton(`Use ${info.source.file} again`, () => {
            store.keep({active: true, info});
            set({kind: "user", info});
          }),
        );
    }
    if (info)
      parts.push(
        actionButton(`Forget ${info.source.file}`, async () => {
          await forgetDataset().catch(() => {});
          store.keep(null);
          set({kind: "builtin", stored: null});
        }),
      );
    status.replaceChildren(...parts);
  }

  let reading = 0;
  async function choose(file: File): Promise<void> {
    const run = ++reading;
    error.textContent = "";
    const bar = document.createElement("progress");
    const text = document.createElement("span");
    text.textContent = ` Reading ${file.name} (${(file.size / MB).toFixed(1)} MB)…`;
    progress.replaceChildren(bar, text);
    const t0 = performance.now();
    try {
      const info = await client().run<StoredInfo>(
        "readDataset",
        {file, orientationColumn: column.value.trim() || "orientation"},
        {
          replace: "readDataset",
          onUpdate: (update) => {
            const u = update as ReadDatasetUpdate;
            text.textContent =
              u.stage === "reading"
                ? ` Reading ${file.name}: ${u.rows.toLocaleString("en-US")} rows…`
                : u.stage === "summaries"
                  ? ` Computing each neuron's tuning and the stimulus Gram matrix…`
                  : ` Keeping ${file.name} in this browser…`;
          },
        },
      );
      if (run !== reading) return;
      progress.textContent = `Read ${file.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
      store.keep({active: true, info});
      set({kind: "user", info});
    } catch (e) {
      if (run !== reading) return;
      progress.textContent = "";
      const previous = root.value.kind === "user" ? root.value.info.source.file : "the built-in data";
      error.textContent = `${(e as Error).message}. Still using ${previous}.`;
    }
  }

  draw();
  return root;
}
