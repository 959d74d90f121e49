/**
 * The parts the "Use your data" and "Use your model" controls share: the card with its status line, the file picker
 * that is also a drop target, the progress and error lines, and the choice remembered in this browser's localStorage
 * (a private window without storage keeps it for the page only).
 */

/** A JSON value remembered under `key` in localStorage. */
export interface Remembered<T> {
  recall(): T | null;
  keep(value: T | null): void;
}

/** The choice kept under `key` (null when nothing is kept or storage is unavailable or holds something unreadable). */
export function remembered<T>(key: string): Remembered<T> {
  return {
    recall: () => {
      try {
        const json = globalThis.localStorage?.getItem(key);
        return json ? (JSON.parse(json) as T) : null;
      } catch {
        return null;
      }
    },
    keep: (value) => {
      try {
        if (value !== null) globalThis.localStorage?.setItem(key, JSON.stringify(value));
        else globalThis.localStorage?.removeItem(key);
      } catch {
        // No storage: the choice lasts for this page only.
      }
    },
  };
}

/** Options of {@link fileCard}. */
export interface FileCardOptions {
  /** Class and id of the card, e.g. "dataset-control" and "use-your-data". */
  className: string;
  id: string;
  /** The picker's bold title ("Use your data"), its file types and its accessible name. */
  title: string;
  accept: string;
  ariaLabel: string;
  /** The text after the file input ("or drop a file here"), and any further inputs on the picker's row. */
  dropText: string;
  extra?: Node[];
  /** The small print under the card: what files it takes and that nothing is uploaded. */
  note: string;
  /** Called with the file picked or dropped. */
  onFile(file: File): void;
}

/** The shared card: status line, picker (file input and drop target), progress and error lines, small print. */
export interface FileCard {
  root: HTMLElement;
  status: HTMLDivElement;
  picker: HTMLLabelElement;
  input: HTMLInputElement;
  progress: HTMLDivElement;
  error: HTMLDivElement;
}

/** Builds the card; a control inserts its own parts before `progress` and fills `status`. */
export function fileCard(o: FileCardOptions): FileCard {
  const root = document.createElement("div");
  root.className = `${o.className} card`;
  root.id = o.id;
  root.style.cssText = "display:flex;flex-direction:column;gap:0.4rem;max-width:none;font:14px var(--sans-serif)";
  const status = document.createElement("div");
  status.style.cssText = "display:flex;gap:0.6rem;flex-wrap:wrap;align-items:center;min-height:1.8em";
  const picker = document.createElement("label");
  picker.style.cssText =
    "display:flex;gap:0.6rem;flex-wrap:wrap;align-items:center;padding:0.5rem;border:1px dashed var(--theme-foreground-faint, #bbb);border-radius:6px";
  const input = document.createElement("input");
  input.type = "file";
  input.accept = o.accept;
  input.setAttribute("aria-label", o.ariaLabel);
  picker.append(
    Object.assign(document.createElement("strong"), {textContent: o.title}),
    input,
    Object.assign(document.createElement("span"), {textContent: o.dropText}),
    ...(o.extra ?? []),
  );
  const prefix = o.className.replace(/-control$/, "");
  const progress = document.createElement("div");
  progress.className = `${prefix}-progress`;
  progress.setAttribute("aria-live", "polite");
  progress.style.cssText = "min-height:1.5em;color:var(--theme-foreground-muted, #666)";
  const error = document.createElement("div");
  error.className = `${prefix}-error`;
  error.setAttribute("role", "alert");
  error.style.cssText = "color:var(--theme-red, #b00020)";
  const note = Object.assign(document.createElement("small"), {textContent: o.note});
  root.append(status, picker, progress, error, note);
  // The card is a Framework view: its value changes only when the control says so (an "input" event dispatched on
  // the card itself). The inputs inside it (the file input, a control's checkboxes and selects) fire their own
  // "input" events, which would bubble up and make the page re-run every cell that reads the choice; they stop
  // here, after their own listeners ran and before the page's (added later, on the same element).
  root.addEventListener("input", (event) => {
    if (event.target !== root) event.stopImmediatePropagation();
  });

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (file) o.onFile(file);
  });
  picker.addEventListener("dragover", (event) => {
    event.preventDefault();
    picker.style.background = "var(--theme-background-alt, #f4f4f4)";
  });
  picker.addEventListener("dragleave", () => (picker.style.background = ""));
  picker.addEventListener("drop", (event) => {
    event.preventDefault();
    picker.style.background = "";
    const file = event.dataTransfer?.files?.[0];
    if (file) o.onFile(file);
  });
  return {root, status, picker, input, progress, error};
}

/** A plain button with its handler. */
export function actionButton(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}
