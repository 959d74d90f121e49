/**
 * Seeded randomness shared by loaders and pages. Built on d3-random's linear congruential generator so a
 * seed gives the same numbers in Node and in the browser.
 */
import {randomLcg, randomNormal, randomInt} from "d3-random";

/** A seeded source of uniform numbers in [0, 1). */
export type Source = () => number;

/** Returns a seeded uniform source; the same seed always yields the same sequence. */
export function seededSource(seed: number): Source {
  return randomLcg(seed);
}

/** Returns a seeded standard normal generator with the given mean and deviation. */
export function seededNormal(source: Source, {mean = 0, sd = 1}: {mean?: number; sd?: number} = {}): () => number {
  return randomNormal.source(source)(mean, sd);
}

/** Fisher–Yates shuffle of `0..n-1` using `source`. */
export function permutation(n: number, source: Source): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const int = randomInt.source(source);
  for (let i = n - 1; i > 0; i--) {
    const j = int(i + 1)();
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** `k` distinct indices drawn from `0..n-1` without replacement, in the order drawn. */
export function sampleWithoutReplacement(n: number, k: number, source: Source): Uint32Array {
  if (k > n) throw new RangeError(`sampleWithoutReplacement: cannot draw ${k} of ${n}`);
  return permutation(n, source).subarray(0, k);
}
