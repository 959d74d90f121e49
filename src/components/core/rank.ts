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
  // The values sorted natively (no comparator: several times faster than sorting indices), then each value's rank
  // from the number of values below it (lo) and not above it (hi): the ranks lo+1…hi it ties over average (lo+1+hi)/2.
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) throw new RangeError(`rank: value ${i} is NaN`);
    sorted[i] = v;
  }
  sorted.sort();
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let up = lo + 1;
    // Ties are rare in RDMs: step over them one by one, or search when there are many.
    while (up < n && sorted[up] === v && up - lo < 8) up++;
    if (up < n && sorted[up] === v) {
      let h = n;
      while (up < h) {
        const mid = (up + h) >>> 1;
        if (sorted[mid] <= v) up = mid + 1;
        else h = mid;
      }
    }
    ranks[i] = (lo + 1 + up) / 2;
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

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`correlation: samples differ in length (${a.length} vs ${b.length})`);
  return a.length;
}
