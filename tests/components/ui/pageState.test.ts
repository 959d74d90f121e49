import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {PageState, type PageWindow} from "../../../src/components/ui/pageState.js";
import {numberCodec, choiceCodec, pointsCodec} from "../../../src/components/core/urlState.js";

/** A stand-in for window: a location and a history that records replaceState calls. */
function fakeWindow(path: string, search = "", hash = ""): PageWindow & {calls: string[]; fire(type: string): void} {
  const listeners: Record<string, (() => void)[]> = {};
  const location = {
    pathname: path,
    search,
    hash,
    get href() {
      return `http://127.0.0.1:3000${location.pathname}${location.search}${location.hash}`;
    },
  };
  const calls: string[] = [];
  return {
    location,
    calls,
    history: {
      state: null,
      replaceState(_state, _unused, url) {
        calls.push(url);
        const m = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url)!;
        location.search = m[2] ?? "";
        location.hash = m[3] ?? "";
      },
    },
    addEventListener(type, listener) {
      (listeners[type] ??= []).push(listener);
    },
    fire(type) {
      for (const l of listeners[type] ?? []) l();
    },
  };
}

const hidden = numberCodec({min: 1, max: 100, step: 1});
const act = choiceCodec(["relu", "tanh"]);

describe("PageState", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reads the link's values and falls back to defaults", () => {
    const win = fakeWindow("/decoding", "?hidden=40&act=tanh");
    const state = new PageState(win);
    expect(state.read("hidden", hidden, 20)).toBe(40);
    expect(state.read("act", act, "relu")).toBe("tanh");
    expect(state.read("lr", numberCodec({min: 0, max: 1}), 0.1)).toBe(0.1);
    expect(state.notices).toEqual([]);
  });

  it("writes changes once after a pause, with replaceState, keeping unknown keys and the anchor", () => {
    const win = fakeWindow("/decoding", "?ref=mail", "#e-circular-loss");
    const state = new PageState(win, 250);
    state.read("hidden", hidden, 20);
    state.read("act", act, "relu");
    state.write("hidden", 30);
    state.write("hidden", 40);
    state.write("act", "tanh");
    expect(win.calls).toEqual([]); // debounced
    vi.advanceTimersByTime(300);
    expect(win.calls).toEqual(["/decoding?ref=mail&hidden=40&act=tanh#e-circular-loss"]);
    state.write("hidden", 20); // the default is written as no parameter
    vi.advanceTimersByTime(300);
    expect(win.location.search).toBe("?ref=mail&act=tanh");
    expect(win.calls).toHaveLength(2);
  });

  it("writes at once when the page is left or a link is asked for", () => {
    const win = fakeWindow("/spiking");
    const state = new PageState(win, 10_000);
    state.read("n", hidden, 20);
    state.write("n", 50);
    win.fire("pagehide");
    expect(win.location.search).toBe("?n=50");
    state.write("n", 60);
    expect(state.link()).toBe("http://127.0.0.1:3000/spiking?n=60");
  });

  it("ignores a malformed value with one notice naming it, and drops it from the URL", () => {
    const win = fakeWindow("/decoding", "?hidden=lots&keep=1");
    const state = new PageState(win);
    expect(state.read("hidden", hidden, 20)).toBe(20);
    expect(state.read("hidden", hidden, 20)).toBe(20); // a cell that re-ran
    expect(state.notices).toEqual(["Ignored hidden=lots in the link: expected a whole number from 1 to 100."]);
    vi.advanceTimersByTime(300);
    expect(win.location.search).toBe("?keep=1");
  });

  it("re-reads what the reader set when an input is rebuilt, and take() starts afresh after the first read", () => {
    const win = fakeWindow("/perceptron", "?add=1:10:10");
    const state = new PageState(win);
    const points = pointsCodec({maxPoints: 10});
    expect(state.take("add", points, [])).toEqual([{x: 0.1, y: 0.1, label: 1}]);
    expect(state.take("add", points, [])).toEqual([]); // the preset changed: edits start afresh
    expect(state.param("add")).toBeNull();
    state.read("hidden", hidden, 20);
    state.write("hidden", 7);
    expect(state.read("hidden", hidden, 20)).toBe(7);
  });

  it("refuses a write to a key never read, and shows and clears notices", () => {
    const state = new PageState(fakeWindow("/"));
    expect(() => state.write("x", 1)).toThrow(/before it was read/);
    state.notify("add", "Too many points for a link.");
    expect(state.notices).toEqual(["Too many points for a link."]);
    state.notify("add", null);
    expect(state.notices).toEqual([]);
  });
});
