// Slanted layer names: shortening in the middle, and margins worked out by hand from the label lengths.
import {describe, expect, it} from "vitest";
import {shortLabel, slantedLayerAxis, TICK_CHAR_PX} from "../../../src/components/charts/layerAxis.js";

describe("shortLabel", () => {
  it("keeps short names and cuts long ones in the middle", () => {
    expect(shortLabel("conv1", 5)).toBe("conv1");
    expect(shortLabel("abcdefghij", 5)).toBe("ab…ij");
    expect(shortLabel("abcdefghij", 6)).toBe("abc…ij");
  });
});

describe("slantedLayerAxis", () => {
  it("a short single name needs only the minimum margins", () => {
    // 10 characters × 6 px = 60 px slanted by 30°: 60·sin 30° + 10·cos 30° + 16 = 54.66 → 55.
    const a = slantedLayerAxis(["a".repeat(10)], 600, {degrees: 30});
    expect(a.marginBottom).toBe(55);
    expect(a.marginLeft).toBe(60);
    expect(a.rotate).toBe(-30);
  });

  it("a long first name moves the left margin until its start is inside the chart", () => {
    // The first label is shortened to 32 characters: 192 px, 166.28 px across at 30°. Ten columns over
    // 600 − margin − 20 px: margin 60 → column 52 → needs ⌈166.28 − 26 + 4⌉ = 145; → column 43.5 → 149; → 43.1 → 149.
    const names = ["x".repeat(40), ...Array.from({length: 9}, (_, i) => `conv${i}`)];
    const a = slantedLayerAxis(names, 600, {degrees: 30});
    expect(a.labels[0]).toHaveLength(32);
    expect(a.labels[1]).toBe("conv0");
    expect(a.marginLeft).toBe(149);
    expect(a.marginBottom).toBe(Math.ceil(192 * 0.5 + 10 * Math.cos(Math.PI / 6) + 16));
    const column = (600 - a.marginLeft - 20) / 10;
    a.labels.forEach((l, i) => {
      const start = a.marginLeft + (i + 0.5) * column - l.length * TICK_CHAR_PX * Math.cos(Math.PI / 6);
      expect(start).toBeGreaterThanOrEqual(4);
    });
  });
});
