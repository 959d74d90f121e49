/**
 * Layer names along a chart's x axis, slanted so that long ones (a reader's model: "your model · /layer1/relu2/Relu")
 * fit: names past a length are shortened in the middle, and the bottom and left margins the slanted labels need are
 * worked out from their lengths, so that none is clipped by the chart's edge.
 */

/** Roughly the width of one character of Plot's 10 px sans-serif tick labels. */
export const TICK_CHAR_PX = 6;

/** `name` shortened in its middle to at most `maxChars` characters ("your model · /l…/relu2/Relu"). */
export function shortLabel(name: string, maxChars = 32): string {
  if (name.length <= maxChars) return name;
  const head = Math.ceil((maxChars - 1) / 2);
  return `${name.slice(0, head)}…${name.slice(name.length - (maxChars - 1 - head))}`;
}

/** What {@link slantedLayerAxis} gives: the labels to draw and the margins they need. */
export interface SlantedAxis {
  labels: string[];
  marginBottom: number;
  marginLeft: number;
  /** For Plot's `tickRotate` (negative: the labels slant down to the left of their ticks). */
  rotate: number;
}

/**
 * Margins for `names` drawn one per equal-width column across a chart `width` wide, each label slanted by
 * `degrees` and ending at its column's centre. The bottom margin fits the longest label; the left margin is the
 * smallest (at least `minLeft`) that keeps every label's start inside the chart, found by fixed-point iteration since
 * the columns narrow as the margin grows.
 */
export function slantedLayerAxis(
  names: readonly string[],
  width: number,
  {degrees = 35, minLeft = 60, marginRight = 20, maxChars = 32} = {},
): SlantedAxis {
  const labels = names.map((n) => shortLabel(n, maxChars));
  const rad = (degrees * Math.PI) / 180;
  const extent = labels.map((l) => l.length * TICK_CHAR_PX);
  const longest = Math.max(0, ...extent);
  const marginBottom = Math.ceil(longest * Math.sin(rad) + 10 * Math.cos(rad) + 16);
  let marginLeft = minLeft;
  for (let pass = 0; pass < 4; pass++) {
    const column = Math.max(1, (width - marginLeft - marginRight) / Math.max(1, labels.length));
    const need = Math.max(minLeft, ...extent.map((e, i) => Math.ceil(e * Math.cos(rad) - (i + 0.5) * column + 4)));
    if (need <= marginLeft) break;
    marginLeft = Math.min(need, Math.floor(width / 2));
  }
  return {labels, marginBottom, marginLeft, rotate: -degrees};
}
