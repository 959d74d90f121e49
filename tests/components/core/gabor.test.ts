import {describe, expect, it} from "vitest";
import {colourAndPattern, fitGabor, gaborImage, type GaborParams} from "../../../src/components/core/gabor.js";
import {nelderMead} from "../../../src/components/core/optimize.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {carrier} from "../../../src/components/core/gratings.js";

const TRUE: GaborParams = {
  x0: 5.3,
  y0: 4.6,
  orientation: 30,
  frequency: 0.16,
  sigmaAcross: 1.8,
  sigmaAlong: 2.6,
  phase: 50,
  amplitude: 1.2,
};

/** The same Gabor written out by hand from its formula (not through gaborImage). */
function byHand(p: GaborParams, h: number, w: number): Float64Array {
  const out = new Float64Array(h * w);
  const t = (p.orientation * Math.PI) / 180;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const u = (x - p.x0) * Math.cos(t) + (y - p.y0) * Math.sin(t);
      const v = -(x - p.x0) * Math.sin(t) + (y - p.y0) * Math.cos(t);
      out[y * w + x] =
        p.amplitude *
        Math.exp(-(u ** 2) / (2 * p.sigmaAcross ** 2) - v ** 2 / (2 * p.sigmaAlong ** 2)) *
        Math.cos(2 * Math.PI * p.frequency * u + (p.phase * Math.PI) / 180);
    }
  return out;
}

const angleDiff = (a: number, b: number, period: number) => {
  const d = (((a - b) % period) + period) % period;
  return Math.min(d, period - d);
};

describe("nelderMead", () => {
  it("finds Rosenbrock's minimum at (1, 1)", () => {
    const r = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], {
      maxIterations: 5000,
      tolerance: 1e-20,
    });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.value).toBeLessThan(1e-8);
  });
  it("finds a quadratic's minimum in 4 dimensions", () => {
    const c = [3, -2, 0.5, 7];
    const r = nelderMead((x) => x.reduce((s, xi, i) => s + (i + 1) * (xi - c[i]) ** 2, 0), [0, 0, 0, 0], {
      maxIterations: 4000,
      tolerance: 1e-22,
    });
    r.x.forEach((xi, i) => expect(xi).toBeCloseTo(c[i], 5));
  });
});

describe("gaborImage", () => {
  it("matches the formula written out by hand", () => {
    const a = gaborImage(TRUE, 11, 13);
    const b = byHand(TRUE, 11, 13);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });
  it("uses the gratings' orientation convention: its carrier is the grating carrier at the same angle", () => {
    const wide = {...TRUE, sigmaAcross: 1e6, sigmaAlong: 1e6, amplitude: 1, x0: 0, y0: 0, phase: 0};
    const g = gaborImage(wide, 9, 9);
    for (let y = 0; y < 9; y++)
      for (let x = 0; x < 9; x++) expect(g[y * 9 + x]).toBeCloseTo(carrier(x, y, 30, 1 / 0.16, 0), 6);
  });
});

describe("fitGabor", () => {
  it("recovers every parameter of a synthetic Gabor", () => {
    const fit = fitGabor(byHand(TRUE, 11, 11), 11, 11);
    expect(fit.r2).toBeGreaterThan(0.9999);
    expect(fit.x0).toBeCloseTo(TRUE.x0, 2);
    expect(fit.y0).toBeCloseTo(TRUE.y0, 2);
    expect(angleDiff(fit.orientation, TRUE.orientation, 180)).toBeLessThan(0.2);
    expect(fit.frequency).toBeCloseTo(TRUE.frequency, 3);
    expect(fit.sigmaAcross).toBeCloseTo(TRUE.sigmaAcross, 2);
    expect(fit.sigmaAlong).toBeCloseTo(TRUE.sigmaAlong, 2);
    expect(angleDiff(fit.phase, TRUE.phase, 360)).toBeLessThan(0.5);
    expect(fit.amplitude).toBeCloseTo(TRUE.amplitude, 2);
  });

  it("recovers orientations past 90° and odd phases in canonical form", () => {
    for (const [orientation, phase] of [
      [150, -90],
      [95, 170],
      [0, 0],
    ]) {
      const p = {...TRUE, orientation, phase, x0: 5, y0: 5, frequency: 0.2};
      const fit = fitGabor(byHand(p, 11, 11), 11, 11);
      expect(fit.orientation).toBeGreaterThanOrEqual(0);
      expect(fit.orientation).toBeLessThan(180);
      expect(angleDiff(fit.orientation, orientation, 180)).toBeLessThan(0.2);
      expect(angleDiff(fit.phase, phase, 360)).toBeLessThan(0.5);
      expect(fit.r2).toBeGreaterThan(0.9999);
    }
  });

  it("stays close on a noisy 7 × 7 filter", () => {
    const p = {
      ...TRUE,
      x0: 3.2,
      y0: 2.9,
      orientation: 120,
      frequency: 0.22,
      sigmaAcross: 1.3,
      sigmaAlong: 1.9,
      phase: -30,
    };
    const clean = byHand(p, 7, 7);
    const noise = seededNormal(seededSource(7), {sd: 0.03 * p.amplitude});
    const noisy = clean.map((v) => v + noise());
    const fit = fitGabor(noisy, 7, 7);
    expect(angleDiff(fit.orientation, 120, 180)).toBeLessThan(3);
    expect(Math.abs(fit.frequency - 0.22) / 0.22).toBeLessThan(0.05);
    expect(fit.r2).toBeGreaterThan(0.98);
  });

  it("rejects a size that does not match", () => {
    expect(() => fitGabor(new Float64Array(10), 3, 3)).toThrow(/10 values for a 3 × 3/);
  });
});

describe("colourAndPattern", () => {
  it("splits a colour-times-pattern filter into its colour and pattern", () => {
    const pattern = byHand(TRUE, 9, 9);
    const colour = [0.8, -0.2, -0.56];
    const norm = Math.hypot(...colour);
    const w = new Float64Array(3 * 81);
    for (let c = 0; c < 3; c++) for (let p = 0; p < 81; p++) w[c * 81 + p] = colour[c] * pattern[p];
    const r = colourAndPattern(w, 3);
    r.colour.forEach((v, c) => expect(v).toBeCloseTo(colour[c] / norm, 8));
    for (let p = 0; p < 81; p++) expect(r.pattern[p]).toBeCloseTo(norm * pattern[p], 8);
    expect(r.share).toBeCloseTo(1, 10);
  });
  it("gives the rank-1 share of a two-colour filter", () => {
    // Red holds pattern A, green pattern B (orthogonal, equal energy 1 and 4): the leading pair holds 4/5.
    const n = 4;
    const w = new Float64Array(3 * n);
    w.set([1, 0, 0, 0], 0);
    w.set([0, 2, 0, 0], n);
    const r = colourAndPattern(w, 3);
    expect(r.share).toBeCloseTo(0.8, 10);
    expect(Math.abs(r.colour[1])).toBeCloseTo(1, 8);
  });
  it("keeps a one-channel filter as it is", () => {
    const w = Float64Array.from([0.5, -1, 2]);
    const r = colourAndPattern(w, 1);
    expect(r.colour).toEqual([1]);
    expect([...r.pattern]).toEqual([0.5, -1, 2]);
  });
});
