import {describe, expect, it} from "vitest";
import {epochBatches} from "../../../src/components/core/batches.js";
import {permutation, seededSource} from "../../../src/components/core/random.js";

describe("epochBatches", () => {
  it("cuts each epoch's permutation into ⌊n / b⌋ batches, a fresh permutation per epoch", () => {
    // n = 10, b = 3: three batches an epoch, the 10th row of each order left out.
    const batches = epochBatches(10, 3, seededSource(7));
    const source = seededSource(7);
    const [first, second] = [permutation(10, source), permutation(10, source)];
    expect(Array.from(batches(0))).toEqual(Array.from(first.subarray(0, 3)));
    expect(Array.from(batches(2))).toEqual(Array.from(first.subarray(6, 9)));
    expect(Array.from(batches(3))).toEqual(Array.from(second.subarray(0, 3)));
    expect(Array.from(batches(5))).toEqual(Array.from(second.subarray(6, 9)));
    expect(Array.from(first)).not.toEqual(Array.from(second));
  });

  it("visits every row at most once an epoch", () => {
    const batches = epochBatches(12, 4, seededSource(1));
    for (const epoch of [0, 1, 2]) {
      const rows = [0, 1, 2].flatMap((k) => Array.from(batches(3 * epoch + k)));
      expect(new Set(rows).size).toBe(12);
    }
  });

  it("gives a step the same rows whatever order the steps are asked in", () => {
    const inOrder = epochBatches(9, 2, seededSource(3));
    const expected = Array.from({length: 12}, (_, s) => Array.from(inOrder(s)));
    const jumping = epochBatches(9, 2, seededSource(3));
    for (const s of [11, 0, 5, 4, 11, 2]) expect(Array.from(jumping(s))).toEqual(expected[s]);
  });

  it("refuses a batch larger than the data", () => {
    expect(() => epochBatches(3, 4, seededSource(1))).toThrow(/a batch of 4 needs at least that many rows \(have 3\)/);
  });
});
