/**
 * The perceptron page's editable points and the link: the points are a preset (or none, once cleared) plus the
 * points the reader added, and the link keeps exactly that (`?cleared=1&add=1:12:-50,0:30:40`), not the preset's
 * hundred points. Added points are rounded to the hundredths a link keeps when they are added, so the points the
 * page trains on are the ones a link restores.
 */
import {booleanCodec, pointsCodec, roundPoint, type Codec, type LabelledPoint} from "../../core/urlState.js";

/** Most added points a link keeps (about 12 characters each). */
export const MAX_LINKED_POINTS = 300;

/** The part of the page state the editor uses (ui/pageState.ts's PageState). */
export interface LinkState {
  take<T>(key: string, codec: Codec<T>, fallback: T): T;
  write<T>(key: string, value: T): void;
}

/** What {@link pointEdits} gives the page. */
export interface PointEdits {
  /** The points to start from: the link's edits over `preset()` the first time, the preset itself after. */
  initial: LabelledPoint[];
  /** Each returns the new list of points and writes the edit into the link. */
  add(x: number, y: number, label: number): LabelledPoint[];
  clear(): LabelledPoint[];
  restore(): LabelledPoint[];
}

/**
 * The edits over `preset()`: read from the link the first time the page asks (a new preset, count or seed starts
 * afresh and clears them from the link), then kept in it as the reader adds points, clears or restores.
 */
export function pointEdits(url: LinkState, preset: () => LabelledPoint[]): PointEdits {
  // A copy: the default (and the link's value) must not change as points are added.
  const added = [...url.take("add", pointsCodec({maxPoints: MAX_LINKED_POINTS}), [] as LabelledPoint[])];
  let cleared = url.take("cleared", booleanCodec, false);
  const now = () => [...(cleared ? [] : preset()), ...added];
  const save = () => {
    url.write("cleared", cleared);
    url.write("add", added);
  };
  return {
    initial: now(),
    add(x, y, label) {
      added.push(roundPoint({x, y, label}));
      save();
      return now();
    },
    clear() {
      cleared = true;
      added.length = 0;
      save();
      return now();
    },
    restore() {
      cleared = false;
      added.length = 0;
      save();
      return now();
    },
  };
}
