/**
 * Build-time fingerprints at the page's defaults (`fingerprints.json`): the relative ridge penalty chosen by
 * cross-validation (one for all layers: the candidate with the best mean held-out score over a seeded sample
 * of neurons), then every neuron's held-out score for every layer at that penalty, summarised per layer.
 * The same src/components/fingerprintAnalysis.ts and the same scoring graph (analysisGraphs.ts) run in the page.
 *
 * Choosing the penalty on the same folds that score the targets makes the scores slightly optimistic; with
 * one penalty for thousands of targets the bias is small, and the page shows every penalty's mean score.
 */
import {
  FINGERPRINT_DEFAULTS,
  binnedGrams,
  layerSmoother,
  summarizeScores,
  targets,
  type FingerprintOptions,
  type LayerSummary,
  type Targets,
} from "../../src/components/core/fingerprintAnalysis.ts";
import {layerGram} from "../../src/components/core/layerGrams.ts";
import {sampleWithoutReplacement, seededSource} from "../../src/components/core/random.ts";
import {nanMean} from "../../src/components/core/ridge.ts";
import {tuningStats} from "../../src/components/core/tuning.ts";
import type {V1Dataset} from "../../src/components/core/v1.ts";
import {networkLayers, type NetworkLayerOptions} from "./layers.ts";
import {ridgeScoresOnNode} from "./ridgeNode.ts";

/** Candidate relative penalties. */
export const ALPHAS = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];

/** What `fingerprints.json` holds. */
export interface FingerprintSummary {
  options: FingerprintOptions;
  source: V1Dataset["source"];
  layers: {network: string; layer: string; nUnits: number}[];
  /** Mean held-out score over all layers for each candidate penalty (on the alpha-selection sample). */
  alphaScores: {alpha: number; score: number}[];
  summary: LayerSummary[];
  /** Scores of the first `head` targets for each layer, to check the page's recomputation against. */
  head: number[][];
  nTargets: number;
}

/** Fingerprints of all V1 neurons (1° data) for every network layer. */
export async function fingerprintSummary(
  v1: V1Dataset,
  options: Partial<FingerprintOptions> = {},
  {
    selectionSample = 2000,
    head = 200,
    ...layerOptions
  }: NetworkLayerOptions & {selectionSample?: number; head?: number} = {},
): Promise<FingerprintSummary> {
  const base = {...FINGERPRINT_DEFAULTS, ...options};
  const layers = await networkLayers(v1, layerOptions);
  const grams = binnedGrams(
    layers.map((l) => layerGram(l, v1.nStimuli)),
    v1.stimuli,
    base.binWidth,
  );
  const preferred = base.grouping === "preferred" ? tuningStats(v1.responses, v1.stimuli, v1.nNeurons).preferred : null;
  const tg = targets(v1, preferred, base);
  // Penalty selection on a seeded sample of targets keeps the build fast.
  const sample = Uint32Array.from(
    sampleWithoutReplacement(tg.t, Math.min(selectionSample, tg.t), seededSource(base.seed + 1)),
  );
  const ySample = new Float32Array(tg.n * sample.length);
  for (let i = 0; i < tg.n; i++) sample.forEach((j, k) => (ySample[i * sample.length + k] = tg.y[i * tg.t + j]));
  const small = {...tg, y: ySample, t: sample.length};
  // Scores run through the page's ONNX graph on onnxruntime-node (the TypeScript path is the tested reference).
  const scoresAt = (o: FingerprintOptions, t: Targets) =>
    ridgeScoresOnNode(
      grams.map((g) => layerSmoother(g, o)),
      t.y,
      t.n,
      t.t,
      {score: o.score},
    );
  const alphaScores: {alpha: number; score: number}[] = [];
  for (const alpha of ALPHAS)
    alphaScores.push({alpha, score: nanMean((await scoresAt({...base, alpha}, small)).map((s) => nanMean(s)))});
  const best = alphaScores.reduce((a, b) => (b.score > a.score ? b : a));
  const opts = options.alpha ? base : {...base, alpha: best.alpha};
  const scores = await scoresAt(opts, tg);
  return {
    options: opts,
    source: v1.source,
    layers: layers.map(({network, layer, nUnits}) => ({network, layer, nUnits})),
    alphaScores,
    summary: summarizeScores(layers, scores),
    head: scores.map((s) => Array.from(s.subarray(0, head))),
    nTargets: tg.t,
  };
}
