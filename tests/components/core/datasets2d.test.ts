import {describe, expect, it} from "vitest";
import {PRESETS_2D, circles, dataset2d, separable, spirals, xor} from "../../../src/components/core/datasets2d.js";

describe("dataset2d", () => {
  it.each(PRESETS_2D)("dataset2d(%s, n) gives n points in [-1, 1]² with both classes", (preset) => {
    const points = dataset2d(preset, 101, {seed: 3});
    expect(points).toHaveLength(101);
    for (const p of points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
    }
    const ones = points.filter((p) => p.label === 1).length;
    expect(ones).toBeGreaterThan(30);
    expect(ones).toBeLessThan(71);
  });

  it("dataset2d(preset, n, {seed}) repeats for a seed and changes with it", () => {
    expect(dataset2d("spirals", 50, {seed: 9})).toEqual(dataset2d("spirals", 50, {seed: 9}));
    expect(dataset2d("spirals", 50, {seed: 9})).not.toEqual(dataset2d("spirals", 50, {seed: 10}));
  });

  it("dataset2d() names the presets when given an unknown one", () => {
    expect(() => dataset2d("moons" as never, 10)).toThrow(/separable, xor, circles, spirals/);
  });
});

describe("generators", () => {
  it("separable(n) keeps every point on its class's side of one line", () => {
    const points = separable(300, {seed: 5, margin: 0.1});
    // Any separating direction works: check with the class means' difference, which points across the gap.
    const mean = (l: number) => {
      const s = points.filter((p) => p.label === l);
      return [s.reduce((a, p) => a + p.x, 0) / s.length, s.reduce((a, p) => a + p.y, 0) / s.length];
    };
    const [m1, m0] = [mean(1), mean(0)];
    const d = [m1[0] - m0[0], m1[1] - m0[1]];
    const proj = (p: {x: number; y: number}) => p.x * d[0] + p.y * d[1];
    const lo1 = Math.min(...points.filter((p) => p.label === 1).map(proj));
    const hi0 = Math.max(...points.filter((p) => p.label === 0).map(proj));
    expect(lo1).toBeGreaterThan(hi0);
  });

  it("xor(n, {noise: 0}) labels by the signs of the coordinates", () => {
    for (const p of xor(200, {seed: 1, noise: 0})) expect(p.label).toBe(p.x * p.y < 0 ? 1 : 0);
  });

  it("circles(n, {noise: 0}) puts class 1 inside radius 0.35 and class 0 outside 0.6", () => {
    for (const p of circles(200, {seed: 1, noise: 0})) {
      const r = Math.hypot(p.x, p.y);
      if (p.label === 1) expect(r).toBeLessThanOrEqual(0.35 + 1e-12);
      else expect(r).toBeGreaterThanOrEqual(0.6 - 1e-12);
    }
  });

  it("spirals(n, {noise: 0}) puts each class on its Archimedean arm, the arms half a turn apart", () => {
    // r = 0.05 + 0.85t and angle = 3.5πt (class 1) or 3.5πt + π (class 0), so the angle follows from r.
    for (const p of spirals(400, {seed: 2, noise: 0})) {
      const t = (Math.hypot(p.x, p.y) - 0.05) / 0.85;
      const expected = t * 3.5 * Math.PI + (p.label ? 0 : Math.PI);
      const diff = Math.atan2(p.y, p.x) - expected;
      // Equal modulo a full turn.
      expect(Math.abs(Math.sin(diff / 2))).toBeLessThan(1e-9);
    }
  });
});
