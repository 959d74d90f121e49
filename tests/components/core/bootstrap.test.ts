import {describe, expect, it} from "vitest";
import {bootstrapComparisons} from "../../../src/components/core/bootstrap.js";
import {rdm} from "../../../src/components/core/rdm.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";

const n = 12;
const normal = seededNormal(seededSource(3));
const reference = rdm(
  Float64Array.from({length: n * 6}, () => normal()),
  n,
  6,
);

describe("bootstrapComparisons", () => {
  it("a candidate equal to the reference gets estimate 1 and the interval [1, 1]", () => {
    const [c] = bootstrapComparisons(reference, [reference], n, {method: "pearson", samples: 50});
    expect(c.estimate).toBeCloseTo(1, 12);
    expect(c.lo).toBeCloseTo(1, 12);
    expect(c.hi).toBeCloseTo(1, 12);
  });

  it("cells of a stimulus drawn twice are left out (a mirrored candidate stays at exactly −1)", () => {
    // Off the diagonal the candidate is 10 − reference, so every distinct pair correlates at −1. Counting the
    // zero-diagonal cells of duplicated stimuli would add (0, 0) points and pull the correlation up.
    const mirrored = reference.map((x, i) => (i % (n + 1) === 0 ? 0 : 10 - x));
    const [c] = bootstrapComparisons(reference, [mirrored], n, {method: "pearson", samples: 100});
    for (const r of c.samples) expect(r).toBeCloseTo(-1, 12);
  });

  it("the interval brackets the estimate and narrows with less noise", () => {
    const noisy = (sd: number, seed: number) => {
      const z = seededNormal(seededSource(seed), {sd});
      return reference.map((x, i) => (i % (n + 1) === 0 ? 0 : x + z()));
    };
    const [wide, narrow] = bootstrapComparisons(reference, [noisy(0.5, 1), noisy(0.05, 2)], n, {samples: 300});
    expect(wide.lo).toBeLessThanOrEqual(wide.estimate);
    expect(wide.hi).toBeGreaterThanOrEqual(wide.estimate);
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
  });

  it("the same seed gives the same resamples", () => {
    const a = bootstrapComparisons(reference, [reference.map((x) => x * x)], n, {samples: 20, seed: 4});
    const b = bootstrapComparisons(reference, [reference.map((x) => x * x)], n, {samples: 20, seed: 4});
    expect(Array.from(a[0].samples)).toEqual(Array.from(b[0].samples));
  });
});
