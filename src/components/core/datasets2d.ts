/**
 * Two-dimensional toy datasets for the perceptron and MLP page, in the spirit of the TensorFlow Playground:
 * a linearly separable pair of clouds, XOR quadrants, concentric circles and two interleaved spirals.
 * Every point lies in the square [-1, 1]² and carries a class label 0 or 1. Seeded through `random.ts`,
 * so a preset and a seed always give the same points in Node and in the browser.
 */
import {seededNormal, seededSource} from "./random.js";

/** A labelled point of a 2-D dataset. */
export interface Point2 {
  /** Horizontal coordinate, in [-1, 1]. */
  x: number;
  /** Vertical coordinate, in [-1, 1]. */
  y: number;
  /** Class, 0 or 1. */
  label: 0 | 1;
}

/** The dataset presets offered on the page. */
export type Preset2d = "separable" | "xor" | "circles" | "spirals";

/** Every preset, in the order the page lists them. */
export const PRESETS_2D: readonly Preset2d[] = ["separable", "xor", "circles", "spirals"];

/** Options shared by the generators. */
export interface Dataset2dOptions {
  /** Seed of the random source (default 1). */
  seed?: number;
  /** Standard deviation of the Gaussian jitter added to each point, in data units (default 0.05). */
  noise?: number;
}

const clamp = (v: number) => (v < -1 ? -1 : v > 1 ? 1 : v);

/**
 * `n` points in two Gaussian clouds on either side of a random line through the origin, kept at least
 * `margin` away from it, so a separating line exists by construction.
 */
export function separable(
  n: number,
  {seed = 1, noise = 0.05, margin = 0.1}: Dataset2dOptions & {margin?: number} = {},
): Point2[] {
  const source = seededSource(seed);
  const angle = source() * 2 * Math.PI;
  const [nx, ny] = [Math.cos(angle), Math.sin(angle)];
  const points: Point2[] = [];
  const jitter = seededNormal(source, {sd: 0.25 + noise});
  while (points.length < n) {
    const label: 0 | 1 = points.length % 2 === 0 ? 1 : 0;
    const sign = label ? 1 : -1;
    const x = clamp(sign * 0.45 * nx + jitter());
    const y = clamp(sign * 0.45 * ny + jitter());
    // Reject points on the wrong side or inside the margin: the preset must stay separable.
    if (sign * (x * nx + y * ny) >= margin) points.push({x, y, label});
  }
  return points;
}

/** `n` points uniform in the square, labelled by the XOR of the signs of their coordinates. */
export function xor(n: number, {seed = 1, noise = 0.05}: Dataset2dOptions = {}): Point2[] {
  const source = seededSource(seed);
  const jitter = seededNormal(source, {sd: noise});
  const points: Point2[] = [];
  while (points.length < n) {
    // Keep clear of the axes so the true labels are unambiguous, then jitter.
    let x = (source() * 0.85 + 0.1) * (source() < 0.5 ? -1 : 1);
    let y = (source() * 0.85 + 0.1) * (source() < 0.5 ? -1 : 1);
    const label: 0 | 1 = x * y < 0 ? 1 : 0;
    x = clamp(x + jitter());
    y = clamp(y + jitter());
    points.push({x, y, label});
  }
  return points;
}

/** `n` points: class 1 in a disc of radius 0.35, class 0 in a ring between radii 0.6 and 0.95. */
export function circles(n: number, {seed = 1, noise = 0.05}: Dataset2dOptions = {}): Point2[] {
  const source = seededSource(seed);
  const jitter = seededNormal(source, {sd: noise});
  const points: Point2[] = [];
  for (let i = 0; i < n; i++) {
    const label: 0 | 1 = i % 2 === 0 ? 1 : 0;
    // sqrt makes the disc uniform by area.
    const r = label ? 0.35 * Math.sqrt(source()) : 0.6 + 0.35 * source();
    const a = source() * 2 * Math.PI;
    points.push({x: clamp(r * Math.cos(a) + jitter()), y: clamp(r * Math.sin(a) + jitter()), label});
  }
  return points;
}

/** `n` points on two interleaved Archimedean spirals, one per class, each making 1.75 turns. */
export function spirals(n: number, {seed = 1, noise = 0.05}: Dataset2dOptions = {}): Point2[] {
  const source = seededSource(seed);
  const jitter = seededNormal(source, {sd: noise});
  const points: Point2[] = [];
  for (let i = 0; i < n; i++) {
    const label: 0 | 1 = i % 2 === 0 ? 1 : 0;
    const t = source();
    const r = 0.05 + 0.85 * t;
    const a = t * 1.75 * 2 * Math.PI + (label ? 0 : Math.PI);
    points.push({x: clamp(r * Math.cos(a) + jitter()), y: clamp(r * Math.sin(a) + jitter()), label});
  }
  return points;
}

/** `n` points of the named preset. */
export function dataset2d(preset: Preset2d, n: number, options: Dataset2dOptions = {}): Point2[] {
  switch (preset) {
    case "separable":
      return separable(n, options);
    case "xor":
      return xor(n, options);
    case "circles":
      return circles(n, options);
    case "spirals":
      return spirals(n, options);
    default:
      throw new Error(`dataset2d: unknown preset ${JSON.stringify(preset)}; expected one of ${PRESETS_2D.join(", ")}`);
  }
}
