import {describe, expect, it} from "vitest";
import {tuningStats} from "../../../src/components/core/tuning.ts";

// 8 stimuli, 45° apart.
const stimuli = Float32Array.from({length: 8}, (_, i) => i * 45);

/** A stimulus-major matrix with one neuron per tuning curve. */
function matrix(curves: ((deg: number) => number)[]): Float32Array {
  const m = new Float32Array(8 * curves.length);
  stimuli.forEach((s, i) => curves.forEach((f, j) => (m[i * curves.length + j] = f(s))));
  return m;
}
const cos = (deg: number) => Math.cos((deg * Math.PI) / 180);

describe("tuningStats", () => {
  it("tuningStats gives a flat neuron zero selectivity and zero gain", () => {
    const t = tuningStats(matrix([() => 2]), stimuli, 1);
    expect([t.osi[0], t.dsi[0]]).toEqual([0, 0]);
    expect(t.gain[0]).toBeCloseTo(0, 10);
  });

  it("tuningStats finds the preferred direction of a direction-tuned neuron", () => {
    // r = 1 + cos(θ − 90°): one peak at 90°.
    const t = tuningStats(matrix([(s) => 1 + cos(s - 90)]), stimuli, 1);
    expect(t.preferred[0]).toBeCloseTo(90, 4);
  });

  it("tuningStats computes DSI and OSI of 1 + cos(θ − φ) in closed form", () => {
    // r′ = r − min = 1 + cos(θ − φ); Σr′ = 8, |Σ r′ e^{iθ}| = 8/2 = 4, |Σ r′ e^{2iθ}| = 0.
    const t = tuningStats(matrix([(s) => 1 + cos(s - 90)]), stimuli, 1);
    expect(t.dsi[0]).toBeCloseTo(0.5, 5);
    expect(t.osi[0]).toBeCloseTo(0, 5);
  });

  it("tuningStats computes OSI of an orientation-tuned neuron and picks the stronger of its two peaks", () => {
    // r = 1 + cos 2(θ − 45°) + 0.2 cos(θ − 225°): peaks at 45° and 225°, the one at 225° higher.
    const t = tuningStats(matrix([(s) => 1 + cos(2 * (s - 45)) + 0.2 * cos(s - 225)]), stimuli, 1);
    expect(t.preferred[0]).toBeCloseTo(225, 3);
    // min over the 8 stimuli is at 135°/315°; compute the closed form by hand from the sampled values.
    const r = Array.from(stimuli, (s) => 1 + cos(2 * (s - 45)) + 0.2 * cos(s - 225));
    const m = Math.min(...r);
    const total = r.reduce((a, v) => a + v - m, 0);
    const c2 = r.reduce((a, v, i) => a + (v - m) * cos(2 * stimuli[i]), 0);
    const s2 = r.reduce((a, v, i) => a + (v - m) * Math.sin((2 * stimuli[i] * Math.PI) / 180), 0);
    expect(t.osi[0]).toBeCloseTo(Math.hypot(c2, s2) / total, 5);
  });

  it("tuningStats gain is the peak-to-trough range of the two-harmonic curve", () => {
    // r = 3 cos 2θ: range 6 (the curve is already two-harmonic).
    const t = tuningStats(matrix([(s) => 3 * cos(2 * s)]), stimuli, 1);
    expect(t.gain[0]).toBeCloseTo(6, 4);
  });
});
