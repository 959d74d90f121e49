/**
 * The training loop: runs a train-step ONNX graph (forward + backward + optimizer update in one graph, built by
 * `@brain-nets/models`) step after step, feeding each step's updated parameters back as the next step's inputs.
 *
 * - On WebGPU the parameters never leave the GPU between steps (`gpu-buffer` outputs fed back as inputs); only
 *   the scalar loss is read back. The parameters are downloaded at checkpoints (every `checkpointEvery` steps,
 *   on pause and when asked), so a lost GPU costs at most those steps: training resumes on WASM from the last
 *   checkpoint.
 * - The loop yields to the event loop every frame's worth of work, so the page stays responsive and the loss
 *   curve streams as it trains.
 * - A NaN or infinite loss stops training (status `diverged`) with a message, keeping the last good checkpoint.
 *
 * The backend (sessions, tensors) is injectable: pages use ONNX Runtime Web through runtime.ts; unit tests use
 * onnxruntime-node.
 */
import {
  BackendFallbackError,
  createSession,
  disposeAll,
  int64,
  readFloat32,
  uploadFloat32,
  type Session,
  type Tensor,
} from "../runtime/runtime.js";

/** A tensor carried from step to step: a parameter or an optimizer state. */
export interface CarriedTensor {
  /** Graph input that receives the current value. */
  input: string;
  /** Graph output holding the updated value. */
  output: string;
  /** Its dimensions. */
  dims: readonly number[];
  /** Its value before the first step. */
  init: Float32Array;
}

/** What the trainer needs to know about a train-step graph. */
export interface TrainStepSpec {
  /** The ONNX model bytes. */
  model: Uint8Array;
  /** Parameters and optimizer states, fed back step after step. */
  carried: readonly CarriedTensor[];
  /** Name of the scalar loss output. */
  loss: string;
}

/** Data fed to a graph input: float32 (or int64 class labels) with its dims. */
export interface Feed {
  data: Float32Array | BigInt64Array;
  dims: readonly number[];
}

/** A session as the trainer sees it. */
export interface StepSession {
  run(feeds: Record<string, Tensor>, options?: {fetches?: readonly string[]}): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

/** Sessions and tensors: runtime.ts in pages, onnxruntime-node in unit tests. */
export interface TrainerBackend {
  createSession(model: Uint8Array, options: {gpuOutputs: readonly string[]}): Promise<StepSession>;
  /** A tensor for data fed every step; may live on the GPU, where `session` computes. */
  upload(feed: Feed, session: StepSession): Promise<Tensor>;
  read(tensor: Tensor): Promise<Float32Array>;
  dispose(tensor: Tensor): void;
  /** Resolves when the page may paint (a frame, or a macrotask where there are no frames). */
  nextFrame(): Promise<void>;
}

/** The default backend: ONNX Runtime Web through runtime.ts. */
export const webBackend: TrainerBackend = {
  createSession: (model, options) => createSession(model, options),
  upload: async ({data, dims}, session) =>
    data instanceof BigInt64Array ? int64(data, dims) : uploadFloat32(data, dims, {session: session as Session}),
  read: readFloat32,
  dispose: (t) => disposeAll(t),
  nextFrame: () =>
    new Promise((resolve) =>
      typeof requestAnimationFrame === "function" && !document.hidden
        ? requestAnimationFrame(() => resolve())
        : setTimeout(resolve, 0),
    ),
};

/** Where the trainer is: `idle` (nothing run since reset), `running`, `paused`, `done`, `diverged`, `failed`. */
export type TrainerStatus = "idle" | "running" | "paused" | "done" | "diverged" | "failed";

/** What the user (or the loop) asks of the trainer. */
export type TrainerEvent = "play" | "pause" | "step" | "finish" | "diverge" | "fail" | "reset";

/**
 * The loop's state machine. Returns the next status, or the same status when the event does not apply there
 * (e.g. `play` after divergence: the reader must reset first).
 */
export function nextStatus(status: TrainerStatus, event: TrainerEvent): TrainerStatus {
  if (event === "reset") return "idle";
  if (status === "diverged" || status === "failed") return status;
  switch (event) {
    case "play":
      return "running";
    case "pause":
      return status === "running" ? "paused" : status;
    case "step":
      return status === "running" ? status : "paused";
    case "finish":
      return "done";
    case "diverge":
      return "diverged";
    case "fail":
      return "failed";
  }
}

/** True when a loss value means training has blown up (NaN or ±Infinity). */
export function isDiverged(loss: number): boolean {
  return !Number.isFinite(loss);
}

/** The message shown when the loss blows up. */
export function divergenceMessage(step: number, loss: number, learningRate?: number): string {
  const lr = learningRate === undefined ? "" : ` (now ${learningRate})`;
  return `Training diverged at step ${step}: the loss became ${loss}. Lower the learning rate${lr} and reset.`;
}

/** A snapshot of the trainer for views. */
export interface TrainerSnapshot {
  status: TrainerStatus;
  /** Steps taken since reset. */
  step: number;
  /** Loss of every step so far (finite values only; training stops at the first non-finite one). */
  losses: readonly number[];
  /** Why training stopped or what happened to the backend, for the reader; null when all is well. */
  message: string | null;
  /** The step of the last CPU checkpoint of the parameters. */
  checkpointStep: number;
}

/** Options for {@link Trainer}. */
export interface TrainerOptions {
  /** Inputs fed unchanged every step (full-batch data, learning rate): uploaded once. */
  feeds?: Record<string, Feed>;
  /** Inputs that change every step (a minibatch), given the step index. */
  batch?: (step: number) => Record<string, Feed>;
  /** Download the parameters to the CPU every this many steps (and on pause). */
  checkpointEvery?: number;
  /** Longest stretch of work, in ms, before yielding a frame to the page. */
  frameBudget?: number;
  /** Learning rate, only to word the divergence message. */
  learningRate?: number;
  /** Sessions and tensors; defaults to ONNX Runtime Web. */
  backend?: TrainerBackend;
}

/** Runs a train-step graph with play / pause / step / reset. Create with {@link Trainer.create}. */
export class Trainer {
  private session!: StepSession;
  private params = new Map<string, Tensor>(); // carried input name → current tensor (maybe on the GPU)
  private staticFeeds: Record<string, Tensor> = {};
  private checkpoint: Map<string, Float32Array>;
  private state: Omit<TrainerSnapshot, "losses"> = {status: "idle", step: 0, message: null, checkpointStep: 0};
  private losses: number[] = [];
  private listeners = new Set<(s: TrainerSnapshot) => void>();
  private loop: Promise<void> | null = null;
  private target = 0;
  private readonly backend: TrainerBackend;
  private readonly checkpointEvery: number;
  private readonly frameBudget: number;

  private constructor(
    readonly spec: TrainStepSpec,
    private readonly options: TrainerOptions,
  ) {
    this.backend = options.backend ?? webBackend;
    this.checkpointEvery = options.checkpointEvery ?? 25;
    this.frameBudget = options.frameBudget ?? 30;
    this.checkpoint = new Map(spec.carried.map((c) => [c.input, c.init.slice()]));
  }

  /** Opens the train-step session and uploads the initial parameters and the fixed feeds. */
  static async create(spec: TrainStepSpec, options: TrainerOptions = {}): Promise<Trainer> {
    const t = new Trainer(spec, options);
    await t.open();
    return t;
  }

  private async open(): Promise<void> {
    this.session = await this.backend.createSession(this.spec.model, {
      gpuOutputs: this.spec.carried.map((c) => c.output),
    });
    await this.restore();
  }

  /** (Re)creates the parameter and fixed-feed tensors from the CPU checkpoint and data, on the current backend. */
  private async restore(): Promise<void> {
    for (const t of this.params.values()) this.backend.dispose(t);
    for (const t of Object.values(this.staticFeeds)) this.backend.dispose(t);
    this.params = new Map();
    for (const c of this.spec.carried)
      this.params.set(
        c.input,
        await this.backend.upload({data: this.checkpoint.get(c.input)!, dims: c.dims}, this.session),
      );
    this.staticFeeds = {};
    for (const [name, feed] of Object.entries(this.options.feeds ?? {}))
      this.staticFeeds[name] = await this.backend.upload(feed, this.session);
  }

  /** The current state. */
  snapshot(): TrainerSnapshot {
    return {...this.state, losses: this.losses.slice()};
  }

  /** Calls `listener` now and whenever the state changes; returns a function that unsubscribes. */
  subscribe(listener: (s: TrainerSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => void this.listeners.delete(listener);
  }

  private update(next: Partial<Omit<TrainerSnapshot, "losses">>): void {
    this.state = {...this.state, ...next};
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }

  /** Runs one train step; returns its loss. Does not notify (the loop batches notifications per frame). */
  private async runStep(): Promise<number> {
    const perStep = this.options.batch?.(this.state.step) ?? {};
    const batchTensors: Record<string, Tensor> = {};
    for (const [name, feed] of Object.entries(perStep))
      batchTensors[name] = await this.backend.upload(feed, this.session);
    const feeds: Record<string, Tensor> = {...this.staticFeeds, ...batchTensors, ...Object.fromEntries(this.params)};
    let out: Record<string, Tensor>;
    try {
      out = await this.session.run(feeds, {fetches: [this.spec.loss, ...this.spec.carried.map((c) => c.output)]});
    } finally {
      for (const t of Object.values(batchTensors)) this.backend.dispose(t);
    }
    const loss = (await this.backend.read(out[this.spec.loss]))[0];
    this.backend.dispose(out[this.spec.loss]);
    for (const c of this.spec.carried) {
      this.backend.dispose(this.params.get(c.input)!);
      this.params.set(c.input, out[c.output]);
    }
    return loss;
  }

  /** Downloads the current parameters into the CPU checkpoint. */
  private async saveCheckpoint(): Promise<void> {
    const saved = new Map<string, Float32Array>();
    try {
      for (const c of this.spec.carried)
        saved.set(c.input, (await this.backend.read(this.params.get(c.input)!)).slice());
    } catch {
      // The GPU went away before we could download: keep the previous checkpoint, which recovery will use.
      return;
    }
    this.checkpoint = saved;
    this.state = {...this.state, checkpointStep: this.state.step};
  }

  /**
   * Advances `count` steps, yielding to the page between frames. Stops early on pause, divergence or failure;
   * when the backend falls over mid-run it restores the last checkpoint on the new backend and carries on.
   */
  private async advance(count: number | null): Promise<void> {
    const single = count !== null ? this.state.step + count : null;
    let frameStart = performance.now();
    let dirty = false;
    const notify = () => {
      if (dirty) this.update({});
      dirty = false;
    };
    // play() may move the target while the loop runs (the reader raised the iterations).
    while (this.state.step < (single ?? this.target) && (single !== null || this.state.status === "running")) {
      let loss: number;
      try {
        loss = await this.runStep();
      } catch (e) {
        notify();
        if ((e as Error).name === BackendFallbackError.name) {
          await this.recover((e as Error).message);
          continue;
        }
        this.update({
          status: nextStatus(this.state.status, "fail"),
          message: `Training failed: ${(e as Error).message}`,
        });
        return;
      }
      if (isDiverged(loss)) {
        notify();
        this.update({
          status: nextStatus(this.state.status, "diverge"),
          message: divergenceMessage(this.state.step + 1, loss, this.options.learningRate),
        });
        return;
      }
      this.losses.push(loss);
      this.state.step += 1;
      dirty = true;
      if (this.state.step % this.checkpointEvery === 0) await this.saveCheckpoint();
      if (performance.now() - frameStart > this.frameBudget) {
        notify();
        await this.backend.nextFrame();
        frameStart = performance.now();
      }
    }
    notify();
  }

  /** Rolls back to the last checkpoint on whatever backend now runs, and says so. */
  private async recover(reason: string): Promise<void> {
    const from = this.state.checkpointStep;
    await this.restore();
    this.losses.length = from;
    this.update({
      step: from,
      message: `${reason}. Training resumed from the checkpoint at step ${from}.`,
    });
  }

  /**
   * Trains until step `until` (counted from reset) or until paused. Resolves when the loop stops. Called while
   * running, it moves the target of the running loop.
   */
  play(until: number): Promise<void> {
    if (this.state.status === "diverged" || this.state.status === "failed") return Promise.resolve();
    this.target = until;
    if (this.loop && this.state.status === "running") return this.loop;
    if (this.loop) return this.loop.then(() => this.play(until));
    if (this.state.step >= until) {
      this.update({status: nextStatus(this.state.status, "finish")});
      return Promise.resolve();
    }
    this.update({status: nextStatus(this.state.status, "play")});
    this.loop = (async () => {
      await this.advance(null);
      if (this.state.status === "running") {
        await this.saveCheckpoint();
        this.update({status: nextStatus("running", this.state.step >= this.target ? "finish" : "pause")});
      }
      this.loop = null;
    })();
    return this.loop;
  }

  /** Pauses after the current step and saves a checkpoint. */
  async pause(): Promise<void> {
    if (this.state.status !== "running") return;
    this.update({status: nextStatus(this.state.status, "pause")});
    await this.loop;
    await this.saveCheckpoint();
  }

  /** Runs exactly one step (when not running). */
  async step(): Promise<void> {
    if (this.loop || this.state.status === "diverged" || this.state.status === "failed") return;
    this.update({status: nextStatus(this.state.status, "step")});
    this.loop = this.advance(1);
    await this.loop;
    this.loop = null;
  }

  /** Stops, restores the initial parameters and clears the loss history. */
  async reset(): Promise<void> {
    this.update({status: nextStatus(this.state.status, "pause")});
    await this.loop;
    this.checkpoint = new Map(this.spec.carried.map((c) => [c.input, c.init.slice()]));
    await this.restore();
    this.losses = [];
    this.update({status: "idle", step: 0, message: null, checkpointStep: 0});
  }

  /** The current parameters (and optimizer states) on the CPU, by graph input name. */
  async parameters(): Promise<Map<string, Float32Array>> {
    if (!this.loop) await this.saveCheckpoint();
    return new Map(this.checkpoint);
  }

  /** Stops and frees the session and tensors. */
  async dispose(): Promise<void> {
    this.update({status: nextStatus(this.state.status, "pause")});
    await this.loop;
    for (const t of this.params.values()) this.backend.dispose(t);
    for (const t of Object.values(this.staticFeeds)) this.backend.dispose(t);
    this.listeners.clear();
    await this.session.release();
  }
}

/** Convenience for feeds: a float32 {@link Feed}. */
export function feed(data: Float32Array | number[], dims: readonly number[]): Feed {
  return {data: data instanceof Float32Array ? data : Float32Array.from(data), dims};
}
