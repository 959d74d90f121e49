/**
 * Mini-batches that visit a data set epoch by epoch, each epoch in a fresh order: the one batcher of the live
 * trainers (decoding, fine-tuning) and of the build's CNN training.
 */
import {permutation, type Source} from "./random.js";

/**
 * The rows of each training step: step `s` takes rows `[k·b, (k + 1)·b)` of epoch `⌊s / perEpoch⌋`'s order, with
 * `k = s mod perEpoch` and `perEpoch = ⌊n / b⌋` (the last `n mod b` rows of an epoch's order are left out). The
 * epochs' orders are permutations drawn from `source` in epoch order, once each, so a step gets the same rows
 * however the steps are visited (a reset that replays from step 0 replays the same batches).
 */
export function epochBatches(n: number, batchSize: number, source: Source): (step: number) => Uint32Array {
  const perEpoch = Math.floor(n / batchSize);
  if (!(perEpoch >= 1))
    throw new Error(`epochBatches: a batch of ${batchSize} needs at least that many rows (have ${n})`);
  const orders: Uint32Array[] = [];
  return (step) => {
    const epoch = Math.floor(step / perEpoch);
    const k = step % perEpoch;
    while (orders.length <= epoch) orders.push(permutation(n, source));
    return orders[epoch].subarray(k * batchSize, (k + 1) * batchSize);
  };
}
