/**
 * Correlation coefficients used to compare RDMs: Pearson, Spearman (Pearson on average ranks, so ties
 * are handled) and Kendall's tau-a (Knight's O(n log n) algorithm, needed for the 64,620 stimulus pairs
 * of a 360-stimulus RDM).
 */

/**
 * 1-based ranks of `values`, tied values sharing the average of the ranks they span
 * (`rank([10, 20, 20, 5])` is `[2, 3.5, 3.5, 1]`). NaN is not allowed.
 */
export function rank(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = sortedOrder(values);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold equal values; their ranks are start+1..end, averaging (start+1+end)/2.
    const r = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = r;
    start = end;
  }
  return ranks;
}

/** Pearson's correlation coefficient of two equally long samples; NaN when either has no variance. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = checkPair(a, b);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Spearman's rank correlation: Pearson's r of the average ranks (the tie-corrected form). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkPair(a, b);
  return pearson(rank(a), rank(b));
}

/**
 * Kendall's tau-a: (concordant − discordant pairs) / (n(n−1)/2). Pairs tied in either sample count as
 * neither, and the denominator is not tie-corrected (unlike tau-b), which is what Nili et al. (2014)
 * recommend for comparing RDMs with models that predict ties. Knight's (1966) algorithm: sort by a then b,
 * count discordant pairs as the swaps of a merge sort on b.
 */
export function kendallTauA(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = checkPair(a, b);
  if (n < 2) return NaN;
  const order = Array.from({length: n}, (_, i) => i).sort((i, j) => a[i] - a[j] || b[i] - b[j]);
  // Pairs tied in a, and tied in both.
  let tiedA = 0;
  let tiedBoth = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && a[order[end]] === a[order[start]]) end++;
    tiedA += pairs(end - start);
    for (let s = start; s < end;) {
      let e = s + 1;
      while (e < end && b[order[e]] === b[order[s]]) e++;
      tiedBoth += pairs(e - s);
      s = e;
    }
    start = end;
  }
  // Merge-sort the b values (in a-order), counting inversions: each is a pair discordant in a and b.
  let bs = Float64Array.from(order, (i) => b[i]);
  let buffer = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (bs[j] < bs[i]) {
          swaps += mid - i;
          buffer[k++] = bs[j++];
        } else buffer[k++] = bs[i++];
      }
      while (i < mid) buffer[k++] = bs[i++];
      while (j < hi) buffer[k++] = bs[j++];
    }
    [bs, buffer] = [buffer, bs];
  }
  let tiedB = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && bs[end] === bs[start]) end++;
    tiedB += pairs(end - start);
    start = end;
  }
  const total = pairs(n);
  return (total - tiedA - tiedB + tiedBoth - 2 * swaps) / total;
}

function pairs(m: number): number {
  return (m * (m - 1)) / 2;
}

function sortedOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`rank: value ${i} is NaN`);
    order[i] = i;
  }
  return order.sort((i, j) => values[i] - values[j]);
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`correlation: samples differ in length (${a.length} vs ${b.length})`);
  return a.length;
}
