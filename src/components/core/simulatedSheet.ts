/**
 * A simulated cortical sheet with a known answer for the searchlight page. Mouse V1 has no orientation map (its
 * tuning is "salt and pepper", Ohki et al. 2005) and the built-in recording has no neuron positions, so a searchlight
 * on it could not be checked against anything. Here neurons at random positions on a square sheet belong to planted
 * regions: each responds as a random mixture of the units of one layer (or two) of the site's trained CNN, plus
 * independent noise, and one region is untuned noise. Borders are soft: near one, a neuron may belong to either side.
 *
 * Only the layers' Gram matrices ship with the site, not their activations. A mixture r = X_c w of the layer's units
 * (X_c: activations centred across units, w ~ N(0, I)) is Gaussian with covariance X_c X_cᵀ, the layer's centred
 * Gram K, so we draw it as r = C z with C Cᵀ = K (Cholesky) and z ~ N(0, I): the same distribution, from the Gram.
 */
import {cholesky} from "./linalg.js";
import type {LayerGram} from "./layerGrams.js";
import {seededNormal, seededSource} from "./random.js";
import type {Sheet} from "./searchlight.js";

/** A planted region: which layers of which network its neurons mix. */
export interface PlantedRegion {
  name: string;
  /** "network · layer" names; empty for untuned noise. */
  layers: string[];
}

/** The planted regions, in the order of their ids: quadrants top-left, top-right, bottom-right, bottom-left. */
export const PLANTED_REGIONS: readonly PlantedRegion[] = Object.freeze([
  {name: "early (pool1)", layers: ["trained CNN · pool1"]},
  {name: "middle (pool2 + pool3)", layers: ["trained CNN · pool2", "trained CNN · pool3"]},
  {name: "late (pool4)", layers: ["trained CNN · pool4"]},
  {name: "untuned noise", layers: []},
]);

/** Options of {@link simulatedSheet}. */
export interface SheetOptions {
  seed: number;
  nNeurons: number;
  /** Side of the square sheet (µm). */
  size: number;
  /** Width of the soft borders (µm): the logistic scale of the chance of belonging to either side. */
  border: number;
  /** Noise SD, relative to the mean signal SD of a tuned neuron (1 = as much noise as signal). */
  noise: number;
}

/** The defaults the page and the benchmark use: about 100 neurons in a 50 µm searchlight. */
export const SHEET_DEFAULTS: Readonly<SheetOptions> = Object.freeze({
  seed: 7,
  nNeurons: 12000,
  size: 1000,
  border: 20,
  noise: 1,
});

/** Which planted region a point of the sheet lies in (the hard map the soft borders blur). */
export function regionAt(x: number, y: number, size: number): number {
  const right = x >= size / 2;
  const bottom = y >= size / 2;
  return bottom ? (right ? 2 : 3) : right ? 1 : 0;
}

/** A simulated sheet and the planted answer. */
export interface SimulatedSheet extends Sheet {
  /** Planted region of each neuron (index into {@link PLANTED_REGIONS}). */
  region: Int8Array;
  options: SheetOptions;
}

/**
 * Simulates the sheet on the stimuli of `layers` (Grams already binned as the page bins): neurons uniformly placed,
 * each given a region by its position (soft borders), responses drawn as described above. Every layer a region
 * names must be among `layers`.
 */
export function simulatedSheet(layers: LayerGram[], options: Partial<SheetOptions> = {}): SimulatedSheet {
  const o = {...SHEET_DEFAULTS, ...options};
  const n = layers[0]?.n;
  if (!n) throw new RangeError("simulatedSheet: no layers to plant");
  const factors = new Map<string, Float64Array>();
  const factor = (name: string) => {
    let f = factors.get(name);
    if (!f) {
      const l = layers.find((g) => `${g.network} · ${g.layer}` === name);
      if (!l) throw new RangeError(`simulatedSheet: the layer ${name} is not among the networks' layers`);
      // Scaled to a mean variance of 1 per stimulus, with a little jitter so that rank-deficient Grams factor.
      let trace = 0;
      for (let i = 0; i < n; i++) trace += l.centered[i * n + i];
      const k = Float64Array.from(l.centered, (v) => v / (trace / n));
      for (let i = 0; i < n; i++) k[i * n + i] += 1e-6;
      factors.set(name, (f = cholesky(k, n)));
    }
    return f;
  };
  const source = seededSource(o.seed);
  const normal = seededNormal(source);
  const logistic = (t: number) => 1 / (1 + Math.exp(-t / o.border));
  const positions = new Float32Array(o.nNeurons * 2);
  const region = new Int8Array(o.nNeurons);
  const responses = new Float32Array(n * o.nNeurons);
  const z = new Float64Array(n);
  for (let j = 0; j < o.nNeurons; j++) {
    const x = source() * o.size;
    const y = source() * o.size;
    positions[2 * j] = x;
    positions[2 * j + 1] = y;
    // Each side of each border with the logistic chance: a neuron near a border may belong across it.
    const right = source() < logistic(x - o.size / 2);
    const bottom = source() < logistic(y - o.size / 2);
    const r = regionAt(right ? o.size : 0, bottom ? o.size : 0, o.size);
    region[j] = r;
    const planted = PLANTED_REGIONS[r].layers;
    for (let i = 0; i < n; i++) responses[i * o.nNeurons + j] = o.noise * normal();
    for (const name of planted) {
      const c = factor(name);
      const w = 1 / Math.sqrt(planted.length);
      for (let i = 0; i < n; i++) z[i] = normal();
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k <= i; k++) s += c[i * n + k] * z[k];
        responses[i * o.nNeurons + j] += w * s;
      }
    }
  }
  return {positions, dims: 2, responses, nStimuli: n, nNeurons: o.nNeurons, region, options: o};
}

/**
 * The share of centres whose best layer is one its planted region names, over the centres that lie in a tuned region
 * and are not blank; and how many centres that is.
 */
export function recoveryShare(
  centres: Float32Array,
  best: Int16Array,
  layerNames: readonly string[],
  size: number,
): {share: number; counted: number} {
  let hit = 0;
  let counted = 0;
  for (let c = 0; c < best.length; c++) {
    const planted = PLANTED_REGIONS[regionAt(centres[2 * c], centres[2 * c + 1], size)].layers;
    if (!planted.length || best[c] < 0) continue;
    counted++;
    if (planted.includes(layerNames[best[c]])) hit++;
  }
  return {share: counted ? hit / counted : NaN, counted};
}
