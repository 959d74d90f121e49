import {describe, expect, it} from "vitest";
import {NEUROMATCH_PERIOD, addNoise, carrier, grating, gratingBatch} from "../../../src/components/core/gratings.js";

describe("grating", () => {
  it("grating(0) has vertical stripes: every row is the same and columns follow cos(2πx/period)", () => {
    const g = grating(0, {width: 64, height: 48});
    for (let y = 0; y < 48; y++)
      for (let x = 0; x < 64; x++) {
        const c = Math.cos((2 * Math.PI * x) / NEUROMATCH_PERIOD);
        expect(g[y * 64 + x]).toBe(c > 0 ? 0.5 : -0.5);
      }
  });

  // Period 7 keeps every pixel off the zero crossings, where the sign of cos is decided by rounding.
  it("grating(90) has horizontal stripes: every column is the same", () => {
    const g = grating(90, {width: 20, height: 30, period: 7});
    for (let y = 0; y < 30; y++) {
      const c = Math.cos((2 * Math.PI * y) / 7);
      for (let x = 0; x < 20; x++) expect(g[y * 20 + x]).toBeCloseTo(c > 0 ? 0.5 : -0.5, 6);
    }
  });

  it("grating(angle, {profile: 'sine'}) matches contrast/2 · cos(2π(x cosθ + y sinθ)/period + phase)", () => {
    const angle = 30,
      period = 10,
      phase = 0.7,
      contrast = 0.8;
    const g = grating(angle, {width: 16, height: 12, period, phase, contrast, profile: "sine"});
    const t = (angle * Math.PI) / 180;
    for (let y = 0; y < 12; y++)
      for (let x = 0; x < 16; x++) {
        const want = 0.4 * Math.cos((2 * Math.PI * (x * Math.cos(t) + y * Math.sin(t))) / period + phase);
        expect(g[y * 16 + x]).toBeCloseTo(want, 6);
      }
  });

  it("grating(θ) and grating(θ + 180) are the same image (orientation, not direction)", () => {
    const a = grating(20, {profile: "sine"}),
      b = grating(200, {profile: "sine"});
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
  });

  it("grating(θ, {patch}) is 0 outside the circle and the full-field grating inside", () => {
    const patch = {cx: 10, cy: 8, radius: 5};
    const g = grating(45, {width: 24, height: 16, patch});
    const full = grating(45, {width: 24, height: 16});
    let inside = 0;
    for (let y = 0; y < 16; y++)
      for (let x = 0; x < 24; x++) {
        const isIn = (x - 10) ** 2 + (y - 8) ** 2 < 25;
        expect(g[y * 24 + x]).toBe(isIn ? full[y * 24 + x] : 0);
        inside += +isIn;
      }
    expect(inside).toBe(69); // lattice points strictly inside a circle of radius 5
  });

  it("grating(θ, {patch: true}) centres the patch at 3/4 width, half height, radius height/4", () => {
    const g = grating(0, {width: 64, height: 48, patch: true});
    expect(g[24 * 64 + 10]).toBe(0); // far left: grey
    expect(Math.abs(g[24 * 64 + 48])).toBe(0.5); // patch centre: grating
    expect(g[24 * 64 + 48 + 12]).toBe(0); // exactly radius away: outside (strict inequality)
  });

  it("grating rejects a non-integer size or non-positive period", () => {
    expect(() => grating(0, {width: 3.5})).toThrow(/width and height/);
    expect(() => grating(0, {period: 0})).toThrow(/period/);
  });

  it("carrier(x, y, θ, period, phase) is the cosine of the projected position", () => {
    expect(carrier(0, 0, 0, 10, 0)).toBe(1);
    expect(carrier(5, 0, 0, 10, 0)).toBeCloseTo(-1, 12);
    expect(carrier(0, 5, 90, 10, 0)).toBeCloseTo(-1, 12);
  });
});

describe("gratingBatch", () => {
  it("gratingBatch(angles) stacks grating(angle) images in NCHW order", () => {
    const b = gratingBatch([10, -10, 60], {width: 8, height: 6});
    expect(b.length).toBe(3 * 48);
    expect(Array.from(b.subarray(48, 96))).toEqual(Array.from(grating(-10, {width: 8, height: 6})));
  });

  it("gratingBatch(angles, {phases}) gives each image its own phase", () => {
    const b = gratingBatch([0, 0], {width: 8, height: 4, phases: [0, Math.PI], profile: "sine"});
    for (let i = 0; i < 32; i++) expect(b[32 + i]).toBeCloseTo(-b[i], 6);
  });
});

describe("addNoise", () => {
  it("addNoise(image, {seed}) is deterministic and leaves the input untouched", () => {
    const g = grating(0, {width: 8, height: 8});
    const copy = g.slice();
    expect(Array.from(addNoise(g, {seed: 3}))).toEqual(Array.from(addNoise(g, {seed: 3})));
    expect(Array.from(g)).toEqual(Array.from(copy));
  });

  it("addNoise(image, {sd}) adds noise with the requested standard deviation", () => {
    const zeros = new Float32Array(20000);
    const n = addNoise(zeros, {sd: 0.3, seed: 1});
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const sd = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeCloseTo(0.3, 2);
  });
});
