/**
 * The page's backend, decided: the reader's explicit choice (the Backend input, `?backend=`) wins; otherwise
 * ("fastest here") the remembered measurement for this device and workload, or a new measurement in the compute
 * worker (a warm-up and three timed runs on each backend, well under a second), which is then remembered in
 * localStorage. The rules are core/backendChoice.ts; the timing is runtime/measure.ts.
 */
import {
  chooseBackend,
  describeDecision,
  recall,
  remember,
  type AdapterSummary,
  type BackendDecision,
  type MeasuredBackend,
  type StorageLike,
  type Timings,
} from "../core/backendChoice.js";
import type {JobClient} from "../core/workerProtocol.js";
import type {BackendState} from "../runtime/runtime.js";

/** The choice the Backend input offers besides the two backends. */
export const FASTEST = "fastest";

/** The Backend input's choices, in order, and their labels. */
export const BACKEND_CHOICES = [FASTEST, "webgpu", "wasm"] as const;
export function backendLabel(choice: string): string {
  return (
    ({[FASTEST]: "fastest here (measured)", webgpu: "WebGPU", wasm: "WASM"} as Record<string, string>)[choice] ?? choice
  );
}

/** A decision, the state it produced in the worker, and the adapter it was made for. */
export interface DecidedBackend extends BackendDecision {
  state: BackendState;
  adapter: AdapterSummary | null;
  /** Milliseconds the decision took (the measurement, when there was one). */
  ms: number;
}

function localStorageOrNull(): StorageLike | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (e.g. sandboxed frames)
  }
}

/** A backend decision that may improve once a background measurement finishes. */
export interface BackendDecider {
  /** The first decision (at once from the reader's choice or the memory; WASM while a measurement runs). */
  ready: Promise<DecidedBackend>;
  /** The latest decision (after {@link ready} resolved). */
  latest(): DecidedBackend;
  /** Calls `listener` with each decision, now if there is one; returns a function that stops listening. */
  watch(listener: (d: DecidedBackend) => void): () => void;
  /** Resolves with the final decision (after the measurement, where there is one). */
  settled: Promise<DecidedBackend>;
}

/**
 * Decides the backend for `workload` (a name runtime/measure.ts knows, or the page's own graph given by
 * `measureInput`) and asks for it where the sessions live (the compute worker, or `request`).
 * `choice` is the page's Backend input: "webgpu", "wasm" or {@link FASTEST}. Without a remembered measurement the
 * page starts on WASM at once while `measureWith` (a spare worker, so the page's own work is not held up) times
 * both backends; the result is remembered, requested for the page's later runs and reported through `watch`.
 */
export function backendDecider(
  choice: string,
  workload: string,
  {
    client,
    request = (backend) => client!.run<BackendState>("backend", {backend}, {replace: "backend"}),
    findAdapter = () => client!.run<AdapterSummary | null>("adapter", {}),
    measureWith = (task) => task(client!),
    measureInput = () => ({}),
    storage = localStorageOrNull(),
    unit = "run",
  }: {
    /** The compute worker whose backend is decided (pages whose sessions live in the worker). */
    client?: JobClient;
    /** Asks for a backend where the sessions live (default: the compute worker; main-thread pages pass the runtime's). */
    request?: (backend: MeasuredBackend) => Promise<BackendState>;
    /** The GPU adapter (default: as the compute worker sees it). */
    findAdapter?: () => Promise<AdapterSummary | null>;
    /** Runs the measurement with a client of its choosing (runtime/compute.ts `withSpareWorker`). */
    measureWith?: <T>(task: (c: JobClient) => Promise<T>) => Promise<T>;
    /** The page's own workload to time (`{model, feeds}`), where `workload` is not one runtime/measure.ts names. */
    measureInput?: () => {model?: Uint8Array; feeds?: Record<string, unknown>};
    storage?: StorageLike | null;
    /** What one timed run is, for the reason shown ("run", "step", "batch"). */
    unit?: string;
  } = {},
): BackendDecider {
  const t0 = performance.now();
  const listeners = new Set<(d: DecidedBackend) => void>();
  let current: DecidedBackend | null = null;
  const publish = (d: DecidedBackend) => {
    current = d;
    for (const l of listeners) l(d);
    return d;
  };
  const decide = async (d: Omit<BackendDecision, "reason">, adapter: AdapterSummary | null) => {
    const state = await request(d.backend);
    return publish({...d, reason: describeDecision(d, adapter, unit), state, adapter, ms: performance.now() - t0});
  };
  let settle!: (d: Promise<DecidedBackend>) => void;
  const settled = new Promise<DecidedBackend>((resolve) => (settle = resolve));
  const ready = (async () => {
    if (choice === "webgpu" || choice === "wasm") return decide({backend: choice, how: "forced", timings: null}, null);
    const adapter = await findAdapter();
    if (!adapter) return decide({backend: "wasm", how: "no-webgpu", timings: null}, null);
    const known = recall(storage, adapter, workload);
    if (known) return decide({backend: known.backend, how: "remembered", timings: known.timings}, adapter);
    const first = await decide({backend: "wasm", how: "measuring", timings: null}, adapter);
    settle(
      (async () => {
        let timings: Timings;
        try {
          const input = {workload, restore: "wasm", ...measureInput()};
          timings = await measureWith((c) => c.run<Timings>("measure", input));
        } catch (e) {
          // Not remembered: the next visit measures again.
          return publish({...first, reason: `WASM: timing the backends failed (${(e as Error).message})`});
        }
        const backend = chooseBackend(timings, adapter);
        remember(storage, adapter, workload, {backend, timings, at: Date.now()});
        return decide({backend, how: "measured", timings}, adapter);
      })(),
    );
    return first;
  })();
  ready.then(
    (d) => d.how !== "measuring" && settle(Promise.resolve(d)),
    (e) => settle(Promise.reject(e)),
  );
  settled.catch(() => {}); // reported through `ready` or by the caller
  return {
    ready,
    settled,
    latest: () => {
      if (!current) throw new Error("backendDecider: no decision yet (await ready)");
      return current;
    },
    watch(listener) {
      listeners.add(listener);
      if (current) listener(current);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * A stable handle on the backend the page's current decider picks, for a cell that must outlive the decider: the
 * "Use your model" control, which the reader may be half-way through when the Backend input changes. Framework
 * re-runs every cell that names the decider; a cell that names only the handle is made once, and the decider's cell
 * calls {@link BackendHandle.follow}.
 */
export interface BackendHandle {
  /** The backend the followed decider picks now ("wasm" before one is followed or decided). */
  get(): DecidedBackend["backend"];
  /** From now on, answer with `decider`'s latest decision. */
  follow(decider: Pick<BackendDecider, "ready" | "latest">): void;
}

export function backendHandle(): BackendHandle {
  let decider: Pick<BackendDecider, "ready" | "latest"> | null = null;
  let decided = false;
  return {
    get: () => (decider && decided ? decider.latest().backend : "wasm"),
    follow(d) {
      decider = d;
      decided = false;
      d.ready.then(
        () => decider === d && (decided = true),
        () => {},
      );
    },
  };
}
