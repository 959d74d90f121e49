import {describe, expect, it} from "vitest";
import {angularError, decodeOrientation, oneHot, orientationBins, wrapDegrees} from "../../models/src/index.js";

describe("orientation helpers", () => {
  it("orientationBins(degrees, 8) puts 0–44.9° in bin 0 and wraps 360° and negative angles", () => {
    expect(Array.from(orientationBins([0, 44.9, 45, 359.9, 360, -1], 8))).toEqual([0, 0, 1, 7, 0, 7]);
  });
  it("oneHot(labels, n) writes one 1 per row", () => {
    expect(Array.from(oneHot([2, 0], 3))).toEqual([0, 0, 1, 1, 0, 0]);
  });
  it("oneHot rejects a label outside 0…n−1 and names it", () => {
    expect(() => oneHot([3], 3)).toThrow(/label 3 at 0/);
  });
  it("wrapDegrees maps any angle into [0, 360)", () => {
    expect([wrapDegrees(-90), wrapDegrees(720), wrapDegrees(359.5)]).toEqual([270, 0, 359.5]);
  });
  it("angularError(a, b) is the shorter way round the circle", () => {
    expect([angularError(359, 1), angularError(10, 200), angularError(0, 180)]).toEqual([2, 170, 180]);
  });
});

describe("decodeOrientation", () => {
  it("decodeOrientation(y, 'regression') reads the single output as degrees", () => {
    expect(Array.from(decodeOrientation([12.5, 400], "regression"))).toEqual([12.5, 400]);
  });
  it("decodeOrientation(y, 'circular') is atan2(y, x) in [0, 360)", () => {
    const d = decodeOrientation([0, 1, -1, 0, 1, -1], "circular");
    expect(Array.from(d).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([90, 180, 315]);
  });
  it("decodeOrientation(y, 'classifier', 4) returns the centre of the most likely bin", () => {
    expect(Array.from(decodeOrientation([0.1, 0.2, 3, 0.4, 5, 0, 0, 0], "classifier", 4))).toEqual([225, 45]);
  });
});
