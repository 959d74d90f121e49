/**
 * Derivative-free minimisation for small fits (a filter's Gabor, gabor.ts): Nelder & Mead's (1965) simplex method
 * with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½).
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex: the start moved by `step[i]` along each axis (default 10 % of |x|, or 0.1). */
  step?: readonly number[];
  /** Iterations at most (default 200 × dimensions). */
  maxIterations?: number;
  /** Stop when the simplex's values span less than this (absolute, default 1e-12). */
  tolerance?: number;
}

/** Minimises `f` from `x0`; returns the best point, its value and the iterations used. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  {step, maxIterations = 200 * x0.length, tolerance = 1e-12}: NelderMeadOptions = {},
): {x: number[]; value: number; iterations: number} {
  const n = x0.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const simplex: {x: number[]; v: number}[] = [{x: [...x0], v: value([...x0])}];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i] += step?.[i] ?? (x0[i] !== 0 ? 0.1 * Math.abs(x0[i]) : 0.1);
    simplex.push({x, v: value(x)});
  }
  const along = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.v - best.v) <= tolerance) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[k].x[i] / n;
    const reflected = along(centroid, worst.x, -1);
    const rv = value(reflected);
    if (rv < best.v) {
      const expanded = along(centroid, worst.x, -2);
      const ev = value(expanded);
      simplex[n] = ev < rv ? {x: expanded, v: ev} : {x: reflected, v: rv};
    } else if (rv < simplex[n - 1].v) simplex[n] = {x: reflected, v: rv};
    else {
      // Contract towards the better of the worst point and its reflection.
      const outside = rv < worst.v;
      const contracted = along(centroid, outside ? reflected : worst.x, 0.5);
      const cv = value(contracted);
      if (cv < (outside ? rv : worst.v)) simplex[n] = {x: contracted, v: cv};
      else
        for (let k = 1; k <= n; k++) {
          const x = along(best.x, simplex[k].x, 0.5);
          simplex[k] = {x, v: value(x)};
        }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return {x: simplex[0].x, value: simplex[0].v, iterations};
}
