/**
 * Labelled grating data sets for the CNN pages, built on gratings.ts and seeded with random.ts, so the build
 * (training) and the pages (evaluation, fine-tuning) draw the same kind of images.
 *
 * - "tilt": is the grating tilted right (clockwise, label 1) or left (label 0) of vertical? The orientation
 *   discrimination task of Neuromatch's deep-learning tutorial 2.
 * - "frequency": are the stripes fine (period 8 px, label 1) or coarse (period 16 px, label 0), at any
 *   orientation? A new task for fine-tuning.
 * - "coarse-orientation": is the grating closer to horizontal (label 1) than to vertical (label 0)?
 *   Another new task, which needs the orientation features the tilt task built, but a different read-out.
 *
 * Every image gets a random phase and Gaussian pixel noise, so a network has to see orientation or
 * frequency rather than one pixel.
 */
import {addNoise, gratingBatch, NEUROMATCH_PERIOD} from "./gratings.js";
import {seededSource} from "./random.js";

/** Names of the tasks. */
export type GratingTaskName = "tilt" | "frequency" | "coarse-orientation";

/** The tasks with a reader-facing description. */
export const GRATING_TASKS: Readonly<Record<GratingTaskName, string>> = Object.freeze({
  tilt: "Tilt: right (1) or left (0) of vertical",
  frequency: "Spatial frequency: fine (1) or coarse (0) stripes",
  "coarse-orientation": "Coarse orientation: nearer horizontal (1) or vertical (0)",
});

/** Options of {@link gratingTask}. */
export interface GratingTaskOptions {
  /** Seed of the angles, phases and noise (default 0). */
  seed?: number;
  /** Largest tilt from vertical in degrees for "tilt" (default 20). */
  maxTilt?: number;
  /** Pixel noise standard deviation (default 0.1). */
  noise?: number;
  /** Image width (default 64). */
  width?: number;
  /** Image height (default 48). */
  height?: number;
  /** Fixed angles instead of random ones (e.g. a sweep of tilts for accuracy vs tilt). */
  angles?: ArrayLike<number>;
}

/** A labelled batch: images `[n, 1, height, width]`, binary targets `[n, 1]`, and each image's angle/period. */
export interface GratingTaskData {
  x: Float32Array;
  target: Float32Array;
  angles: Float32Array;
  periods: Float32Array;
  n: number;
  height: number;
  width: number;
}

/** The label of a grating for `task` (1 or 0). */
export function taskLabel(task: GratingTaskName, angle: number, period: number): number {
  switch (task) {
    case "tilt":
      return angle > 0 ? 1 : 0;
    case "frequency":
      return period < 12 ? 1 : 0;
    case "coarse-orientation": {
      const a = ((angle % 180) + 180) % 180; // orientation in [0, 180)
      return Math.abs(a - 90) < 45 ? 1 : 0;
    }
  }
}

/** `n` labelled gratings for `task`; see {@link GratingTaskOptions}. */
export function gratingTask(task: GratingTaskName, n: number, options: GratingTaskOptions = {}): GratingTaskData {
  const {seed = 0, maxTilt = 20, noise = 0.1, width = 64, height = 48} = options;
  if (!(task in GRATING_TASKS))
    throw new Error(`gratingTask: unknown task "${task}"; choose ${Object.keys(GRATING_TASKS).join(", ")}`);
  const source = seededSource(seed);
  const angles = new Float32Array(n),
    periods = new Float32Array(n),
    phases = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (options.angles) angles[i] = options.angles[i % options.angles.length];
    else if (task === "tilt") {
      // Uniform on ±[0.5°, maxTilt]: exactly vertical has no right answer.
      const a = 0.5 + (maxTilt - 0.5) * source();
      angles[i] = source() < 0.5 ? -a : a;
    } else angles[i] = -90 + 180 * source();
    periods[i] = task === "frequency" ? (source() < 0.5 ? 8 : 16) : NEUROMATCH_PERIOD;
    phases[i] = 2 * Math.PI * source();
  }
  const size = height * width;
  const clean = new Float32Array(n * size);
  // Group images by period so gratingBatch can draw them (it takes one period per call).
  for (const period of new Set(periods)) {
    const idx = Array.from(periods.keys()).filter((i) => periods[i] === period);
    const batch = gratingBatch(
      idx.map((i) => angles[i]),
      {width, height, period, phases: idx.map((i) => phases[i])},
    );
    idx.forEach((i, j) => clean.set(batch.subarray(j * size, (j + 1) * size), i * size));
  }
  const x = noise > 0 ? addNoise(clean, {sd: noise, seed: seed + 1}) : clean;
  const target = Float32Array.from(angles, (a, i) => taskLabel(task, a, periods[i]));
  return {x, target, angles, periods, n, height, width};
}

/** Fraction of logits on the right side of 0 for binary targets (a logit > 0 means label 1). */
export function binaryAccuracy(logits: ArrayLike<number>, target: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < target.length; i++) right += +((logits[i] > 0 ? 1 : 0) === target[i]);
  return right / target.length;
}

/** The images and labels of `rows` (indices into `data`), in that order: one mini-batch. */
export function taskRows(
  data: GratingTaskData,
  rows: ArrayLike<number>,
): {x: Float32Array; target: Float32Array; n: number} {
  const per = data.height * data.width;
  const x = new Float32Array(rows.length * per),
    target = new Float32Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    x.set(data.x.subarray(rows[j] * per, (rows[j] + 1) * per), j * per);
    target[j] = data.target[rows[j]];
  }
  return {x, target, n: rows.length};
}
