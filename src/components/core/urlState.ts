/**
 * Page state in the URL, the pure half: how each kind of input is written into a query parameter and read back
 * (codecs), and how a query string is rewritten without touching the parameters a page does not own. The DOM half
 * (reading `location`, `history.replaceState`, the copy-link button and notices) is `ui/pageState.ts`; the runtime
 * reads its one URL setting through {@link readParam}.
 *
 * Values are readable (`?lr=0.001&hidden=40&act=tanh`): numbers in JavaScript's shortest round-trip form, choices by
 * their own text, lists joined by commas. A codec's `decode` returns `undefined` for text it does not accept
 * (malformed, out of range, not an option), never throws.
 */

/** How one kind of value is written into a query parameter and read back. */
export interface Codec<T> {
  /** What an accepted value looks like, in words, for the notice shown when a link carries a bad one. */
  readonly expected: string;
  encode(value: T): string;
  /** The value `text` stands for, or `undefined` when it is malformed or out of range. */
  decode(text: string): T | undefined;
}

/** A number within [min, max]; with `step`, on the grid min + k·step (as a slider with that step produces). */
export function numberCodec({min, max, step}: {min: number; max: number; step?: number}): Codec<number> {
  const onGrid = (v: number) => {
    if (!step) return true;
    const k = (v - min) / step;
    return Math.abs(k - Math.round(k)) < 1e-6;
  };
  const integer = step !== undefined && Number.isInteger(step) && Number.isInteger(min);
  return {
    expected: `${integer ? "a whole number" : "a number"} from ${min} to ${max}${step && !(integer && step === 1) ? ` in steps of ${step}` : ""}`,
    encode: (v) => String(v),
    decode(text) {
      if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)) return undefined;
      const v = Number(text);
      const slack = 1e-9 * Math.max(1, Math.abs(min), Math.abs(max));
      if (!Number.isFinite(v) || v < min - slack || v > max + slack || !onGrid(v)) return undefined;
      return Math.min(max, Math.max(min, v));
    },
  };
}

/** A short, readable key for an option: lower case, runs of anything but letters and digits turned into `-`. */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, "-")
      .replace(/^-+|-+$/g, "") || "-"
  );
}

function checkedKeys<T>(options: readonly T[], key: (v: T) => string): string[] {
  const keys = options.map(key);
  if (new Set(keys).size !== keys.length) throw new Error(`urlState: two options share a key in ${keys.join(", ")}`);
  if (keys.some((k) => k.includes(",")))
    throw new Error(`urlState: an option key contains a comma: ${keys.join(" | ")}`);
  return keys;
}

/** One of `options`, written as `key(option)` (default `String`). */
export function choiceCodec<T>(options: readonly T[], key: (v: T) => string = String): Codec<T> {
  const keys = checkedKeys(options, key);
  return {
    expected: `one of ${keys.join(", ")}`,
    encode: (v) => key(v),
    decode(text) {
      const i = keys.indexOf(text.trim());
      return i < 0 ? undefined : options[i];
    },
  };
}

/**
 * Several of `options` (a checkbox group or a multiple select), comma-joined in `options` order; `""` is the empty
 * choice. Unknown or repeated keys make the whole value malformed.
 */
export function listCodec<T>(options: readonly T[], key: (v: T) => string = String): Codec<T[]> {
  const keys = checkedKeys(options, key);
  return {
    expected: `a comma-separated choice from ${keys.join(", ")}`,
    encode: (values) => {
      const chosen = new Set(values.map(key));
      return keys.filter((k) => chosen.has(k)).join(",");
    },
    decode(text) {
      const parts = text.trim() === "" ? [] : text.split(",").map((s) => s.trim());
      if (new Set(parts).size !== parts.length || parts.some((p) => !keys.includes(p))) return undefined;
      return options.filter((_, i) => parts.includes(keys[i]));
    },
  };
}

/** On or off, written `1` or `0` (`true`/`false` are read too). */
export const booleanCodec: Codec<boolean> = {
  expected: "1 or 0",
  encode: (v) => (v ? "1" : "0"),
  decode: (text) => ({"1": true, true: true, "0": false, false: false})[text.trim().toLowerCase()],
};

/** Free text of at most `maxLength` characters. */
export function textCodec({maxLength}: {maxLength: number}): Codec<string> {
  return {
    expected: `text of at most ${maxLength} characters`,
    encode: (v) => v,
    decode: (text) => (text.length <= maxLength ? text : undefined),
  };
}

/**
 * A fixed number of samples of a drawn curve, each within [min, max], written with `digits` decimals. A page that
 * draws one uses {@link snap} on it, so the curve it computes with is the one a link restores.
 */
export function samplesCodec({
  length,
  min,
  max,
  digits,
}: {
  length: number;
  min: number;
  max: number;
  digits: number;
}): Codec<Float32Array> {
  const scale = 10 ** digits;
  return {
    expected: `${length} comma-separated numbers from ${min} to ${max}`,
    encode: (v) => Array.from(v, (x) => String(Math.round(Math.min(max, Math.max(min, x)) * scale) / scale)).join(","),
    decode(text) {
      const parts = text.split(",");
      if (parts.length !== length) return undefined;
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) {
        const v = numberCodec({min, max}).decode(parts[i]);
        if (v === undefined) return undefined;
        out[i] = v;
      }
      return out;
    },
  };
}

/**
 * A grid of cells whose values come from a small alphabet (`symbols` maps one character to one value), written one
 * character per cell, row by row: a 7 × 7 kernel of +1, −1 and 0 is 49 characters.
 */
export function cellsCodec(length: number, symbols: Record<string, number>): Codec<Float32Array> {
  const entries = Object.entries(symbols);
  if (entries.some(([c]) => c.length !== 1)) throw new Error("urlState: cell symbols are single characters");
  return {
    expected: `${length} characters from ${entries.map(([c]) => c).join("")}`,
    encode: (v) =>
      Array.from(v, (x) => {
        const hit = entries.find(([, value]) => value === x);
        if (!hit) throw new RangeError(`urlState: ${x} has no symbol`);
        return hit[0];
      }).join(""),
    decode(text) {
      if (text.length !== length) return undefined;
      const out = new Float32Array(length);
      for (let i = 0; i < length; i++) {
        const hit = entries.find(([c]) => c === text[i]);
        if (!hit) return undefined;
        out[i] = hit[1];
      }
      return out;
    },
  };
}

/**
 * Changes painted over a base image: `ink` or `erase` values set on some cells. Written as runs, `12i3e1` = 12
 * cells left as they are, 3 inked, 1 erased; the trailing unchanged cells are left out. `undefined` when the runs
 * do not fit `length` cells.
 */
export function strokesCodec(length: number, {maxLength = 3000} = {}): Codec<Int8Array> {
  const SYMBOL = ["", "i", "e"]; // 0 unchanged, 1 ink, 2 erase
  return {
    expected: `runs like 12u3i1e over ${length} cells, at most ${maxLength} characters`,
    encode(marks) {
      let out = "";
      let i = 0;
      while (i < marks.length) {
        let j = i;
        while (j < marks.length && marks[j] === marks[i]) j++;
        if (marks[i] !== 0 || j < marks.length) out += `${j - i}${SYMBOL[marks[i]] || "u"}`;
        i = j;
      }
      return out;
    },
    decode(text) {
      const marks = new Int8Array(length);
      let at = 0;
      if (text.length > maxLength) return undefined;
      const runs = text.match(/\d+[uie]/g) ?? [];
      if (runs.join("") !== text) return undefined;
      for (const run of runs) {
        const n = Number(run.slice(0, -1));
        const mark = {u: 0, i: 1, e: 2}[run.at(-1) as "u" | "i" | "e"];
        if (n === 0 || at + n > length) return undefined;
        marks.fill(mark, at, at + n);
        at += n;
      }
      return marks;
    },
  };
}

/** A point of the plane with its class, as the perceptron page's editor holds them. */
export interface LabelledPoint {
  x: number;
  y: number;
  label: number;
}

/**
 * A list of points in [-1, 1]² with class 0 or 1, each written `label:x:y` with x and y in hundredths
 * (`1:12:-50` is class 1 at (0.12, −0.5)), at most `maxPoints` of them. Pages round a point with
 * {@link roundPoint} when it is added, so the points they train on are the ones a link restores.
 */
export function pointsCodec({maxPoints}: {maxPoints: number}): Codec<LabelledPoint[]> {
  return {
    expected: `at most ${maxPoints} points written class:x:y (hundredths from −100 to 100)`,
    encode: (points) => points.map((p) => `${p.label}:${Math.round(p.x * 100)}:${Math.round(p.y * 100)}`).join(","),
    decode(text) {
      if (text === "") return [];
      const parts = text.split(",");
      if (parts.length > maxPoints) return undefined;
      const out: LabelledPoint[] = [];
      for (const part of parts) {
        const m = /^([01]):(-?\d{1,3}):(-?\d{1,3})$/.exec(part.trim());
        if (!m) return undefined;
        const [x, y] = [Number(m[2]), Number(m[3])];
        if (Math.abs(x) > 100 || Math.abs(y) > 100) return undefined;
        out.push({x: x / 100, y: y / 100, label: Number(m[1])});
      }
      return out;
    },
  };
}

/** A point rounded to the hundredths a link keeps (and clamped to the plane [-1, 1]²). */
export function roundPoint(p: LabelledPoint): LabelledPoint {
  const r = (v: number) => Math.round(Math.min(1, Math.max(-1, v)) * 100) / 100;
  return {x: r(p.x), y: r(p.y), label: p.label};
}

/** The value as a link would restore it: `decode(encode(value))`, or the value itself when the codec refuses it. */
export function snap<T>(codec: Codec<T>, value: T): T {
  return codec.decode(codec.encode(value)) ?? value;
}

/** What reading one parameter gave: the value in effect and, for a bad one, the notice to show. */
export interface ParamReading<T> {
  value: T;
  /** Present when the parameter was there but not accepted: names it and says what was expected. */
  notice?: string;
}

/** The raw text of `key` in a query string (`?a=1&b=2` or `a=1&b=2`), decoded; null when absent. */
export function rawParam(search: string, key: string): string | null {
  for (const segment of splitQuery(search)) if (segment.key === key) return segment.value;
  return null;
}

/** Reads `key` from a query string: its decoded value, or `fallback` (with a notice when it was there but bad). */
export function readParam<T>(search: string, key: string, codec: Codec<T>, fallback: T): ParamReading<T> {
  const raw = rawParam(search, key);
  if (raw === null) return {value: fallback};
  const value = codec.decode(raw);
  if (value !== undefined) return {value};
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return {value: fallback, notice: `Ignored ${key}=${shown} in the link: expected ${codec.expected}.`};
}

interface Segment {
  /** The segment as it was written, kept byte for byte when the page does not change it. */
  raw: string;
  key: string;
  value: string;
}

const decodePart = (s: string) => {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    return s;
  }
};

function splitQuery(search: string): Segment[] {
  const q = search.startsWith("?") ? search.slice(1) : search;
  if (q === "") return [];
  return q
    .split("&")
    .filter((raw) => raw !== "")
    .map((raw) => {
      const eq = raw.indexOf("=");
      return eq < 0
        ? {raw, key: decodePart(raw), value: ""}
        : {raw, key: decodePart(raw.slice(0, eq)), value: decodePart(raw.slice(eq + 1))};
    });
}

/** Percent-encodes a key or value, leaving the characters that read well and are safe in a query (`,` `:`). */
export function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":");
}

/**
 * The query string after `changes` (a key set to a text, or deleted with null): parameters not named in `changes`
 * stay as they were written, in their order; changed ones keep their place, new ones go at the end. Returns `""`
 * for an empty query, else the string with its leading `?`.
 */
export function updatedQuery(search: string, changes: Record<string, string | null>): string {
  const segments = splitQuery(search);
  const done = new Set<string>();
  const out: string[] = [];
  for (const s of segments) {
    if (!(s.key in changes)) out.push(s.raw);
    else if (!done.has(s.key) && changes[s.key] !== null) {
      out.push(`${encodePart(s.key)}=${encodePart(changes[s.key]!)}`);
      done.add(s.key);
    } else done.add(s.key);
  }
  for (const [key, value] of Object.entries(changes))
    if (!done.has(key) && value !== null) out.push(`${encodePart(key)}=${encodePart(value)}`);
  return out.length ? `?${out.join("&")}` : "";
}

/**
 * An image painted over a fixed `base` (the paint grid's starting picture): the cells the reader inked or erased,
 * written with {@link strokesCodec}. Cells that hold neither the base value, `ink` nor `background` cannot be
 * written (`encode` throws), which a paint grid never produces.
 */
export function paintedCodec(
  base: ArrayLike<number>,
  {ink, background}: {ink: number; background: number},
): Codec<Float32Array> {
  const strokes = strokesCodec(base.length);
  return {
    expected: strokes.expected,
    encode(image) {
      const marks = Int8Array.from(image, (v, i) => {
        if (v === base[i]) return 0;
        if (v === ink) return 1;
        if (v === background) return 2;
        throw new RangeError(`urlState: cell ${i} holds ${v}, neither the base, ink nor background`);
      });
      return strokes.encode(marks);
    },
    decode(text) {
      const marks = strokes.decode(text);
      if (!marks) return undefined;
      return Float32Array.from(base, (v, i) => (marks[i] === 1 ? ink : marks[i] === 2 ? background : v));
    },
  };
}

/**
 * The value of `key` in the page's own link (`globalThis.location`), or `fallback` where there is none (Node, a
 * bad value): for module-level settings read before any page state exists, such as the runtime's device-loss grace.
 */
export function linkParam<T>(key: string, codec: Codec<T>, fallback: T): T {
  const search = (globalThis as {location?: {search?: string}}).location?.search ?? "";
  return readParam(search, key, codec, fallback).value;
}
