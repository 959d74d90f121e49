import {afterEach, beforeEach, describe, expect, it, vi} from "vitest";
import {pointEdits, MAX_LINKED_POINTS} from "../../../../src/components/pages/perceptron/pointEdits.js";
import {PageState, type PageWindow} from "../../../../src/components/ui/pageState.js";

function fakeWindow(search: string): PageWindow {
  const location = {pathname: "/perceptron", search, hash: "", href: ""};
  return {
    location,
    history: {state: null, replaceState: (_s, _u, url) => void (location.search = url.replace(/^[^?]*/, ""))},
  };
}

const preset = () => [
  {x: 0.5, y: 0.5, label: 1},
  {x: -0.5, y: -0.5, label: 0},
];

describe("pointEdits", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps the preset out of the link and writes only the added points, rounded to hundredths", () => {
    const win = fakeWindow("?points=xor");
    const edits = pointEdits(new PageState(win), preset);
    expect(edits.initial).toEqual(preset());
    const now = edits.add(0.123, -0.456, 1);
    expect(now).toEqual([...preset(), {x: 0.12, y: -0.46, label: 1}]);
    edits.add(1.7, 0, 0); // off the plane: clamped as the link would keep it
    vi.runAllTimers();
    expect(win.location.search).toBe("?points=xor&add=1:12:-46,0:100:0");
  });

  it("restores the link's edits over the preset, and clears them when the preset changes", () => {
    const win = fakeWindow("?cleared=1&add=0:10:20");
    const state = new PageState(win);
    expect(pointEdits(state, preset).initial).toEqual([{x: 0.1, y: 0.2, label: 0}]);
    const fresh = pointEdits(state, preset); // the cell re-ran: a new preset, count or seed
    expect(fresh.initial).toEqual(preset());
    vi.runAllTimers();
    expect(win.location.search).toBe("");
  });

  it("clear and restore are written as such", () => {
    const win = fakeWindow("");
    const edits = pointEdits(new PageState(win), preset);
    expect(edits.clear()).toEqual([]);
    expect(edits.add(0, 0, 1)).toEqual([{x: 0, y: 0, label: 1}]);
    vi.runAllTimers();
    expect(win.location.search).toBe("?cleared=1&add=1:0:0");
    expect(edits.restore()).toEqual(preset());
    vi.runAllTimers();
    expect(win.location.search).toBe("");
  });

  it("leaves out more points than a link holds, with a notice, and keeps them in the page", () => {
    const win = fakeWindow("");
    const state = new PageState(win);
    const edits = pointEdits(state, preset);
    let now = edits.initial;
    for (let k = 0; k <= MAX_LINKED_POINTS; k++) now = edits.add(0, 0, k % 2);
    expect(now).toHaveLength(2 + MAX_LINKED_POINTS + 1);
    vi.runAllTimers();
    expect(win.location.search).toBe("");
    expect(state.notices).toEqual([
      `The link leaves out add: it holds at most ${MAX_LINKED_POINTS} points written class:x:y (hundredths from −100 to 100), and yours is more.`,
    ]);
    edits.restore();
    expect(state.notices).toEqual([]);
  });
});
