import {describe, expect, it} from "vitest";
import * as m from "../../models/src/index.js";
import {run, session} from "./ort.js";

describe("toModelBytes", () => {
  it("toModelProto writes IR version 8 and opset 17", () => {
    const g = new m.Graph();
    g.output(m.relu(g, g.input("x", [2])), "y");
    const proto = m.toModelProto(g);
    expect([proto.irVersion, proto.opsetImport[0].version]).toEqual([8, 17]);
  });
  it("metadata round-trips through readModelMetadata", () => {
    const g = new m.Graph();
    g.output(g.input("x", [1]), "y");
    expect(m.readModelMetadata(m.toModelBytes(g, {metadata: {a: "1", b: '{"k":2}'}}))).toEqual({a: "1", b: '{"k":2}'});
  });
  it("float, int64 initializers and symbolic dims survive serialisation and run", async () => {
    const g = new m.Graph();
    const x = g.input("x", ["n", 3]);
    const w = g.initializer([1, 2, 3, 4, 5, 6], [3, 2], {name: "w"});
    g.output(m.reshape(g, m.matmul(g, x, w), [-1]), "y"); // the -1 reshape carries an int64 initializer
    const out = await run(await session(g), {x: {data: Float32Array.of(1, 0, 1, 0, 1, 0), dims: [2, 3]}});
    expect(Array.from(out.y)).toEqual([6, 8, 3, 4]);
  });
});

describe("Graph", () => {
  it("Graph rejects duplicate value names", () => {
    const g = new m.Graph();
    g.input("x", [1]);
    expect(() => g.input("x", [1])).toThrow(/duplicate value name "x"/);
  });
  it("Graph.output(input, name) adds an Identity so a graph input can also be an output", () => {
    const g = new m.Graph();
    const out = g.output(g.input("x", [2]), "y");
    expect([out.name, g.nodes.at(-1)!.opType]).toEqual(["y", "Identity"]);
  });
  it("broadcastShapes follows numpy rules and names the shapes that do not broadcast", () => {
    expect(m.broadcastShapes(["batch", 1, 4], [3, 1])).toEqual(["batch", 3, 4]);
    expect(() => m.broadcastShapes([2, 3], [4])).toThrow(/\[2, 3\] and \[4\]/);
  });
});

describe("lcg", () => {
  it("lcg(seed) yields the numbers of d3-random's randomLcg(seed)", async () => {
    const {randomLcg} = await import("d3-random");
    const [a, b] = [m.lcg(42), randomLcg(42)];
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });
});
