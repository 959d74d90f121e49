import {describe, expect, it} from "vitest";
import {
  encodingImages,
  heldOutSplit,
  selectTunedNeurons,
  tuningPredictions,
} from "../../../src/components/core/encodingData.js";
import {grating} from "../../../src/components/core/gratings.js";

describe("encodingData", () => {
  it("selectTunedNeurons picks the neurons with the largest variance across stimuli, in index order", () => {
    // 3 stimuli × 4 neurons; variances: n0 0, n1 large, n2 small, n3 largest.
    const r = Float32Array.from([1, 0, 0, -3, 1, 2, 1, 0, 1, -2, 0, 3]);
    expect(Array.from(selectTunedNeurons(r, 3, 4, 2))).toEqual([1, 3]);
  });

  it("heldOutSplit marks every 4th stimulus from index 2", () => {
    expect(Array.from(heldOutSplit(9))).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0]);
  });

  it("encodingImages orders images stimulus-major with evenly spaced phases and repeats each stimulus's responses", () => {
    const measured = Float32Array.from([10, 11, 20, 21, 30, 31]); // 3 stimuli × 2 neurons
    const d = encodingImages([0, 45, 90], measured, 2, [2, 0], {phases: 2, width: 8, height: 6});
    expect(d.n).toBe(4);
    expect(Array.from(d.target)).toEqual([30, 31, 30, 31, 10, 11, 10, 11]);
    expect(Array.from(d.x.subarray(48, 96))).toEqual(Array.from(grating(90, {width: 8, height: 6, phase: Math.PI})));
  });

  it("tuningPredictions averages each stimulus's predictions over its phases", () => {
    // 2 stimuli × 2 phases × 1 neuron.
    expect(Array.from(tuningPredictions([1, 3, 10, 20], 2, 1, 2))).toEqual([2, 15]);
  });
});
