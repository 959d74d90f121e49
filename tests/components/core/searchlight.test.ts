import {describe, expect, it} from "vitest";
import {layerGram, layerRdm, type LayerGram} from "../../../src/components/core/layerGrams.js";
import {matmul, matmulTransposed, transpose} from "../../../src/components/core/linalg.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {kendallTauA, spearman} from "../../../src/components/core/rank.js";
import {rdm, selectColumns, upperTriangle} from "../../../src/components/core/rdm.js";
import {runOnNode} from "../../../data-loaders/training/session.js";
import {localGramsWith, permutationBestWith} from "../../../src/components/core/analysisGraphs.js";
import {
  localRdm,
  permutationBatch,
  permutationStepsWith,
  permutationTest,
  centreBatch,
  searchlightStepsWith,
  searchlightGrid,
  searchlightMaps,
  type LayerTarget,
  type Sheet,
} from "../../../src/components/core/searchlight.js";
import {PLANTED_REGIONS, recoveryShare, regionAt, simulatedSheet} from "../../../src/components/core/simulatedSheet.js";
import {
  SEARCHLIGHT_DEFAULTS,
  datasetSheet,
  searchlightStages,
  significanceCounts,
  targetsOf,
  type SearchlightResult,
} from "../../../src/components/core/searchlightAnalysis.js";

const normal = (seed: number) => seededNormal(seededSource(seed));

/** Random activations (stimuli × units) for a named layer, reduced to its Grams. */
function randomLayer(name: string, n: number, units: number, seed: number): LayerGram {
  const z = normal(seed);
  const [network, layer] = name.split(" · ");
  return layerGram({network, layer, nUnits: units, activations: Float32Array.from({length: n * units}, z)}, n);
}

function targets(layers: LayerGram[]): LayerTarget[] {
  return layers.map((l) => ({name: `${l.network} · ${l.layer}`, rdm: layerRdm(l, {metric: "correlation"})}));
}

/** A sheet of untuned neurons: independent noise, no structure for any layer to match. */
function noiseSheet(n: number, nNeurons: number, size: number, seed: number): Sheet {
  const source = seededSource(seed);
  const z = seededNormal(source);
  const positions = Float32Array.from({length: nNeurons * 2}, () => source() * size);
  return {positions, dims: 2, responses: Float32Array.from({length: n * nNeurons}, z), nStimuli: n, nNeurons};
}

describe("searchlightGrid", () => {
  it("finds exactly the neurons within the radius of each centre, in 2-D and 3-D", () => {
    for (const dims of [2, 3] as const) {
      const source = seededSource(3 + dims);
      const positions = Float32Array.from({length: 400 * dims}, () => source() * 100);
      const grid = searchlightGrid(positions, dims, {radius: 17, spacing: 20, minNeurons: 5});
      expect(grid.shape).toEqual(new Array(dims).fill(5)); // 0…100 at 20 µm steps, centred: 5 per axis
      let blank = 0;
      for (let c = 0; c < grid.members.length; c++) {
        const brute: number[] = [];
        for (let i = 0; i < 400; i++) {
          let s = 0;
          for (let d = 0; d < dims; d++) s += (positions[i * dims + d] - grid.centres[c * dims + d]) ** 2;
          if (s <= 17 * 17) brute.push(i);
        }
        expect(grid.counts[c]).toBe(brute.length);
        if (brute.length < 5) {
          expect(grid.members[c]).toBeNull();
          blank++;
        } else expect(Array.from(grid.members[c]!)).toEqual(brute);
      }
      expect(grid.blank).toBe(blank);
    }
  });

  it("leaves every centre blank when the radius reaches fewer neurons than the minimum, and rejects bad positions", () => {
    const positions = Float32Array.from([0, 0, 100, 0, 0, 100, 100, 100]);
    const grid = searchlightGrid(positions, 2, {radius: 10, spacing: 50, minNeurons: 2});
    expect(grid.blank).toBe(grid.members.length);
    expect(() => searchlightGrid(Float32Array.from([0, 0, NaN, 1]), 2, {radius: 1, spacing: 1, minNeurons: 1})).toThrow(
      /neuron 1 has a position that is not a number/,
    );
    expect(() => searchlightGrid(Float32Array.from([0, 0, 1]), 2, {radius: 1, spacing: 1, minNeurons: 1})).toThrow(
      /neurons × 2/,
    );
  });
});

describe("localRdm", () => {
  it("equals the RDM computed directly from the neurons inside the searchlight", () => {
    const sheet = noiseSheet(9, 50, 100, 11);
    // Some structure, so that rows differ in mean and scale across neurons.
    for (let i = 0; i < 9; i++) for (let j = 0; j < 50; j++) sheet.responses[i * 50 + j] += i * (j % 3);
    const members = Int32Array.from([1, 4, 7, 8, 20, 33, 49]);
    const direct = upperTriangle(rdm(selectColumns(sheet.responses, 9, 50, members), 9, members.length), 9);
    const local = localRdm(sheet, members);
    expect(local.length).toBe(36);
    for (let k = 0; k < 36; k++) expect(local[k]).toBeCloseTo(direct[k], 10);
  });
});

describe("matmulTransposed", () => {
  it("equals A Bᵀ from the plain product on shapes that are not multiples of the blocks", () => {
    const z = normal(2);
    const [m, n, k] = [7, 5, 13];
    const a = Float32Array.from({length: m * k}, z);
    const b = Float32Array.from({length: n * k}, z);
    const expected = matmul(a, transpose(b, n, k), m, k, n);
    const got = matmulTransposed(a, m, b, n, k);
    for (let i = 0; i < m * n; i++) expect(got[i]).toBeCloseTo(expected[i], 10);
  });
});

describe("searchlightMaps", () => {
  const n = 10;
  const layers = ["net · a", "net · b", "net · c"].map((name, k) => randomLayer(name, n, 30, 20 + k));
  const sheet = noiseSheet(n, 300, 100, 5);
  const grid = searchlightGrid(sheet.positions, 2, {radius: 30, spacing: 25, minNeurons: 10});

  for (const method of ["spearman", "kendall"] as const) {
    it(`scores every centre against every layer by ${method}, as the rank correlation functions do`, () => {
      const t = targets(layers);
      const {maps} = searchlightMaps(sheet, grid, t, method);
      const correlate = method === "spearman" ? spearman : kendallTauA;
      for (let c = 0; c < grid.members.length; c++) {
        const local = localRdm(sheet, grid.members[c]!);
        const expected = t.map((l) => correlate(local, upperTriangle(l.rdm, n)));
        for (let l = 0; l < 3; l++) expect(maps.scores[c * 3 + l]).toBeCloseTo(expected[l], 5);
        expect(maps.best[c]).toBe(expected.indexOf(Math.max(...expected)));
        expect(maps.bestScore[c]).toBeCloseTo(Math.max(...expected), 5);
      }
    });
  }
});

describe("a planted sheet", () => {
  it("recovers the planted layer at every interior centre", () => {
    const n = 12;
    const layers = ["pool1", "pool2", "pool3", "pool4"].map((l, k) => randomLayer(`trained CNN · ${l}`, n, 40, 40 + k));
    const size = 400;
    const sheet = simulatedSheet(layers, {seed: 3, nNeurons: 3000, size, border: 1, noise: 0.5});
    // Neurons more than 10 µm from a border follow the region they lie in (the borders are nearly hard here).
    for (let j = 0; j < sheet.nNeurons; j++) {
      const [x, y] = [sheet.positions[2 * j], sheet.positions[2 * j + 1]];
      if (Math.min(Math.abs(x - size / 2), Math.abs(y - size / 2)) > 10)
        expect(sheet.region[j]).toBe(regionAt(x, y, size));
    }
    const radius = 40;
    const grid = searchlightGrid(sheet.positions, 2, {radius, spacing: 20, minNeurons: 20});
    const t = targets(layers);
    const {maps} = searchlightMaps(sheet, grid, t, "spearman");
    let interior = 0;
    for (let c = 0; c < grid.members.length; c++) {
      const [x, y] = [grid.centres[2 * c], grid.centres[2 * c + 1]];
      const planted = PLANTED_REGIONS[regionAt(x, y, size)].layers;
      if (!planted.length || Math.abs(x - size / 2) <= radius || Math.abs(y - size / 2) <= radius) continue;
      interior++;
      expect(planted).toContain(maps.layers[maps.best[c]]);
    }
    expect(interior).toBeGreaterThan(100);
    const {share, counted} = recoveryShare(grid.centres, maps.best, maps.layers, size);
    expect(counted).toBeGreaterThan(interior);
    expect(share).toBeGreaterThan(0.9);
  });
});

describe("permutationTest", () => {
  const n = 10;
  const layers = targets(["net · a", "net · b", "net · c"].map((name, k) => randomLayer(name, n, 30, 60 + k)));

  it("gives uniform p-values on data with no structure (Kolmogorov–Smirnov)", () => {
    const ps: number[] = [];
    for (let rep = 0; rep < 200; rep++) {
      const sheet = noiseSheet(n, 25, 10, 1000 + rep);
      const grid = searchlightGrid(sheet.positions, 2, {radius: 100, spacing: 100, minNeurons: 2});
      const {maps, kept} = searchlightMaps(sheet, grid, layers, "spearman");
      ps.push(permutationTest(maps, kept, layers, {permutations: 99, seed: rep, method: "spearman"}).p[0]);
    }
    ps.sort((a, b) => a - b);
    let d = 0;
    for (let i = 0; i < ps.length; i++)
      d = Math.max(d, Math.abs(ps[i] - i / ps.length), Math.abs(ps[i] - (i + 1) / ps.length));
    // The 5% critical value for 200 samples is 1.36/√200 = 0.096; discrete p-values (steps of 1/100) add up to 0.01.
    expect(d).toBeLessThan(0.096 + 0.01);
  });

  it("controls the family-wise error by the maximum statistic on null data", () => {
    let anyCorrected = 0;
    let anyUncorrected = 0;
    const reps = 200;
    for (let rep = 0; rep < reps; rep++) {
      const sheet = noiseSheet(n, 200, 100, 5000 + rep);
      const grid = searchlightGrid(sheet.positions, 2, {radius: 20, spacing: 33, minNeurons: 5});
      const {maps, kept} = searchlightMaps(sheet, grid, layers, "spearman");
      const test = permutationTest(maps, kept, layers, {permutations: 99, seed: rep, method: "spearman"});
      if (test.pCorrected.some((p) => p <= 0.05)) anyCorrected++;
      if (test.p.some((p) => p <= 0.05)) anyUncorrected++;
    }
    // At most 5% of null maps may have any significant centre (plus 3 binomial SDs), and the correction matters:
    // uncorrected, most null maps of 16 centres have one.
    expect(anyCorrected / reps).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / reps));
    expect(anyUncorrected / reps).toBeGreaterThan(0.3);
  });

  it("finds a planted match significant at every centre that has it", () => {
    // The early region of a planted sheet: every neuron there carries pool1's structure.
    const four = ["pool1", "pool2", "pool3", "pool4"].map((l, k) => randomLayer(`trained CNN · ${l}`, n, 30, 60 + k));
    const planted = simulatedSheet(four, {
      seed: 4,
      nNeurons: 200,
      size: 100,
      border: 1e-3,
      noise: 0.3,
    });
    const region0 = Array.from(planted.region)
      .map((r, j) => (r === 0 ? j : -1))
      .filter((j) => j >= 0);
    expect(region0.length).toBeGreaterThan(20);
    const positions = Float32Array.from(
      region0.flatMap((j) => [planted.positions[2 * j], planted.positions[2 * j + 1]]),
    );
    const responses = selectColumns(planted.responses, n, 200, region0);
    const s: Sheet = {positions, dims: 2, responses, nStimuli: n, nNeurons: region0.length};
    const grid = searchlightGrid(positions, 2, {radius: 100, spacing: 100, minNeurons: 5});
    const a = targets([randomLayer("trained CNN · pool1", n, 30, 60)])[0];
    const t = [a, ...layers.slice(1)];
    const {maps, kept} = searchlightMaps(s, grid, t, "spearman");
    const test = permutationTest(maps, kept, t, {permutations: 199, seed: 1, method: "spearman"});
    for (let c = 0; c < grid.members.length; c++) {
      if (!grid.members[c]) continue;
      expect(maps.best[c]).toBe(0);
      expect(test.pCorrected[c]).toBeCloseTo(1 / 200, 6);
    }
  });
});

describe("the permutation test on ONNX Runtime", () => {
  const n = 12;
  const layers = targets(["net · a", "net · b", "net · c"].map((name, k) => randomLayer(name, n, 30, 80 + k)));

  it("permutationBestGraph gives every centre's largest correlation over the layers, per permutation", async () => {
    const z = normal(9);
    const [c, pairs, L, batch] = [7, 11, 3, 4];
    const centres = Float32Array.from({length: c * pairs}, z);
    const permuted = Float32Array.from({length: pairs * batch * L}, z);
    const best = await permutationBestWith(runOnNode, centres, c, pairs, permuted, L, batch);
    expect(best.length).toBe(c * batch);
    for (let v = 0; v < c; v++)
      for (let b = 0; b < batch; b++) {
        let m = -Infinity;
        for (let l = 0; l < L; l++) {
          let dot = 0;
          for (let k = 0; k < pairs; k++) dot += centres[v * pairs + k] * permuted[k * batch * L + b * L + l];
          m = Math.max(m, dot);
        }
        expect(best[v * batch + b]).toBeCloseTo(m, 5);
      }
  });

  it("gives the TypeScript test's p-values and null maxima, batch after batch", async () => {
    // Null data: the centres' p-values spread from 1/(P+1) to 1, so any difference in the tallies would show.
    const sheet = noiseSheet(n, 400, 100, 21);
    const grid = searchlightGrid(sheet.positions, 2, {radius: 25, spacing: 20, minNeurons: 5});
    const {maps, kept} = searchlightMaps(sheet, grid, layers, "spearman");
    const options = {permutations: 37, seed: 3, method: "spearman" as const};
    const ts = permutationTest(maps, kept, layers, options);
    const steps = permutationStepsWith(runOnNode, maps, kept, layers, options);
    const seen: number[] = [];
    let step = await steps.next();
    while (!step.done) (seen.push(step.value), (step = await steps.next()));
    expect(seen.at(-1)).toBe(37);
    const onnx = step.value;
    for (let q = 0; q < 37; q++) expect(onnx.maxNull[q]).toBeCloseTo(ts.maxNull[q], 5);
    expect(Array.from(onnx.p)).toEqual(Array.from(ts.p));
    expect(Array.from(onnx.pCorrected)).toEqual(Array.from(ts.pCorrected));
  });

  it("batches permutations so that the permuted layers take about 4 MB", () => {
    expect(permutationBatch(2556, 11, 1000)).toBe(37); // 2^20 / (2,556 × 11) = 37.3
    expect(permutationBatch(2556, 4, 1000)).toBe(50);
    expect(permutationBatch(2556, 4, 20)).toBe(20);
    expect(permutationBatch(1e7, 11, 1000)).toBe(1);
  });
});

describe("the maps on ONNX Runtime", () => {
  it("localGramGraph gives each searchlight's X Xᵀ, zero padding changing nothing", async () => {
    const z = normal(17);
    const [b, n, m] = [3, 5, 4];
    const x = Float32Array.from({length: b * n * m}, z);
    x.fill(0, 2 * n * m + 2, 2 * n * m + 4); // padding in the last searchlight's first row
    const grams = await localGramsWith(runOnNode, x, b, n, m);
    for (let c = 0; c < b; c++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let dot = 0;
          for (let k = 0; k < m; k++) dot += x[c * n * m + i * m + k] * x[c * n * m + j * m + k];
          expect(grams[c * n * n + i * n + j]).toBeCloseTo(dot, 5);
        }
  });

  it("searchlightStepsWith gives the TypeScript maps, batch after batch, blank centres included", async () => {
    const n = 10;
    const layers = targets(["net · a", "net · b", "net · c"].map((name, k) => randomLayer(name, n, 30, 20 + k)));
    const sheet = noiseSheet(n, 300, 100, 5);
    // Some structure, so that the layers' correlations differ from centre to centre.
    for (let i = 0; i < n; i++) for (let j = 0; j < 300; j++) sheet.responses[i * 300 + j] += (i % 3) * (j % 2);
    const grid = searchlightGrid(sheet.positions, 2, {radius: 22, spacing: 20, minNeurons: 35});
    expect(grid.blank).toBeGreaterThan(0);
    expect(grid.members.length - grid.blank).toBeGreaterThan(14);
    const ts = searchlightMaps(sheet, grid, layers, "spearman");
    const steps = searchlightStepsWith(runOnNode, sheet, grid, layers, "spearman", undefined, 7);
    const seen: number[] = [];
    let step = await steps.next();
    while (!step.done) (seen.push(step.value), (step = await steps.next()));
    expect(seen.length).toBe(Math.ceil((grid.members.length - grid.blank) / 7));
    expect(seen.at(-1)).toBe(grid.members.length);
    const {maps, kept} = step.value;
    for (let i = 0; i < maps.scores.length; i++)
      if (Number.isNaN(ts.maps.scores[i])) expect(maps.scores[i]).toBeNaN();
      else expect(maps.scores[i]).toBeCloseTo(ts.maps.scores[i], 5);
    expect(Array.from(maps.best)).toEqual(Array.from(ts.maps.best));
    expect(Array.from(kept.centres)).toEqual(Array.from(ts.kept.centres));
    expect(centreBatch(72, 130)).toBe(448); // 2^22 / (72 × 130) = 448.1
    expect(centreBatch(72, 10)).toBe(512);
  });
});

describe("a dataset's own layout", () => {
  it("runs on 3-D positions, with no planted map, and equals the maps computed directly", async () => {
    const n = 8;
    const nNeurons = 300;
    const source = seededSource(13);
    const z = seededNormal(source);
    // 16 stimuli, two at each of 8 orientations: a 10° bin averages each pair.
    const stimuli = Float32Array.from({length: 2 * n}, (_, i) => Math.floor(i / 2) * 20 + (i % 2));
    const responses = Float32Array.from({length: 2 * n * nNeurons}, z);
    const positions = {data: Float32Array.from({length: nNeurons * 3}, () => source() * 60), dims: 3 as const};
    const sheet = datasetSheet({responses, stimuli, nNeurons, positions}, 10);
    expect(sheet.nStimuli).toBe(n);
    expect(sheet.dims).toBe(3);
    expect(sheet.responses[5]).toBeCloseTo((responses[5] + responses[nNeurons + 5]) / 2, 6);
    const grams = ["net · a", "net · b"].map((name, k) => randomLayer(name, n, 20, 90 + k));
    const t = targetsOf(grams, ["net"]);
    const options = {...SEARCHLIGHT_DEFAULTS, radius: 25, spacing: 20, minNeurons: 10, permutations: 9};
    const stages = searchlightStages(sheet, t, options, {run: runOnNode});
    let step = await stages.next();
    expect(step.value).toMatchObject({stage: "grid", dims: 3, truth: null});
    while (!step.done) step = await stages.next();
    const result = step.value as SearchlightResult;
    expect(result.recovery).toBeNull();
    expect(result.grid.shape).toHaveLength(3);
    const grid = searchlightGrid(positions.data, 3, options);
    const direct = searchlightMaps(sheet, grid, t, "spearman").maps;
    expect(Array.from(result.maps.best)).toEqual(Array.from(direct.best));
    expect(result.permutation?.permutations).toBe(9);
    expect(() => datasetSheet({responses, stimuli, nNeurons}, 10)).toThrow(
      /no neuron positions \(npz key xyz or pos\)/,
    );
  });
});

describe("significanceCounts", () => {
  it("counts the non-blank centres that pass, and those of the untuned region on the simulated sheet", () => {
    const maps = {best: Int16Array.of(0, -1, 2, 1, 0)} as never;
    const permutation = {pCorrected: Float32Array.of(0.01, NaN, 0.2, 0.03, 0.04)} as never;
    // Regions: 3 is untuned noise.
    const grid = {truth: Int8Array.of(0, 3, 3, 3, 1)} as never;
    expect(significanceCounts({maps, grid, permutation}, 0.05)).toEqual({all: 4, allSig: 3, n: 2, sig: 1});
    expect(significanceCounts({maps, grid: {truth: null} as never, permutation}, 0.05)).toEqual({
      all: 4,
      allSig: 3,
      n: 0,
      sig: 0,
    });
    expect(significanceCounts({maps, grid, permutation: null}, 0.05)).toEqual({all: 0, allSig: 0, n: 0, sig: 0});
  });
});
