import {describe, expect, it} from "vitest";
import {
  comparisonsCsv,
  searchlightCsv,
  csvCell,
  rdmsCsv,
  scoresCsv,
} from "../../../src/components/core/exportTables.ts";

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

  it("searchlightCsv: one row per centre, blank centres with NaN scores and no best layer", () => {
    const table = {
      grid: {centres: Float32Array.of(10, 20, 30, 20), counts: Int32Array.of(5, 1), truth: Int8Array.of(0, 3)},
      maps: {
        layers: ["CNN · pool1", "CNN · pool2"],
        scores: Float32Array.of(0.5, 0.25, NaN, NaN),
        best: Int16Array.of(0, -1),
        bestScore: Float32Array.of(0.5, NaN),
      },
      permutation: {p: Float32Array.of(0.25, NaN), pCorrected: Float32Array.of(0.5, NaN)},
    };
    expect(searchlightCsv(table)).toBe(
      [
        "x_um,y_um,neurons,planted_region,CNN · pool1,CNN · pool2,best_layer,best_r,p,p_fwe",
        "10,20,5,0,0.5,0.25,CNN · pool1,0.5,0.25,0.5",
        "30,20,1,3,NaN,NaN,,NaN,NaN,NaN",
        "",
      ].join("\n"),
    );
    expect(searchlightCsv({...table, permutation: null}).split("\n")[1]).toBe(
      "10,20,5,0,0.5,0.25,CNN · pool1,0.5,NaN,NaN",
    );
    // A 3-D layout of a reader's dataset: a z column, no planted regions.
    const three = searchlightCsv({
      ...table,
      grid: {centres: Float32Array.of(10, 20, 5, 30, 20, 5), counts: Int32Array.of(5, 1), truth: null, dims: 3},
    }).split("\n");
    expect(three[0]).toBe("x_um,y_um,z_um,neurons,planted_region,CNN · pool1,CNN · pool2,best_layer,best_r,p,p_fwe");
    expect(three[2]).toBe("30,20,5,1,,NaN,NaN,,NaN,NaN,NaN");
  });
});
