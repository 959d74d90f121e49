import {describe, expect, it} from "vitest";
import {
  booleanCodec,
  cellsCodec,
  choiceCodec,
  listCodec,
  numberCodec,
  paintedCodec,
  pointsCodec,
  rawParam,
  readParam,
  roundPoint,
  samplesCodec,
  slug,
  snap,
  strokesCodec,
  textCodec,
  updatedQuery,
} from "../../../src/components/core/urlState.js";

describe("numberCodec", () => {
  const lr = numberCodec({min: 1e-6, max: 1});
  const hidden = numberCodec({min: 1, max: 100, step: 1});
  const steps = numberCodec({min: 10, max: 600, step: 10});
  const fraction = numberCodec({min: 0.2, max: 0.9, step: 0.05});

  it("writes the shortest text that reads back as the same number", () => {
    expect(lr.encode(1e-4)).toBe("0.0001");
    expect(lr.encode(0.001)).toBe("0.001");
    expect(lr.encode(1e-6)).toBe("0.000001");
    expect(lr.encode(2.5e-7)).toBe("2.5e-7");
    for (const v of [1e-4, 0.000123456789, 0.6500000000000001, 1 / 3])
      expect(lr.decode(lr.encode(v))).toBe(v === 0.6500000000000001 ? v : v);
  });

  it("accepts numbers in range and on the step grid, refuses the rest", () => {
    expect(hidden.decode("40")).toBe(40);
    expect(hidden.decode(" 7 ")).toBe(7);
    expect(hidden.decode("40.5")).toBeUndefined(); // off the grid of step 1
    expect(hidden.decode("0")).toBeUndefined();
    expect(hidden.decode("101")).toBeUndefined();
    expect(steps.decode("300")).toBe(300);
    expect(steps.decode("305")).toBeUndefined();
    expect(fraction.decode("0.65")).toBe(0.65);
    expect(fraction.decode("0.6500000000000001")).toBe(0.6500000000000001);
    expect(fraction.decode("0.62")).toBeUndefined();
    expect(lr.decode("1e-3")).toBe(0.001);
    expect(lr.decode("2")).toBeUndefined();
  });

  it("refuses text that is not a plain number", () => {
    for (const bad of ["", "abc", "1,5", "0x10", "Infinity", "NaN", "1e", "--1", "12px"])
      expect(hidden.decode(bad)).toBeUndefined();
  });

  it("says what it expects", () => {
    expect(hidden.expected).toBe("a whole number from 1 to 100");
    expect(steps.expected).toBe("a whole number from 10 to 600 in steps of 10");
    expect(lr.expected).toBe("a number from 0.000001 to 1");
  });
});

describe("choice, list, boolean and text codecs", () => {
  it("writes a choice by its key and reads back the same option object", () => {
    const kernels = [{name: "ON centre"}, {name: "Gabor 45°"}];
    const c = choiceCodec(kernels, (k) => slug(k.name));
    expect(c.encode(kernels[1])).toBe("gabor-45");
    expect(c.decode("gabor-45")).toBe(kernels[1]);
    expect(c.decode("gabor")).toBeUndefined();
    expect(choiceCodec([1, 2, 5]).decode("5")).toBe(5);
    expect(choiceCodec(["relu", "tanh"]).expected).toBe("one of relu, tanh");
  });

  it("refuses options whose keys collide or hold a comma", () => {
    expect(() => choiceCodec(["a b", "a-b"], slug)).toThrow(/share a key/);
    expect(() => listCodec(["a,b", "c"])).toThrow(/comma/);
  });

  it("writes a list in the options' order and refuses unknown or repeated keys", () => {
    const c = listCodec([0, 45, 90, 135]);
    expect(c.encode([90, 0])).toBe("0,90");
    expect(c.decode("90,0")).toEqual([0, 90]);
    expect(c.decode("")).toEqual([]);
    expect(c.encode([])).toBe("");
    expect(c.decode("0,0")).toBeUndefined();
    expect(c.decode("0,30")).toBeUndefined();
  });

  it("reads booleans as 1/0 or true/false", () => {
    expect(booleanCodec.encode(true)).toBe("1");
    expect(booleanCodec.decode("0")).toBe(false);
    expect(booleanCodec.decode("TRUE")).toBe(true);
    expect(booleanCodec.decode("yes")).toBeUndefined();
  });

  it("limits text to its length", () => {
    const t = textCodec({maxLength: 5});
    expect(t.decode("12, 4")).toBe("12, 4");
    expect(t.decode("123456")).toBeUndefined();
  });
});

describe("drawn curves, grids and points", () => {
  it("writes a curve with two decimals, clamped to its range, and refuses the wrong length", () => {
    const c = samplesCodec({length: 3, min: -1.5, max: 1.5, digits: 2});
    expect(c.encode(Float32Array.of(0.123, -2, 1))).toBe("0.12,-1.5,1");
    expect(Array.from(c.decode("0.12,-1.5,1")!)).toEqual([Math.fround(0.12), -1.5, 1]);
    expect(c.decode("0.1,0.2")).toBeUndefined();
    expect(c.decode("0.1,0.2,9")).toBeUndefined();
    // snap: what the page computes with is what the link gives back
    const v = snap(c, Float32Array.of(0.123456, 0.5, -0.25));
    expect(Array.from(snap(c, v))).toEqual(Array.from(v));
  });

  it("writes a kernel one symbol per cell", () => {
    const c = cellsCodec(4, {"1": 1, n: -1, "0": 0});
    expect(c.encode(Float32Array.of(1, -1, 0, 1))).toBe("1n01");
    expect(Array.from(c.decode("1n01")!)).toEqual([1, -1, 0, 1]);
    expect(c.decode("1n0")).toBeUndefined();
    expect(c.decode("1n0x")).toBeUndefined();
    expect(() => c.encode(Float32Array.of(1, 2, 0, 0))).toThrow(/no symbol/);
  });

  it("writes paint strokes as runs over the base image, leaving out the unchanged tail", () => {
    const s = strokesCodec(10);
    expect(s.encode(Int8Array.of(0, 0, 1, 1, 1, 2, 0, 0, 0, 0))).toBe("2u3i1e");
    expect(Array.from(s.decode("2u3i1e")!)).toEqual([0, 0, 1, 1, 1, 2, 0, 0, 0, 0]);
    expect(s.encode(new Int8Array(10))).toBe("");
    expect(Array.from(s.decode("")!)).toEqual(Array(10).fill(0));
    expect(s.decode("11i")).toBeUndefined(); // more cells than the grid has
    expect(s.decode("2u3x")).toBeUndefined();
    expect(s.decode("0i")).toBeUndefined();
    const base = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    const p = paintedCodec(base, {ink: 0.5, background: -0.5});
    const painted = Float32Array.of(0.1, 0.5, -0.5, 0.4);
    expect(p.encode(painted)).toBe("1u1i1e");
    expect(Array.from(p.decode("1u1i1e")!)).toEqual(Array.from(painted));
    expect(p.encode(base)).toBe("");
  });

  it("writes points in hundredths and refuses too many or off-plane ones", () => {
    const c = pointsCodec({maxPoints: 3});
    const pts = [roundPoint({x: 0.1234, y: -0.5, label: 1}), roundPoint({x: -2, y: 1, label: 0})];
    expect(pts).toEqual([
      {x: 0.12, y: -0.5, label: 1},
      {x: -1, y: 1, label: 0},
    ]);
    expect(c.encode(pts)).toBe("1:12:-50,0:-100:100");
    expect(c.decode("1:12:-50,0:-100:100")).toEqual(pts);
    expect(c.decode("")).toEqual([]);
    expect(c.decode("1:0:0,1:0:0,1:0:0,1:0:0")).toBeUndefined();
    expect(c.decode("2:0:0")).toBeUndefined();
    expect(c.decode("1:101:0")).toBeUndefined();
    expect(c.decode("1:a:0")).toBeUndefined();
    // the hundredths survive the trip for every value a click can give
    for (let k = -100; k <= 100; k++)
      expect(c.decode(c.encode([{x: k / 100, y: -k / 100 || 0, label: 0}]))).toEqual([
        {x: k / 100, y: -k / 100 || 0, label: 0},
      ]);
  });
});

describe("reading and rewriting a query", () => {
  it("reads a parameter or falls back, with a notice naming a bad one", () => {
    const c = numberCodec({min: 1, max: 100, step: 1});
    expect(readParam("?hidden=40&lr=0.001", "hidden", c, 20)).toEqual({value: 40});
    expect(readParam("", "hidden", c, 20)).toEqual({value: 20});
    expect(readParam("?hidden=lots", "hidden", c, 20)).toEqual({
      value: 20,
      notice: "Ignored hidden=lots in the link: expected a whole number from 1 to 100.",
    });
    expect(rawParam("?a=x%2Cy&b=two+words", "b")).toBe("two words");
    expect(rawParam("a=x%2Cy", "a")).toBe("x,y");
    expect(rawParam("?a=%E0%A4%A", "a")).toBe("%E0%A4%A"); // malformed escapes are read as written
  });

  it("changes only the named keys and keeps the others byte for byte, in order", () => {
    expect(updatedQuery("?utm=a%20b&hidden=20&x", {hidden: "40"})).toBe("?utm=a%20b&hidden=40&x");
    expect(updatedQuery("?utm=a%20b&hidden=20", {hidden: null})).toBe("?utm=a%20b");
    expect(updatedQuery("?hidden=20", {hidden: null})).toBe("");
    expect(updatedQuery("", {act: "tanh", lr: "0.001"})).toBe("?act=tanh&lr=0.001");
    expect(updatedQuery("?a=1&a=2", {a: "3"})).toBe("?a=3");
    expect(updatedQuery("", {rows: "V1,cnn · conv1", q: "a+b&c"})).toBe("?rows=V1,cnn%20%C2%B7%20conv1&q=a%2Bb%26c");
    expect(rawParam(updatedQuery("", {q: "a+b&c=d"}), "q")).toBe("a+b&c=d");
  });
});
