import {describe, expect, it} from "vitest";
import {
  PUBLISHED_V1,
  isPublishedV1,
  parseNeuronList,
  sourceDescription,
  sourceLabel,
} from "../../../src/components/core/v1.ts";

describe("sourceLabel", () => {
  it("sourceLabel names synthetic data and its seed", () => {
    expect(sourceLabel({kind: "synthetic", seed: 2019})).toBe("synthetic data (seed 2019)");
  });

  it("sourceLabel names the published recording by its md5", () => {
    expect(sourceLabel({kind: "real", md5: PUBLISHED_V1.md5})).toBe(`real data (md5 ${PUBLISHED_V1.md5})`);
    expect(sourceDescription({kind: "real", md5: PUBLISHED_V1.md5, file: "W3D4_stringer_oribinned1.npz"})).toBe(
      `Stringer et al., W3D4_stringer_oribinned1.npz (md5 ${PUBLISHED_V1.md5})`,
    );
  });

  it("sourceLabel names another real file as such, whatever it is called", () => {
    // A 23,589-neuron file of the same layout, built with V1_NPZ_MD5: not the published recording.
    const other = {kind: "real" as const, md5: "abc", file: "v1_heldout_a.npz"};
    expect(isPublishedV1(other)).toBe(false);
    expect(sourceLabel(other)).toBe("real data from v1_heldout_a.npz (not the published recording)");
    expect(sourceDescription(other)).toMatch(
      /^v1_heldout_a\.npz \(md5 abc\): not the published recording of Stringer et al\./,
    );
    expect(sourceDescription(other)).not.toMatch(/^Stringer/);
    // Even a file named like the published one is not it unless its md5 matches.
    expect(sourceLabel({...other, file: PUBLISHED_V1.file})).toBe(
      `real data from ${PUBLISHED_V1.file} (not the published recording)`,
    );
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
