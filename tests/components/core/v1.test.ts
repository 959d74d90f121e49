import {describe, expect, it} from "vitest";
import {parseNeuronList, sourceLabel} from "../../../src/components/core/v1.ts";

describe("sourceLabel", () => {
  it("sourceLabel names synthetic data and its seed", () => {
    expect(sourceLabel({kind: "synthetic", seed: 2019})).toBe("synthetic data (seed 2019)");
  });

  it("sourceLabel names real data and its md5", () => {
    expect(sourceLabel({kind: "real", md5: "abc"})).toBe("real data (md5 abc)");
  });
});

describe("parseNeuronList", () => {
  it("parseNeuronList reads indices separated by commas or spaces, without duplicates", () => {
    expect(parseNeuronList("12, 4051 12;7", 5000)).toEqual({neurons: [12, 4051, 7], error: null});
  });

  it("parseNeuronList returns no neurons and no error for empty input", () => {
    expect(parseNeuronList("  ", 5000)).toEqual({neurons: null, error: null});
  });

  it("parseNeuronList rejects out-of-range and non-numeric entries with a message", () => {
    const {neurons, error} = parseNeuronList("3, 5000, x1", 5000);
    expect(neurons).toBeNull();
    expect(error).toBe("Not a neuron index: 5000, x1. Use whole numbers from 0 to 4999.");
  });
});
