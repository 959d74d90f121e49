/**
 * A noise ceiling for RSA from split halves of the neurons: how well could any model RDM correlate with
 * the V1 RDM, given that the V1 RDM is itself estimated from a finite, noisy set of neurons?
 *
 * Method (classical test theory, as in Lage-Castellanos et al. 2019, PLoS Comput Biol): split the neurons
 * at random into two halves, compute each half's RDM and correlate the two (r_half). The Spearman–Brown
 * formula ρ = 2r/(1+r) turns that into the reliability of an RDM from all the neurons. A model that
 * matched the true (noise-free) RDM perfectly would correlate √ρ with the measured one, so √ρ is the
 * ceiling. Reliabilities are averaged over several random splits. For rank correlations the formula is an
 * approximation (it is exact for Pearson's r under the classical model).
 */
import {correlate, type CompareOptions} from "./compare.js";
import {permutation, seededSource} from "./random.js";
import {rdm, selectColumns, upperTriangle, type RdmOptions} from "./rdm.js";
import type {MatrixData} from "./linalg.js";

/** Options for {@link splitHalfCeiling}. */
export interface NoiseCeilingOptions extends CompareOptions, RdmOptions {
  /** Number of random splits averaged (default 10). */
  splits?: number;
  /** Seed of the splits (default 1). */
  seed?: number;
}

/** The noise ceiling and how it was reached. */
export interface NoiseCeiling {
  /** Mean correlation between the two halves' RDMs. */
  splitHalf: number;
  /** Mean Spearman–Brown corrected reliability of the full-population RDM. */
  reliability: number;
  /** √reliability: the highest correlation a model can be expected to reach with the measured RDM. */
  ceiling: number;
  /** Each split's half-to-half correlation. */
  perSplit: Float64Array;
}

/** Spearman–Brown prophecy for doubling the number of items: 2r / (1 + r). */
export function spearmanBrown(r: number): number {
  return (2 * r) / (1 + r);
}

/** `splits` seeded random splits of `nNeurons` neurons into two disjoint halves of ⌊nNeurons/2⌋ each. */
export function neuronHalves(
  nNeurons: number,
  {splits = 10, seed = 1}: {splits?: number; seed?: number} = {},
): [Uint32Array, Uint32Array][] {
  if (nNeurons < 2) throw new RangeError("splitHalfCeiling: needs at least two neurons");
  const random = seededSource(seed);
  const half = nNeurons >> 1;
  return Array.from({length: splits}, () => {
    const order = permutation(nNeurons, random);
    // Sorted so the selected columns are read in memory order.
    return [order.slice(0, half).sort(), order.slice(half, 2 * half).sort()];
  });
}

/** The ceiling from each split's half-to-half RDM correlation: mean Spearman–Brown reliability and its root. */
export function ceilingFromSplits(perSplit: Float64Array): NoiseCeiling {
  const m = perSplit.length;
  const reliability = perSplit.reduce((a, r) => a + spearmanBrown(r), 0) / m;
  return {
    splitHalf: perSplit.reduce((x, y) => x + y, 0) / m,
    reliability,
    ceiling: Math.sqrt(Math.max(0, reliability)),
    perSplit,
  };
}

/** Split-half noise ceiling of the RDM of a stimuli × neurons response matrix. */
export function splitHalfCeiling(
  responses: MatrixData,
  nStimuli: number,
  nNeurons: number,
  {splits = 10, seed = 1, metric = "correlation", method = "spearman"}: NoiseCeilingOptions = {},
): NoiseCeiling {
  const halves = neuronHalves(nNeurons, {splits, seed});
  const perSplit = Float64Array.from(halves, (pair) => {
    const [a, b] = pair.map((cols) =>
      upperTriangle(rdm(selectColumns(responses, nStimuli, nNeurons, cols), nStimuli, cols.length, {metric}), nStimuli),
    );
    return correlate(a, b, {method});
  });
  return ceilingFromSplits(perSplit);
}
