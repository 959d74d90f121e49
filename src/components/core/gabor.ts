/**
 * The best-fitting Gabor of a convolutional filter, so a network's first-layer filters can be read in the terms V1
 * simple cells are described in (Jones & Palmer, 1987): preferred orientation, spatial frequency, the envelope's
 * width across and along the stripes, and phase.
 *
 * The model, on pixel coordinates (x = column, y = row, downwards), with u across the stripes and v along them:
 *
 *   g(x, y) = A · exp(−u² / 2σu² − v² / 2σv²) · cos(2π f u + φ),
 *   u = (x − x0) cos θ + (y − y0) sin θ,   v = −(x − x0) sin θ + (y − y0) cos θ.
 *
 * θ follows gratings.ts (`carrier`): a filter with θ = 30° responds best to the site's grating at 30°. Amplitude and
 * phase enter linearly (a·cos + b·sin), so they are solved by least squares inside the search over the other six
 * parameters (variable projection); the search is Nelder–Mead from starts read off the filter's Fourier spectrum and
 * its energy's centre and spread.
 */
import {nelderMead} from "./optimize.js";

/** A Gabor's parameters; angles in degrees, frequency in cycles per pixel, lengths in pixels. */
export interface GaborParams {
  x0: number;
  y0: number;
  /** Preferred grating orientation, 0 ≤ θ < 180 (the site's convention: degrees from vertical). */
  orientation: number;
  /** Spatial frequency in cycles per pixel (0 … 0.5). */
  frequency: number;
  /** Envelope standard deviation across the stripes (along the carrier) and along them. */
  sigmaAcross: number;
  sigmaAlong: number;
  /** Phase of the carrier at the centre, −180 < φ ≤ 180 (0: an even, "bar" profile; ±90: odd, an "edge"). */
  phase: number;
  amplitude: number;
}

/** A fit: its parameters, the share of the filter's variance it explains, and the fitted image. */
export interface GaborFit extends GaborParams {
  /** 1 − residual sum of squares / total sum of squares about the mean. */
  r2: number;
  /** The fitted Gabor, row-major, the filter's size. */
  fitted: Float64Array;
}

/** The Gabor of `p` drawn on a `height × width` grid. */
export function gaborImage(p: GaborParams, height: number, width: number): Float64Array {
  const out = new Float64Array(height * width);
  const t = (p.orientation * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const phi = (p.phase * Math.PI) / 180;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const dx = x - p.x0;
      const dy = y - p.y0;
      const u = dx * c + dy * s;
      const v = -dx * s + dy * c;
      const e = Math.exp(-(u * u) / (2 * p.sigmaAcross ** 2) - (v * v) / (2 * p.sigmaAlong ** 2));
      out[y * width + x] = p.amplitude * e * Math.cos(2 * Math.PI * p.frequency * u + phi);
    }
  return out;
}

/** Nonlinear parameters searched: x0, y0, θ (rad), f, log σu, log σv. */
type Shape = [number, number, number, number, number, number];

/** The least-squares amplitude terms (a cos + b sin) for a shape, and the residual sum of squares. */
function project(w: ArrayLike<number>, h: number, wd: number, q: Shape): {a: number; b: number; sse: number} {
  const [x0, y0, t, f, lsu, lsv] = q;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const su2 = 2 * Math.exp(2 * lsu);
  const sv2 = 2 * Math.exp(2 * lsv);
  let cc = 0,
    ss = 0,
    cs = 0,
    wc = 0,
    ws = 0,
    ww = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < wd; x++) {
      const dx = x - x0;
      const dy = y - y0;
      const u = dx * c + dy * s;
      const v = -dx * s + dy * c;
      const e = Math.exp(-(u * u) / su2 - (v * v) / sv2);
      const k = 2 * Math.PI * f * u;
      const gc = e * Math.cos(k);
      const gs = e * Math.sin(k);
      const value = w[y * wd + x];
      cc += gc * gc;
      ss += gs * gs;
      cs += gc * gs;
      wc += value * gc;
      ws += value * gs;
      ww += value * value;
    }
  const det = cc * ss - cs * cs;
  if (!(det > 1e-12 * (cc + ss) ** 2)) {
    // The sine term vanishes (f ≈ 0): fit the cosine alone.
    const a = cc > 0 ? wc / cc : 0;
    return {a, b: 0, sse: ww - a * wc};
  }
  const a = (wc * ss - ws * cs) / det;
  const b = (ws * cc - wc * cs) / det;
  return {a, b, sse: ww - a * wc - b * ws};
}

/** Starting shapes: the spectrum's peak and a few neighbours, centred on the filter's energy. */
function starts(w: ArrayLike<number>, h: number, wd: number): Shape[] {
  let total = 0,
    mx = 0,
    my = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < wd; x++) {
      const e = w[y * wd + x] ** 2;
      total += e;
      mx += e * x;
      my += e * y;
    }
  const cx = total > 0 ? mx / total : (wd - 1) / 2;
  const cy = total > 0 ? my / total : (h - 1) / 2;
  let vx = 0,
    vy = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < wd; x++) {
      const e = w[y * wd + x] ** 2;
      vx += e * (x - cx) ** 2;
      vy += e * (y - cy) ** 2;
    }
  // The squared envelope has σ/√2, so σ² ≈ 2 × the energy's variance.
  const sigma = Math.max(0.5, Math.sqrt(total > 0 ? (vx + vy) / total : (h * wd) / 12));
  // Fourier magnitude on a grid finer than the filter's own (half plane: f and −f give the same orientation).
  const n = 4 * Math.max(h, wd);
  let best = {f: 0, t: 0, power: -1};
  for (let i = 0; i <= n / 2; i++)
    for (let j = -n / 2; j <= n / 2; j++) {
      if (i === 0 && j < 0) continue;
      const fy = i / n;
      const fx = j / n;
      let re = 0,
        im = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < wd; x++) {
          const k = 2 * Math.PI * (fx * (x - cx) + fy * (y - cy));
          re += w[y * wd + x] * Math.cos(k);
          im -= w[y * wd + x] * Math.sin(k);
        }
      const power = re * re + im * im;
      if (power > best.power) best = {f: Math.hypot(fx, fy), t: Math.atan2(fy, fx), power};
    }
  const ls = Math.log(Math.min(sigma, Math.max(h, wd)));
  const f0 = Math.max(best.f, 0.02);
  const out: Shape[] = [];
  for (const scale of [1, 0.75, 1.35])
    for (const dt of [0, Math.PI / 8, -Math.PI / 8]) out.push([cx, cy, best.t + dt, f0 * scale, ls, ls]);
  out.push([cx, cy, best.t, 0.02, ls, ls]);
  return out;
}

/**
 * The best-fitting Gabor of a `height × width` filter (row-major). Several Nelder–Mead searches, each from a start
 * read off the filter, the best kept; the parameters are then put in canonical form (0 ≤ θ < 180, f ≥ 0,
 * A ≥ 0, −180 < φ ≤ 180).
 */
export function fitGabor(filter: ArrayLike<number>, height: number, width: number): GaborFit {
  if (filter.length !== height * width)
    throw new RangeError(`fitGabor: ${filter.length} values for a ${height} × ${width} filter`);
  const size = Math.max(height, width);
  const penalty = (q: number[]): number => {
    // Keep the search where the parameters mean something: the centre near the filter, 0 ≤ f ≤ 0.5, σ in range.
    const [x0, y0, , f, lsu, lsv] = q;
    const out = (v: number, lo: number, hi: number) => (v < lo ? lo - v : v > hi ? v - hi : 0);
    return (
      out(x0, -0.5, width - 0.5) +
      out(y0, -0.5, height - 0.5) +
      out(f, 0, 0.5) * 10 +
      out(lsu, Math.log(0.3), Math.log(2 * size)) +
      out(lsv, Math.log(0.3), Math.log(2 * size))
    );
  };
  let ww = 0;
  for (let i = 0; i < filter.length; i++) ww += filter[i] ** 2;
  const cost = (q: number[]) => project(filter, height, width, q as Shape).sse + ww * penalty(q);
  let best: {x: number[]; value: number} | null = null;
  for (const start of starts(filter, height, width)) {
    const r = nelderMead(cost, start, {step: [0.5, 0.5, 0.2, 0.02, 0.2, 0.2], maxIterations: 1500});
    if (!best || r.value < best.value) best = r;
  }
  // A second search from the best point, to leave any narrow valley the first simplex collapsed in.
  const polished = nelderMead(cost, best!.x, {step: [0.2, 0.2, 0.05, 0.005, 0.05, 0.05], maxIterations: 1500});
  const q = (polished.value <= best!.value ? polished.x : best!.x) as Shape;
  const {a, b} = project(filter, height, width, q);
  let [x0, y0, t, f] = q;
  // a cos k + b sin k = A cos(k + φ) with A = √(a² + b²), φ = atan2(−b, a).
  let phase = Math.atan2(-b, a);
  if (f < 0) ((f = -f), (phase = -phase));
  t = ((t % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  if (t >= Math.PI) ((t -= Math.PI), (phase = -phase)); // u → −u flips the phase's sign
  phase = Math.atan2(Math.sin(phase), Math.cos(phase));
  if (phase <= -Math.PI + 1e-12) phase = Math.PI;
  const params: GaborParams = {
    x0,
    y0,
    orientation: (t * 180) / Math.PI,
    frequency: f,
    sigmaAcross: Math.exp(q[4]),
    sigmaAlong: Math.exp(q[5]),
    phase: (phase * 180) / Math.PI,
    amplitude: Math.hypot(a, b),
  };
  const fitted = gaborImage(params, height, width);
  let mean = 0;
  for (let i = 0; i < filter.length; i++) mean += filter[i];
  mean /= filter.length;
  let sse = 0,
    sst = 0;
  for (let i = 0; i < filter.length; i++) {
    sse += (filter[i] - fitted[i]) ** 2;
    sst += (filter[i] - mean) ** 2;
  }
  return {...params, r2: sst > 0 ? 1 - sse / sst : 0, fitted};
}

/**
 * A multi-channel filter `[channels, height × width]` as one colour times one spatial pattern (its best rank-1
 * approximation): the colour a unit vector with a non-negative sum (so a light-on-dark pattern reads as such), the
 * pattern the filter's projection on it, and the share of the filter's energy the pair holds. One channel: the
 * colour is [1] and the pattern the filter itself.
 */
export function colourAndPattern(
  weights: ArrayLike<number>,
  channels: number,
): {colour: number[]; pattern: Float64Array; share: number} {
  const n = weights.length / channels;
  if (!Number.isInteger(n)) throw new RangeError(`colourAndPattern: ${weights.length} values for ${channels} channels`);
  // The channels' Gram matrix, and its leading eigenvector by power iteration.
  const m = Array.from({length: channels}, () => new Float64Array(channels));
  for (let i = 0; i < channels; i++)
    for (let j = 0; j < channels; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += weights[i * n + p] * weights[j * n + p];
      m[i][j] = s;
    }
  let total = 0;
  for (let i = 0; i < channels; i++) total += m[i][i];
  let v = Array.from({length: channels}, (_, i) => 1 + 0.01 * i);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const next = m.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const norm = Math.hypot(...next);
    if (!(norm > 0)) break;
    const moved = next.reduce((s, x, i) => s + Math.abs(x / norm - v[i]), 0);
    v = next.map((x) => x / norm);
    lambda = norm;
    if (moved < 1e-13) break;
  }
  if (v.reduce((s, x) => s + x, 0) < 0) v = v.map((x) => -x);
  const pattern = new Float64Array(n);
  for (let c = 0; c < channels; c++) for (let p = 0; p < n; p++) pattern[p] += v[c] * weights[c * n + p];
  return {colour: v, pattern, share: total > 0 ? lambda / total : 0};
}
