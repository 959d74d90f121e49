/**
 * The searchlight page's analysis, shared by the compute worker and the benchmark: simulate the sheet from the
 * networks' Grams at the chosen bin width, lay the grid, compare every centre's RDM with the chosen networks' layers,
 * then run the permutation test (on ONNX Runtime when given a runner). A reader's dataset with neuron positions
 * runs on its own layout instead ({@link datasetSheet}). {@link searchlightStages} yields as it goes so the worker can stream maps and stop.
 */
import {binByOrientation} from "./binning.js";
import type {InferenceRunner} from "./inference.js";
import {binLayerGram, layerRdm, type LayerGram} from "./layerGrams.js";
import {
  emptyMaps,
  permutationSteps,
  permutationStepsWith,
  searchlightGrid,
  searchlightSteps,
  searchlightStepsWith,
  type LayerTarget,
  type PermutationResult,
  type SearchlightMaps,
  type SearchlightMethod,
  type Sheet,
} from "./searchlight.js";
import {PLANTED_REGIONS, recoveryShare, regionAt, simulatedSheet, type SimulatedSheet} from "./simulatedSheet.js";

/** The page's inputs. */
export interface SearchlightOptions {
  /** Orientation bin width of the stimuli (degrees). */
  binWidth: number;
  radius: number;
  spacing: number;
  minNeurons: number;
  method: SearchlightMethod;
  /** Networks whose layers the centres are compared with. */
  networks: string[];
  /** Stimulus-label permutations (0: no test). */
  permutations: number;
  seed: number;
}

/** Defaults: about 1,600 centres of about 90 neurons each, on 72 stimuli, against the trained CNN's layers. */
export const SEARCHLIGHT_DEFAULTS: Readonly<SearchlightOptions> = Object.freeze({
  binWidth: 5,
  radius: 50,
  spacing: 25,
  minNeurons: 30,
  method: "spearman",
  networks: ["trained CNN"],
  permutations: 100,
  seed: 1,
});

/** Significance level of the corrected test, as drawn. */
export const SEARCHLIGHT_ALPHA = 0.05;

/** The grid as the page draws it. */
export interface GridView {
  /** Centres along each axis (x, y[, z]); centre index = x + nx·(y + ny·z). */
  shape: number[];
  /** Position of the first centre on each axis (µm). */
  origin: number[];
  spacing: number;
  dims: 2 | 3;
  /** centres × dims (µm). */
  centres: Float32Array;
  counts: Int32Array;
  blank: number;
  /** Planted region at each centre (index into PLANTED_REGIONS) on the simulated sheet; null on a dataset's own layout. */
  truth: Int8Array | null;
  nNeurons: number;
  nStimuli: number;
}

/** What {@link searchlightStages} yields. */
export type SearchlightProgress =
  | ({stage: "grid"} & GridView)
  | {stage: "maps"; done: number; total: number; maps: SearchlightMaps}
  | {stage: "permutations"; done: number; total: number};

/** Everything the page draws once the analysis is done. */
export interface SearchlightResult {
  grid: GridView;
  maps: SearchlightMaps;
  /** On the simulated sheet: share of tuned centres whose best layer is a planted one, and how many were counted. */
  recovery: {share: number; counted: number} | null;
  permutation: PermutationResult | null;
}

/** The networks' Grams binned for the sheet, kept per bin width by the caller. */
export function sheetOf(net: {stimuli: Float32Array; layers: LayerGram[]}, binWidth: number): SimulatedSheet {
  return simulatedSheet(net.layers.map((l) => binLayerGram(l, net.stimuli, binWidth)));
}

/** The chosen networks' layers, as Grams on the sheet's (binned) stimuli, as searchlight targets. */
export function targetsOf(grams: LayerGram[], networks: readonly string[]): LayerTarget[] {
  return grams
    .filter((l) => networks.includes(l.network))
    .map((l) => ({name: `${l.network} · ${l.layer}`, rdm: layerRdm(l, {metric: "correlation"})}));
}

/** The chosen networks' layers as searchlight targets on the simulated sheet's binned stimuli. */
export function sheetTargets(
  net: {stimuli: Float32Array; layers: LayerGram[]},
  {binWidth, networks}: Pick<SearchlightOptions, "binWidth" | "networks">,
): LayerTarget[] {
  return targetsOf(
    net.layers.map((l) => binLayerGram(l, net.stimuli, binWidth)),
    networks,
  );
}

/**
 * A reader's dataset with neuron positions as a searchlight sheet: its responses binned by orientation as the other
 * pages bin them. The layers to compare with are the networks' Grams at the dataset's stimuli (layerGrams.ts
 * `layerGramsBinnedAt`, the same bins).
 */
export function datasetSheet(
  dataset: {
    responses: Float32Array;
    stimuli: Float32Array;
    nNeurons: number;
    positions?: {data: Float32Array; dims: 2 | 3};
  },
  binWidth: number,
): Sheet {
  if (!dataset.positions) throw new RangeError("this dataset has no neuron positions (npz key xyz or pos)");
  const binned = binByOrientation(dataset.responses, dataset.stimuli, dataset.nNeurons, binWidth);
  return {
    positions: dataset.positions.data,
    dims: dataset.positions.dims,
    responses: binned.responses,
    nStimuli: binned.nStimuli,
    nNeurons: dataset.nNeurons,
  };
}

/** Where the heavy products run: ONNX Runtime through `run` (the local Grams; the permutations for Spearman's ρ), else TypeScript. */
export interface StageOptions {
  run?: InferenceRunner;
}

/**
 * Grid, maps (yielded every centre, with the maps filling in), permutation test. `sheet` is the simulated sheet for
 * the options' bin width ({@link sheetOf}, whose planted map is drawn and scored) or a dataset's own layout
 * ({@link datasetSheet}); `targets` the chosen layers on the same stimuli ({@link sheetTargets}, {@link targetsOf}).
 */
export async function* searchlightStages(
  sheet: Sheet | SimulatedSheet,
  targets: LayerTarget[],
  options: SearchlightOptions,
  {run}: StageOptions = {},
): AsyncGenerator<SearchlightProgress, SearchlightResult> {
  if (!targets.length) throw new RangeError("Choose at least one network to compare with");
  const planted = "region" in sheet ? sheet.options.size : null;
  const g = searchlightGrid(sheet.positions, sheet.dims, options);
  const truth =
    planted === null
      ? null
      : Int8Array.from({length: g.members.length}, (_, c) => regionAt(g.centres[2 * c], g.centres[2 * c + 1], planted));
  const grid: GridView = {
    shape: g.shape,
    origin: g.origin,
    spacing: g.spacing,
    dims: sheet.dims,
    centres: g.centres,
    counts: g.counts,
    blank: g.blank,
    truth,
    nNeurons: sheet.nNeurons,
    nStimuli: sheet.nStimuli,
  };
  yield {stage: "grid", ...grid};
  const maps = emptyMaps(sheet.nStimuli, g, targets);
  const steps = run
    ? searchlightStepsWith(run, sheet, g, targets, options.method, maps)
    : searchlightSteps(sheet, g, targets, options.method, maps);
  let step = await steps.next();
  while (!step.done) {
    yield {stage: "maps", done: step.value, total: g.members.length, maps};
    step = await steps.next();
  }
  const {kept} = step.value;
  const recovery = planted === null ? null : recoveryShare(g.centres, maps.best, maps.layers, planted);
  let permutation: PermutationResult | null = null;
  if (options.permutations > 0) {
    const perms =
      run && options.method === "spearman"
        ? permutationStepsWith(run, maps, kept, targets, options)
        : permutationSteps(maps, kept, targets, options);
    let p = await perms.next();
    while (!p.done) {
      yield {stage: "permutations", done: p.value, total: options.permutations};
      p = await perms.next();
    }
    permutation = p.value;
  }
  return {grid, maps, recovery, permutation};
}

/**
 * How many non-blank centres pass the family-wise test at `alpha` (of `all`), and, on the simulated sheet, how many of
 * the untuned region's `n` centres do (`sig`; 0 of 0 on a dataset's own layout).
 */
export function significanceCounts(
  {maps, grid, permutation}: Pick<SearchlightResult, "maps" | "grid" | "permutation">,
  alpha: number,
): {all: number; allSig: number; n: number; sig: number} {
  const counts = {all: 0, allSig: 0, n: 0, sig: 0};
  if (!permutation) return counts;
  maps.best.forEach((b, c) => {
    if (b < 0) return;
    const passes = permutation.pCorrected[c] <= alpha;
    counts.all++;
    if (passes) counts.allSig++;
    if (!grid.truth || PLANTED_REGIONS[grid.truth[c]].layers.length) return;
    counts.n++;
    if (passes) counts.sig++;
  });
  return counts;
}
