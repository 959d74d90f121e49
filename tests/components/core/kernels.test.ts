import {describe, expect, it} from "vitest";
import {centerSurroundKernel, filterBank, gaborKernel, normalizeKernel} from "../../../src/components/core/kernels.js";
import {conv2d} from "../../../src/components/core/conv2d.js";
import {grating} from "../../../src/components/core/gratings.js";

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe("kernels", () => {
  it("normalizeKernel scales to peak 1 before removing the mean", () => {
    const k = normalizeKernel(Float32Array.of(2, -4, 0, 2));
    // 2, −4, 0, 2 scaled by 1/4 is 0.5, −1, 0, 0.5, whose mean is already 0.
    expect(Array.from(k)).toEqual([0.5, -1, 0, 0.5]);
  });

  it("centerSurroundKernel({normalize: false}) is exp(−r/2σ²) − ½ exp(−r/8σ²) on linspace(−K/2, K/2, K)", () => {
    const k = centerSurroundKernel({size: 5, sigma: 1, normalize: false});
    const g = [-2.5, -1.25, 0, 1.25, 2.5];
    const r = Math.hypot(g[4], g[1]);
    expect(k[1 * 5 + 4]).toBeCloseTo(Math.exp(-r / 2) - 0.5 * Math.exp(-r / 8), 6);
  });

  it("an ON centre-surround kernel sums to 0, is positive in the middle and flips sign for OFF", () => {
    const on = centerSurroundKernel(),
      off = centerSurroundKernel({polarity: -1});
    expect(sum(on)).toBeCloseTo(0, 5);
    expect(on[24]).toBeGreaterThan(0);
    on.forEach((v, i) => expect(off[i]).toBeCloseTo(-v, 6));
  });

  it("gaborKernel(θ) responds most to a grating at θ among eight orientations", () => {
    for (const theta of [0, 45, 90, 135]) {
      const k = gaborKernel(theta, {size: 9, sigma: 2, wavelength: 6});
      const energy = (a: number) => {
        // Sum of squared responses over phases: phase-invariant orientation energy.
        let e = 0;
        for (const phase of [0, Math.PI / 2, Math.PI, 1.5 * Math.PI])
          e += sum(
            conv2d(grating(a, {width: 24, height: 24, period: 6, phase, profile: "sine"}), 24, 24, k).data.map(
              (v) => v * v,
            ),
          );
        return e;
      };
      const angles = [0, 22.5, 45, 67.5, 90, 112.5, 135, 157.5];
      const best = angles.reduce((b, a) => (energy(a) > energy(b) ? a : b));
      expect(best).toBe(theta);
    }
  });

  it("filterBank(6) holds ON, OFF and Gabors at 0°, 45°, 90°, 135° in [count, 1, K, K] layout", () => {
    const {weights, names} = filterBank(6, {size: 7});
    expect(weights.length).toBe(6 * 49);
    expect(names).toEqual(["ON centre", "OFF centre", "Gabor 0°", "Gabor 45°", "Gabor 90°", "Gabor 135°"]);
    expect(Array.from(weights.subarray(3 * 49, 4 * 49))).toEqual(Array.from(gaborKernel(45, {size: 7})));
  });
});
