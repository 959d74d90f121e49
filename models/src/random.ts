/**
 * Seeded randomness for weight initialisation only. The generator is d3-random's `randomLcg` (same constants and
 * seeding), so `lcg(seed)` yields the numbers `seededSource(seed)` of src/components/core/random.ts yields;
 * models/ cannot import src/, hence this small copy.
 */

/** A seeded source of uniform numbers in [0, 1) (d3-random's linear congruential generator). */
export function lcg(seed: number): () => number {
  const eps = 1 / 0x100000000;
  let state = (0 <= seed && seed < 1 ? seed / eps : Math.abs(seed)) | 0;
  return () => ((state = (0x19660d * state + 0x3c6ef35f) | 0), eps * (state >>> 0));
}

/**
 * PyTorch's default init of `nn.Linear` and `nn.Conv2d` parameters: uniform on (−1/√fanIn, 1/√fanIn)
 * (Kaiming-uniform with a = √5 gives exactly this bound for weights, and biases use it too).
 */
export function uniformInit(n: number, fanIn: number, source: () => number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * source() - 1) * bound;
  return out;
}
