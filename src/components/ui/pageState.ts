/**
 * Page state in the URL, the DOM half: every page's inputs read their first value from the link and write their
 * changes back into it, so a link reproduces what the reader sees. Changes are written with
 * `history.replaceState` (debounced, and at once when the page is left), so moving a slider adds nothing to the
 * back/forward history; only values that differ from the default are written; parameters the page does not own are
 * kept as they were; the `#section` anchor stays. A malformed or out-of-range value is ignored (the input keeps its
 * default) and a notice names it, once, in the page's {@link PageState.controls}.
 *
 * ```js
 * import {pageState} from "./components/ui/pageState.js";
 * const url = pageState();
 * const hidden = view(url.range("hidden", [1, 100], {label: "Hidden units", step: 1, value: 20}));
 * display(url.controls()); // "Copy link" and the notices
 * ```
 *
 * How values are written is `core/urlState.ts`.
 */
import * as Inputs from "@observablehq/inputs";
import {
  booleanCodec,
  choiceCodec,
  listCodec,
  numberCodec,
  rawParam,
  readParam,
  slug,
  snap,
  textCodec,
  updatedQuery,
  type Codec,
} from "../core/urlState.js";

/** The parts of `window` the page state uses (tests pass a stand-in). */
export interface PageWindow {
  location: {pathname: string; search: string; hash: string; href: string};
  history: {state: unknown; replaceState(state: unknown, unused: string, url: string): void};
  addEventListener?(type: string, listener: () => void): void;
}

/** An element with a value that announces changes with `input` events, as Observable Inputs are. */
export type ValueElement<T> = HTMLElement & {value: T};

type Data<T> = readonly T[] | Map<string, T>;
/** How an option is written unless the page says otherwise: text (or an object's `name`) as a {@link slug}, numbers as they are. */
const defaultKey = (v: unknown): string => {
  if (typeof v === "string") return slug(v);
  const name = (v as {name?: unknown} | null)?.name;
  return typeof name === "string" ? slug(name) : String(v);
};
const valuesOf = <T>(data: Data<T>): T[] => (data instanceof Map ? [...data.values()] : [...data]);

/** The state of one page's inputs in its URL. Use {@link pageState} for the page's one instance. */
export class PageState {
  /** The query as the page wants it; written to the address bar after a short pause ({@link flush}). */
  private search: string;
  private readonly declared = new Map<string, {codec: Codec<any>; fallback: any}>();
  private readonly seen = new Set<string>();
  private readonly noticeByKey = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly win: PageWindow = globalThis as unknown as PageWindow,
    private readonly debounceMs = 250,
  ) {
    this.search = win.location.search;
    win.addEventListener?.("pagehide", () => this.flush());
  }

  /** The path this state belongs to. */
  get path(): string {
    return this.win.location.pathname;
  }

  /** The notices shown now: one per parameter that a link carried and the page could not use. */
  get notices(): string[] {
    return [...this.noticeByKey.values()];
  }

  /**
   * The value of `key`: the link's when it decodes, else `fallback`. A bad value is dropped from the URL and, the
   * first time the key is read, named in a notice. Declares the key's codec and default for {@link write}.
   */
  read<T>(key: string, codec: Codec<T>, fallback: T): T {
    this.declared.set(key, {codec, fallback});
    const first = !this.seen.has(key);
    this.seen.add(key);
    const {value, notice} = readParam(this.search, key, codec, fallback);
    if (notice) {
      if (first) this.notify(key, notice);
      this.change(key, null);
    }
    return value;
  }

  /**
   * Like {@link read}, but only the first call sees the link's value; later calls (a cell that re-ran because the
   * reader changed something it depends on) get `fallback` and clear the key. For state that starts afresh when
   * its inputs change, such as the points edited over a preset.
   */
  take<T>(key: string, codec: Codec<T>, fallback: T): T {
    if (!this.seen.has(key)) return this.read(key, codec, fallback);
    this.declared.set(key, {codec, fallback});
    this.change(key, null);
    return fallback;
  }

  /**
   * Writes `value` for a key declared by {@link read}; the default is written as no parameter at all. A value that
   * would not come back from the link (too many points, too long) is left out, with a notice saying so.
   */
  write<T>(key: string, value: T): void {
    const d = this.declared.get(key);
    if (!d) throw new Error(`pageState: ${key} was written before it was read`);
    const text = d.codec.encode(value);
    const fits = d.codec.decode(text) !== undefined;
    this.notify(
      `${key} (too big)`,
      fits ? null : `The link leaves out ${key}: it holds ${d.codec.expected}, and yours is more.`,
    );
    this.change(key, !fits || text === d.codec.encode(d.fallback) ? null : text);
  }

  /** Shows (or with null, removes) a notice about `key`, e.g. a value too long for a link. */
  notify(key: string, message: string | null): void {
    if (message === null ? !this.noticeByKey.delete(key) : this.noticeByKey.get(key) === message) return;
    if (message !== null) this.noticeByKey.set(key, message);
    for (const update of this.listeners) update();
  }

  /** Writes the pending changes to the address bar now. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const {pathname, search, hash} = this.win.location;
    if (search !== this.search)
      this.win.history.replaceState(this.win.history.state, "", `${pathname}${this.search}${hash}`);
  }

  /** The link to this page with the current state (and anchor). */
  link(): string {
    this.flush();
    return this.win.location.href;
  }

  /** The raw text of a parameter as the page holds it now (null when absent). */
  param(key: string): string | null {
    return rawParam(this.search, key);
  }

  private change(key: string, text: string | null): void {
    const next = updatedQuery(this.search, {[key]: text});
    if (next === this.search) return;
    this.search = next;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  /**
   * Binds an input to `key`: `make` builds it with the link's value (or `fallback`), and each `input` event writes
   * its value back. With `snap`, the element's value is first replaced by what a link restores (for drawn curves and
   * images), before the page's own listeners see it.
   */
  bind<T, E extends ValueElement<T>>(
    key: string,
    codec: Codec<T>,
    fallback: T,
    make: (value: T) => E,
    {snap: snapped = false} = {},
  ): E {
    const element = make(this.read(key, codec, fallback));
    if (snapped) element.value = snap(codec, element.value);
    element.addEventListener("input", () => {
      if (snapped) element.value = snap(codec, element.value);
      this.write(key, element.value);
    });
    return element;
  }

  /** `Inputs.range` bound to `key` (its value is checked against the extent and step). */
  range(
    key: string,
    extent: [number, number],
    options: {value: number; step?: number} & Record<string, unknown>,
  ): ValueElement<number> {
    const codec = numberCodec({min: extent[0], max: extent[1], step: options.step});
    return this.bind(key, codec, options.value, (value) => Inputs.range(extent, {...options, value}));
  }

  /** `Inputs.number` bound to `key`. */
  number(
    key: string,
    extent: [number, number],
    options: {value: number; step?: number} & Record<string, unknown>,
  ): ValueElement<number> {
    const codec = numberCodec({min: extent[0], max: extent[1], step: options.step});
    return this.bind(key, codec, options.value, (value) => Inputs.number(extent, {...options, value}));
  }

  /**
   * `Inputs.select` bound to `key`: options are written as `key(option)` (default: numbers as they are, text slugged), several of them
   * comma-joined when `multiple` is set.
   */
  select<T>(
    key: string,
    data: Data<T>,
    options: {value: T | T[]; multiple?: unknown; key?: (v: T) => string} & Record<string, unknown>,
  ): ValueElement<any> {
    const {key: keyOf = defaultKey, ...rest} = options;
    const values = valuesOf(data);
    if (options.multiple) {
      return this.bind(key, listCodec(values, keyOf), options.value as T[], (value) =>
        Inputs.select(data, {...rest, value}),
      );
    }
    return this.bind(key, choiceCodec(values, keyOf), options.value as T, (value) =>
      Inputs.select(data, {...rest, value}),
    );
  }

  /** `Inputs.radio` bound to `key`. */
  radio<T>(
    key: string,
    data: Data<T>,
    options: {value: T; key?: (v: T) => string} & Record<string, unknown>,
  ): ValueElement<T> {
    const {key: keyOf = defaultKey, ...rest} = options;
    return this.bind(key, choiceCodec(valuesOf(data), keyOf), options.value, (value) =>
      Inputs.radio(data, {...rest, value}),
    );
  }

  /** `Inputs.checkbox` bound to `key` (the chosen options, comma-joined). */
  checkbox<T>(
    key: string,
    data: Data<T>,
    options: {value: T[]; key?: (v: T) => string} & Record<string, unknown>,
  ): ValueElement<T[]> {
    const {key: keyOf = defaultKey, ...rest} = options;
    return this.bind(key, listCodec(valuesOf(data), keyOf), options.value, (value) =>
      Inputs.checkbox(data, {...rest, value}),
    );
  }

  /** `Inputs.toggle` bound to `key` (`1` or `0`). */
  toggle(key: string, options: {value: boolean} & Record<string, unknown>): ValueElement<boolean> {
    return this.bind(key, booleanCodec, options.value, (value) => Inputs.toggle({...options, value}));
  }

  /** `Inputs.text` bound to `key` (at most `maxLength` characters, default 200). */
  text(key: string, options: {value?: string; maxLength?: number} & Record<string, unknown>): ValueElement<string> {
    const {maxLength = 200, ...rest} = options;
    return this.bind(key, textCodec({maxLength}), options.value ?? "", (value) => Inputs.text({...rest, value}));
  }

  /** `Inputs.button` whose click count is bound to `key` (e.g. "resample": the count seeds the draw). */
  button(key: string, content: string, options: Record<string, unknown> = {}): ValueElement<number> {
    const codec = numberCodec({min: 0, max: 1e6, step: 1});
    return this.bind(key, codec, 0, (value) => Inputs.button(content, {...options, value}));
  }

  /**
   * The page's "Copy link" button, a line saying it was copied, and the notices about the link (class
   * `page-state`). Notices that appear later (a key read by a later cell) show up here too.
   */
  controls(): HTMLDivElement {
    const root = document.createElement("div");
    root.className = "page-state";
    root.style.cssText =
      "display:flex;flex-wrap:wrap;gap:0.3rem 0.6rem;align-items:center;margin:0.4rem 0;font: 13px var(--sans-serif, system-ui, sans-serif);";
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "copy-link";
    copy.textContent = "Copy link to these settings";
    copy.title = "Copy a link to this page that opens it with your settings";
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    status.style.color = "var(--theme-foreground-muted)";
    const manual = document.createElement("input");
    manual.readOnly = true;
    manual.className = "copy-link-text";
    manual.setAttribute("aria-label", "Link to this page with your settings");
    manual.style.cssText = "display:none;min-width:20rem;flex:1;font-size:0.8rem;";
    copy.onclick = async () => {
      const link = this.link();
      manual.value = link;
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = "Link copied: it opens this page with your settings.";
        manual.style.display = "none";
      } catch {
        // No clipboard access (permissions, an insecure origin): show the link to copy by hand.
        status.textContent = "Copy this link:";
        manual.style.display = "";
        manual.select();
      }
    };
    const notices = document.createElement("div");
    notices.className = "page-state-notices";
    notices.setAttribute("role", "alert");
    notices.style.cssText = "flex-basis:100%;color:var(--theme-red, #c00);";
    const update = () => {
      notices.replaceChildren(
        ...this.notices.map((text) => Object.assign(document.createElement("div"), {textContent: text})),
      );
    };
    this.listeners.add(update);
    update();
    root.append(copy, status, manual, notices);
    return root;
  }
}

let current: PageState | null = null;

/** The page's one state (made on first use; a new page path gets a new one). */
export function pageState(): PageState {
  if (!current || current.path !== globalThis.location.pathname) current = new PageState();
  return current;
}
