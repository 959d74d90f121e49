/**
 * The perceptron page's controller (as TensorFlow Playground's `oneStep()` owner): runs Rosenblatt's rule one
 * point at a time over a fixed set of points, with play / pause / step / epoch / reset, and tells its views
 * after every change. The rule itself is `core/perceptron.ts`; this module only schedules it.
 */
import {ZERO_PERCEPTRON, perceptronErrors, perceptronStep, type PerceptronState} from "./perceptron.js";
import {permutation, seededSource} from "./random.js";
import type {Point2} from "./datasets2d.js";

/** What views see after each change. */
export interface PlayerSnapshot {
  /** Current weights and bias. */
  state: PerceptronState;
  /** Epochs completed. */
  epoch: number;
  /** Points presented so far in the current epoch. */
  index: number;
  /** Mistakes (updates) in each completed epoch. */
  epochErrors: readonly number[];
  /** Mistakes so far in the current epoch. */
  currentErrors: number;
  /** The point presented last, and whether it moved the line. */
  last: {point: Point2; updated: boolean} | null;
  /** Points the current line misclassifies. */
  misclassified: number;
  /** True once an epoch made no mistake. */
  converged: boolean;
  /** True when `maxEpochs` passed without converging. */
  gaveUp: boolean;
  /** True while playing. */
  running: boolean;
}

/** Options of {@link PerceptronPlayer}. */
export interface PlayerOptions {
  /** Learning rate η (default 0.1). */
  learningRate?: number;
  /** Seed of the order in which each epoch visits the points (default 1). */
  seed?: number;
  /** Stop playing after this many epochs without converging (default 200). */
  maxEpochs?: number;
}

/** Steps a perceptron through `points`; see {@link PlayerSnapshot}. */
export class PerceptronPlayer {
  private readonly points: readonly Point2[];
  private readonly learningRate: number;
  private readonly seed: number;
  private readonly maxEpochs: number;
  private source!: () => number;
  private order!: Uint32Array;
  private snap!: PlayerSnapshot;
  private listeners = new Set<(s: PlayerSnapshot) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(points: readonly Point2[], {learningRate = 0.1, seed = 1, maxEpochs = 200}: PlayerOptions = {}) {
    this.points = points;
    this.learningRate = learningRate;
    this.seed = seed;
    this.maxEpochs = maxEpochs;
    this.reset();
  }

  /** The current state. */
  snapshot(): PlayerSnapshot {
    return this.snap;
  }

  /** Calls `listener` now and after every change; returns a function that unsubscribes. */
  subscribe(listener: (s: PlayerSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snap);
    return () => void this.listeners.delete(listener);
  }

  private emit(next: Partial<PlayerSnapshot>): void {
    this.snap = {...this.snap, ...next};
    for (const l of this.listeners) l(this.snap);
  }

  private get finished(): boolean {
    return this.snap.converged || this.snap.gaveUp || this.points.length === 0;
  }

  /** Presents one point without notifying; returns the fields that changed. */
  private advance(): Partial<PlayerSnapshot> {
    const s = this.snap;
    const point = this.points[this.order[s.index]];
    const {state, updated} = perceptronStep(s.state, point, {learningRate: this.learningRate});
    let {epoch, index, epochErrors, currentErrors} = s;
    if (updated) currentErrors++;
    index++;
    let converged = false;
    let gaveUp = false;
    if (index === this.points.length) {
      epochErrors = [...epochErrors, currentErrors];
      converged = currentErrors === 0;
      epoch++;
      gaveUp = !converged && epoch >= this.maxEpochs;
      index = 0;
      currentErrors = 0;
      this.order = permutation(this.points.length, this.source);
    }
    const next = {state, epoch, index, epochErrors, currentErrors, last: {point, updated}, converged, gaveUp};
    this.snap = {...this.snap, ...next};
    return next;
  }

  /** Presents the next point. */
  step(): void {
    if (this.finished) return;
    this.advance();
    this.emit({misclassified: perceptronErrors(this.snap.state, this.points)});
  }

  /** Presents the rest of the current epoch (a whole epoch when at its start). */
  epoch(): void {
    if (this.finished) return;
    const start = this.snap.epoch;
    while (!this.finished && this.snap.epoch === start) this.advance();
    this.emit({misclassified: perceptronErrors(this.snap.state, this.points)});
  }

  /** Plays `stepsPerTick` points every `tickMs` until convergence, `maxEpochs` or pause. */
  play({stepsPerTick = 1, tickMs = 60}: {stepsPerTick?: number; tickMs?: number} = {}): void {
    if (this.timer !== null || this.finished) return;
    this.emit({running: true});
    const tick = () => {
      for (let k = 0; k < stepsPerTick && !this.finished; k++) this.advance();
      const done = this.finished;
      if (done) this.timer = null;
      else this.timer = setTimeout(tick, tickMs);
      this.emit({misclassified: perceptronErrors(this.snap.state, this.points), running: !done});
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops playing. */
  pause(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.snap.running) this.emit({running: false});
  }

  /** Back to the zero perceptron and the first epoch. */
  reset(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.source = seededSource(this.seed);
    this.order = permutation(this.points.length, this.source);
    this.emit({
      state: ZERO_PERCEPTRON,
      epoch: 0,
      index: 0,
      epochErrors: [],
      currentErrors: 0,
      last: null,
      misclassified: perceptronErrors(ZERO_PERCEPTRON, this.points),
      converged: false,
      gaveUp: false,
      running: false,
    });
  }

  /** Stops playing and forgets every listener (call when the page replaces this player). */
  dispose(): void {
    this.pause();
    this.listeners.clear();
  }
}
