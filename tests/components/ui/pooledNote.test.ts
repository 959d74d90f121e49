// The model control's note on pooled layers: which, how, and how many units they keep.
import {describe, expect, it} from "vitest";
import {pooledNote} from "../../../src/components/ui/modelControl.js";

const layer = (label: string, dims: number[], pool: number, units: number) => ({
  tensor: label,
  label,
  dims,
  pool,
  units,
});

describe("pooledNote", () => {
  it("names each pooled layer with its blocks and units, nothing when none is pooled", () => {
    expect(pooledNote([layer("fc", [10], 1, 10)])).toBe("");
    expect(
      pooledNote([
        layer("/stem/relu/Relu", [64, 32, 32], 2, 16_384),
        layer("fc", [10], 1, 10),
        layer("/encoder/ln", [197, 768], 10, 15_360),
        layer("/flatten/Flatten", [25_088], 2, 12_544),
      ]),
    ).toBe(
      " Averaged to at most 16,384 units per grating: /stem/relu/Relu (2 × 2 pixel blocks, 16,384 units), " +
        "/encoder/ln (blocks of 10 tokens, 15,360 units), /flatten/Flatten (blocks of 2 features, 12,544 units).",
    );
  });
});
