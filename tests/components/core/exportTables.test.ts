import {describe, expect, it} from "vitest";
import {comparisonsCsv, csvCell, rdmsCsv, scoresCsv} from "../../../src/components/core/exportTables.ts";

describe("exportTables", () => {
  it("csvCell quotes text with commas or quotes and prints numbers so they read back exactly", () => {
    expect(csvCell("trained CNN · pool1")).toBe("trained CNN · pool1");
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(Number(csvCell(0.1 + 0.2))).toBe(0.1 + 0.2);
    expect(csvCell(NaN)).toBe("NaN");
  });

  it("rdmsCsv writes each pair i < j once per RDM, with orientations", () => {
    // 3 stimuli: the upper triangle (0,1), (0,2), (1,2) of each RDM.
    const rdm = [0, 0.5, 1.5, 0.5, 0, 2, 1.5, 2, 0];
    expect(
      rdmsCsv(
        [0, 45, 90],
        [
          {name: "V1", rdm},
          {name: "x, y", rdm: rdm.map((v) => v * 2)},
        ],
      ),
    ).toBe(
      [
        "representation,i,j,orientation_i,orientation_j,dissimilarity",
        "V1,0,1,0,45,0.5",
        "V1,0,2,0,90,1.5",
        "V1,1,2,45,90,2",
        '"x, y",0,1,0,45,1',
        '"x, y",0,2,0,90,3',
        '"x, y",1,2,45,90,4',
        "",
      ].join("\n"),
    );
    expect(() => rdmsCsv([0, 1], [{name: "bad", rdm: [0, 1, 1]}])).toThrow("bad has 3 entries, not 2 × 2");
  });

  it("comparisonsCsv and scoresCsv: one row per layer, one row per target", () => {
    expect(
      comparisonsCsv([{network: "CNN", layer: "pool1", estimate: 0.25, lo: 0.125, hi: 0.5}], {
        method: "spearman",
        ceiling: 0.75,
      }),
    ).toBe("network,layer,method,estimate,ci_low,ci_high,noise_ceiling\nCNN,pool1,spearman,0.25,0.125,0.5,0.75\n");
    expect(scoresCsv(["a", "b"], [Float64Array.of(0.5, -1), Float64Array.of(0.25, 2)])).toBe(
      "target,a,b\n0,0.5,0.25\n1,-1,2\n",
    );
  });
});
