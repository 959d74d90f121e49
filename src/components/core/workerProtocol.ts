/**
 * The messages between a page and its compute worker, as two small halves that work over any port (a Worker,
 * its `self`, either end of a MessageChannel, Node's MessagePort in tests):
 *
 * - {@link serveJobs} (worker side) runs named jobs. A job is an async function of its input and a
 *   {@link JobContext}: it streams partial results with `ctx.update`, lets a cancel message in with
 *   `await ctx.checkpoint()` (which throws {@link Cancelled} once the page cancelled it) and returns its result.
 * - {@link JobClient} (page side) starts jobs and returns a promise of the result; partial results arrive through
 *   `onUpdate`; `replace: key` cancels the previous job started with the same key, so a newer input never queues
 *   behind stale work; a job's error rejects the promise with the worker's message.
 *
 * Typed arrays move by transfer where the sender lists their buffers (`transfer`), by copy otherwise.
 *
 * Messages, page → worker: `{type: "run", id, job, input}`, `{type: "cancel", id}`. Worker → page:
 * `{type: "update", id, value}`, `{type: "done", id, value}`, `{type: "error", id, name, message}`.
 */

/** The part of a MessagePort / Worker / DedicatedWorkerGlobalScope both halves use. */
export interface PortLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: {data: unknown}) => void): void;
  /** MessagePort needs it before messages flow to an event listener. */
  start?(): void;
}

/** A message from the page to the worker. */
export type JobRequest = {type: "run"; id: number; job: string; input: unknown} | {type: "cancel"; id: number};

/** A message from the worker to the page. */
export type JobReply =
  | {type: "update"; id: number; value: unknown}
  | {type: "done"; id: number; value: unknown}
  | {type: "error"; id: number; name: string; message: string};

/** Rejects a cancelled job's promise (and is thrown inside the job by `checkpoint`). Pages ignore it. */
export class Cancelled extends Error {
  constructor(message = "cancelled by a newer request") {
    super(message);
    this.name = "Cancelled";
  }
}

/** True for the error of a job that was cancelled (by `replace`, `cancel` or the page's own clean-up). */
export function isCancelled(error: unknown): boolean {
  return (error as {name?: string} | null)?.name === "Cancelled";
}

/** What a running job may do besides computing. */
export interface JobContext {
  /** Sends a partial result to the page; buffers listed in `transfer` move (the job must not use them again). */
  update(value: unknown, transfer?: Transferable[]): void;
  /**
   * Gives the worker's event loop a turn (at most every `slice` ms, 16 by default, so calling it often is cheap)
   * so that a cancel can arrive; throws {@link Cancelled} once this job has been cancelled.
   */
  checkpoint(): Promise<void>;
  /** Whether the page cancelled this job. */
  readonly cancelled: boolean;
  /** Buffers of the returned value to move rather than copy. */
  transferResult(buffers: Transferable[]): void;
}

/** A job the worker runs: input in, result out (a promise or a value). */
export type Job = (input: never, ctx: JobContext) => unknown;

const now = () => (globalThis.performance ? performance.now() : Date.now());

/** A macrotask turn that is not clamped to 4 ms as nested timers are. */
function nextTurn(): Promise<void> {
  if (typeof MessageChannel === "undefined") return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const {port1, port2} = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** A transfer list without repeats (typed arrays may share a buffer; listing one twice is an error). */
function unique(buffers: Transferable[]): Transferable[] {
  return [...new Set(buffers)];
}

/**
 * Serves `jobs` on `port` (the worker's `self`, or one end of a MessageChannel for the in-page fallback).
 * Jobs run concurrently; each stops at its next checkpoint once cancelled. `slice` is how long a job may run
 * between two turns of the event loop (ms).
 */
export function serveJobs(port: PortLike, jobs: Record<string, Job>, {slice = 16}: {slice?: number} = {}): void {
  const running = new Map<number, {cancelled: boolean}>();
  port.addEventListener("message", (event) => {
    const msg = event.data as JobRequest;
    if (msg?.type === "cancel") {
      const state = running.get(msg.id);
      if (state) state.cancelled = true;
      return;
    }
    if (msg?.type !== "run") return;
    const state = {cancelled: false};
    running.set(msg.id, state);
    let transfer: Transferable[] = [];
    let lastTurn = now();
    const ctx: JobContext = {
      update: (value, buffers = []) =>
        port.postMessage({type: "update", id: msg.id, value} satisfies JobReply, unique(buffers)),
      async checkpoint() {
        if (!state.cancelled && now() - lastTurn < slice) return;
        await nextTurn();
        lastTurn = now();
        if (state.cancelled) throw new Cancelled();
      },
      get cancelled() {
        return state.cancelled;
      },
      transferResult: (buffers) => void (transfer = unique(buffers)),
    };
    (async () => {
      const job = Object.hasOwn(jobs, msg.job) ? jobs[msg.job] : undefined;
      if (!job) throw new Error(`unknown job "${msg.job}" (known: ${Object.keys(jobs).join(", ")})`);
      return job(msg.input as never, ctx);
    })()
      .then(
        (value) => port.postMessage({type: "done", id: msg.id, value} satisfies JobReply, transfer),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          port.postMessage({type: "error", id: msg.id, name: e.name, message: e.message} satisfies JobReply);
        },
      )
      .finally(() => running.delete(msg.id));
  });
  port.start?.();
}

/** Options of {@link JobClient.run}. */
export interface RunOptions<U> {
  /** Buffers of the input to move to the worker (the page must not use them afterwards). */
  transfer?: Transferable[];
  /** Called with each partial result, in order, before the promise resolves. */
  onUpdate?: (value: U) => void;
  /** Cancels the job previously started with the same key (its promise rejects with {@link Cancelled}). */
  replace?: string;
}

/** An error raised in the worker, re-thrown in the page with the worker's name and message. */
export class JobError extends Error {
  constructor(
    readonly job: string,
    name: string,
    message: string,
  ) {
    super(message);
    this.name = name === "Error" ? "JobError" : name;
  }
}

interface Pending {
  job: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onUpdate?: (value: unknown) => void;
}

/** Counts of what a {@link JobClient} saw, per job name (for the page's status and for tests). */
export interface JobStats {
  started: number;
  /** Finished with a result the page received. */
  done: number;
  failed: number;
  /** Cancelled by the page (replace, cancel). */
  cancelled: number;
  /** Cancelled jobs the worker confirmed it stopped (at a checkpoint) rather than finished. */
  stopped: number;
  /** Cancelled jobs that finished anyway (the cancel arrived too late); their result was dropped. */
  finishedAfterCancel: number;
}

/** The page's end: starts jobs in the worker behind `port` and follows them. */
export class JobClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private cancelledJobs = new Map<number, string>();
  /** What happened to the jobs started so far, by job name. */
  readonly stats: Record<string, JobStats> = {};
  private latest = new Map<string, number>();
  private failure: Error | null = null;

  constructor(private port: PortLike) {
    port.addEventListener("message", (event) => this.receive(event.data as JobReply));
    port.start?.();
  }

  /** Starts `job` on `input`; resolves with its result, rejects with its error or {@link Cancelled}. */
  run<T = unknown, U = unknown>(job: string, input: unknown, options: RunOptions<U> = {}): Promise<T> & {id: number} {
    const id = this.nextId++;
    let settle!: Pending;
    const promise = new Promise<T>((resolve, reject) => {
      settle = {
        job,
        resolve: resolve as (v: unknown) => void,
        reject,
        onUpdate: options.onUpdate as Pending["onUpdate"],
      };
    }) as Promise<T> & {id: number};
    promise.id = id;
    this.count(job).started++;
    if (this.failure) {
      settle.reject(this.failure);
      return promise;
    }
    if (options.replace !== undefined) {
      const previous = this.latest.get(options.replace);
      if (previous !== undefined) this.cancel(previous);
      this.latest.set(options.replace, id);
    }
    this.pending.set(id, settle);
    this.port.postMessage({type: "run", id, job, input} satisfies JobRequest, unique(options.transfer ?? []));
    return promise;
  }

  /** Cancels job `id`: its promise rejects at once, the worker stops it at its next checkpoint. */
  cancel(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.cancelledJobs.set(id, p.job);
    this.count(p.job).cancelled++;
    this.port.postMessage({type: "cancel", id} satisfies JobRequest);
    p.reject(new Cancelled());
  }

  private count(job: string): JobStats {
    return (this.stats[job] ??= {started: 0, done: 0, failed: 0, cancelled: 0, stopped: 0, finishedAfterCancel: 0});
  }

  /** Number of jobs started and not yet settled. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Rejects every pending and later job with `error` (the worker died or never started). */
  fail(error: Error): void {
    this.failure = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private receive(msg: JobReply): void {
    const p = this.pending.get(msg?.id);
    if (!p) {
      // Cancelled or unknown: late messages of a stale job are dropped, after noting how it ended.
      const job = this.cancelledJobs.get(msg?.id);
      if (job !== undefined && msg.type !== "update") {
        this.cancelledJobs.delete(msg.id);
        if (msg.type === "done") this.count(job).finishedAfterCancel++;
        else if (msg.name === "Cancelled") this.count(job).stopped++;
      }
      return;
    }
    if (msg.type === "update") p.onUpdate?.(msg.value);
    else {
      this.pending.delete(msg.id);
      for (const [key, id] of this.latest) if (id === msg.id) this.latest.delete(key);
      if (msg.type === "done") {
        this.count(p.job).done++;
        p.resolve(msg.value);
      } else {
        this.count(p.job).failed++;
        p.reject(new JobError(p.job, msg.name, msg.message));
      }
    }
  }
}
