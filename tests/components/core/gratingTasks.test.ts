import {describe, expect, it} from "vitest";
import {binaryAccuracy, gratingTask, taskLabel, taskRows} from "../../../src/components/core/gratingTasks.js";
import {grating} from "../../../src/components/core/gratings.js";

describe("gratingTask", () => {
  it("gratingTask('tilt', n) labels tilts right of vertical 1 and keeps |tilt| within [0.5, maxTilt]", () => {
    const d = gratingTask("tilt", 200, {seed: 2, maxTilt: 10});
    for (let i = 0; i < d.n; i++) {
      expect(Math.abs(d.angles[i])).toBeGreaterThanOrEqual(0.5);
      expect(Math.abs(d.angles[i])).toBeLessThanOrEqual(10);
      expect(d.target[i]).toBe(d.angles[i] > 0 ? 1 : 0);
    }
    const ones = d.target.reduce((s, v) => s + v, 0);
    expect(ones).toBeGreaterThan(70);
    expect(ones).toBeLessThan(130);
  });

  it("gratingTask without noise draws exactly the grating of each angle at some phase", () => {
    const d = gratingTask("tilt", 3, {seed: 5, noise: 0, angles: [0, 0, 0]});
    // Angle 0 gives vertical stripes: each image's rows are identical.
    for (let i = 0; i < 3; i++) {
      const img = d.x.subarray(i * 48 * 64, (i + 1) * 48 * 64);
      for (let y = 1; y < 48; y++) for (let x = 0; x < 64; x++) expect(img[y * 64 + x]).toBe(img[x]);
    }
    expect(grating(0).length).toBe(48 * 64);
  });

  it("gratingTask is deterministic for a seed and differs across seeds", () => {
    const a = gratingTask("frequency", 10, {seed: 1}),
      b = gratingTask("frequency", 10, {seed: 1});
    const c = gratingTask("frequency", 10, {seed: 2});
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it("gratingTask('frequency') uses periods 8 (label 1) and 16 (label 0)", () => {
    const d = gratingTask("frequency", 50, {seed: 3});
    expect(new Set(d.periods)).toEqual(new Set([8, 16]));
    d.periods.forEach((p, i) => expect(d.target[i]).toBe(p === 8 ? 1 : 0));
  });

  it("gratingTask rejects an unknown task", () => {
    expect(() => gratingTask("colour" as never, 1)).toThrow(/unknown task/);
  });
});

describe("taskLabel and binaryAccuracy", () => {
  it("taskLabel('coarse-orientation') is 1 within 45° of horizontal, on both sides of the circle", () => {
    expect(taskLabel("coarse-orientation", 90, 1)).toBe(1);
    expect(taskLabel("coarse-orientation", -80, 1)).toBe(1);
    expect(taskLabel("coarse-orientation", 10, 1)).toBe(0);
    expect(taskLabel("coarse-orientation", -30, 1)).toBe(0);
  });

  it("binaryAccuracy counts logits on the target's side of 0", () => {
    expect(binaryAccuracy([2, -1, 0.5, -3], [1, 0, 0, 1])).toBe(0.5);
  });
});

describe("taskRows", () => {
  it("taskRows(data, rows) holds row rows[j]'s image and label at position j", () => {
    const d = gratingTask("tilt", 6, {seed: 4, width: 8, height: 4});
    const b = taskRows(d, [5, 0, 5]);
    expect(b.n).toBe(3);
    expect(Array.from(b.target)).toEqual([d.target[5], d.target[0], d.target[5]]);
    expect(Array.from(b.x.subarray(0, 32))).toEqual(Array.from(d.x.subarray(160, 192)));
    expect(Array.from(b.x.subarray(32, 64))).toEqual(Array.from(d.x.subarray(0, 32)));
    expect(Array.from(b.x.subarray(64, 96))).toEqual(Array.from(d.x.subarray(160, 192)));
  });
});
