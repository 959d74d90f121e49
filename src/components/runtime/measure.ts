/**
 * Times a workload on each backend, for the measured backend choice (core/backendChoice.ts): after creating the
 * session, a warm-up run, then a few timed runs whose outputs are read back to the CPU (what a page waits for).
 * Runs wherever the runtime runs (the compute worker for the analyses).
 */
import {permutationBestModel, rdmModel} from "../core/analysisGraphs.js";
import type {AdapterSummary, Timings} from "../core/backendChoice.js";
import {seededNormal, seededSource} from "../core/random.js";
import {adapterInfo, type GpuAdapterLike} from "./backend.js";
import {requestBackend, createSession, float32, int64, readFloat32, disposeAll, type Backend} from "./runtime.js";

/** A graph and its inputs to time (every input the graph takes; int64 for class labels). */
export interface MeasuredWorkload {
  model: Uint8Array;
  feeds: Record<string, {data: Float32Array | BigInt64Array; dims: readonly number[]}>;
}

/** Workloads measured by name (pages with their own graphs pass them instead: {@link MeasuredWorkload}). */
export const WORKLOADS: Record<string, () => MeasuredWorkload> = {
  // The analysis graphs: an RDM of 72 stimuli (5° bins) over 4,096 features, one MatMul and a read-back.
  "analysis rdm 72x4096": () => {
    const [n, p] = [72, 4096];
    const normal = seededNormal(seededSource(1));
    return {
      model: rdmModel(n, p),
      feeds: {x: {data: Float32Array.from({length: n * p}, () => normal()), dims: [n, p]}},
    };
  },
  // The searchlight's permutation test: 400 centres' rank vectors on 72 stimuli (2,556 pairs) against 25
  // permutations of 4 layers, one MatMul and a max over layers (a quarter of the page's default map per batch).
  "searchlight permutations 400x2556x100": () => {
    const [c, pairs, layers, batch] = [400, 2556, 4, 25];
    const normal = seededNormal(seededSource(2));
    return {
      model: permutationBestModel(layers, batch),
      feeds: {
        centres: {data: Float32Array.from({length: c * pairs}, () => normal()), dims: [c, pairs]},
        permuted: {
          data: Float32Array.from({length: pairs * layers * batch}, () => normal()),
          dims: [pairs, layers * batch],
        },
      },
    };
  },
};

/** The workload to time: the one given, or the one named. */
export function workloadOf(input: {workload: string} & Partial<MeasuredWorkload>): MeasuredWorkload {
  if (input.model && input.feeds) return {model: input.model, feeds: input.feeds};
  const w = WORKLOADS[input.workload];
  if (!w) throw new Error(`unknown workload "${input.workload}" (known: ${Object.keys(WORKLOADS).join(", ")})`);
  return w();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Median ms per run of `workload` on each backend (null where it could not run), leaving `restore` as the
 * requested backend afterwards. WASM is timed first; a backend whose first timed run is over 3× slower than WASM
 * is not run again, and one whose warm-up alone takes over 2 s and 50× WASM's time is not timed further (its
 * warm-up counts): on a software WebGPU adapter one run can take seconds.
 */
export async function timeBackends(
  {model, feeds: data}: MeasuredWorkload,
  {runs = 3, restore = "wasm" as Backend}: {runs?: number; restore?: Backend} = {},
): Promise<Timings> {
  const timings: Timings = {wasm: null, webgpu: null};
  for (const backend of ["wasm", "webgpu"] as const) {
    const state = await requestBackend(backend);
    if (state.active !== backend) continue;
    try {
      const session = await createSession(model);
      try {
        const times: number[] = [];
        const others = [timings.wasm, timings.webgpu].filter((t): t is number => t !== null);
        for (let r = 0; r <= runs; r++) {
          const t0 = performance.now();
          const feeds = Object.fromEntries(
            Object.entries(data).map(([k, v]) => [
              k,
              v.data instanceof BigInt64Array ? int64(v.data, v.dims) : float32(v.data, v.dims),
            ]),
          );
          const out = await session.run(feeds);
          for (const t of Object.values(out)) await readFloat32(t);
          disposeAll(out);
          const ms = performance.now() - t0;
          // Run 0 warms up; one so slow (a software GPU can take seconds) that the choice is clear counts itself.
          if (r === 0 && others.length && ms > Math.max(2000, 50 * Math.min(...others))) {
            times.push(ms);
            break;
          }
          if (r > 0) times.push(ms);
          // Clearly slower than a backend already measured (3×): more runs would not change the choice.
          if (times.length && others.length && times.at(-1)! > 3 * Math.min(...others)) break;
        }
        timings[backend] = median(times);
      } finally {
        await session.release();
      }
    } catch {
      timings[backend] = null;
    }
  }
  await requestBackend(restore);
  return timings;
}

/** What the GPU adapter says about itself, or null where there is no WebGPU adapter. */
export async function adapterSummary(): Promise<AdapterSummary | null> {
  const gpu = (globalThis.navigator as {gpu?: {requestAdapter(): Promise<GpuAdapterLike | null>}} | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const a = await gpu.requestAdapter();
    return a ? adapterInfo(a) : null;
  } catch {
    return null;
  }
}
