import {describe, expect, it} from "vitest";
import {compareRdms, correlate} from "../../../src/components/core/compare.js";

describe("compareRdms", () => {
  // Upper triangles: a = (1, 2, 3), b = (1, 3, 2).
  const a = [0, 1, 2, 1, 0, 3, 2, 3, 0];
  const b = [0, 1, 3, 1, 0, 2, 3, 2, 0];

  it("compareRdms(a, b, 3, {method: 'kendall'}) uses only the upper triangle", () => {
    expect(compareRdms(a, b, 3, {method: "kendall"})).toBeCloseTo(1 / 3, 14);
  });

  it("compareRdms(a, b, 3) defaults to Spearman", () => {
    // ranks (1, 2, 3) vs (1, 3, 2): r = 1 − 6·2/(3·8) = 0.5.
    expect(compareRdms(a, b, 3)).toBeCloseTo(0.5, 14);
  });

  it("compareRdms(a, a, 3, {method: 'pearson'}) is 1", () => {
    expect(compareRdms(a, a, 3, {method: "pearson"})).toBeCloseTo(1, 14);
  });

  it("correlate rejects an unknown method and lists the valid ones", () => {
    expect(() => correlate([1, 2], [1, 2], {method: "cka" as never})).toThrow(/spearman, kendall, pearson/);
  });
});
