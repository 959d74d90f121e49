import {describe, expect, it} from "vitest";
import {channel} from "../../../src/components/ui/channel.js";

describe("channel", () => {
  it("gives watchers the latest value at once and every later one, until they stop", () => {
    const c = channel<number>();
    const a: number[] = [];
    const stopA = c.observe((v) => a.push(v));
    expect(a).toEqual([]); // nothing set yet
    c.set(1);
    c.set(2);
    const b: number[] = [];
    c.observe((v) => b.push(v));
    stopA();
    c.set(3);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([2, 3]);
    expect(c.value).toBe(3);
  });

  it("takes a first value, which may be undefined", () => {
    const seen: (string | undefined)[] = [];
    channel<string | undefined>(undefined).observe((v) => seen.push(v));
    expect(seen).toEqual([undefined]);
  });
});
