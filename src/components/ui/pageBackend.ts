/**
 * The measured backend choice for pages whose sessions live on the main thread (the trainers). Kept apart from
 * backendChoice.ts so that pages whose sessions live in the compute worker do not load ONNX Runtime themselves.
 */
import {backendDecider, type BackendDecider} from "./backendChoice.js";
import {requestBackend} from "../runtime/page.js";
import {adapterSummary} from "../runtime/measure.js";
import {withSpareWorker} from "../runtime/compute.js";
/**
 * {@link backendDecider} for a page whose sessions live on the main thread (the trainers): requests go to the
 * page's own runtime, the measurement runs in a spare worker on `measureInput` (the page's graph, e.g. a train step
 * from training/runs.ts `stepWorkload`).
 */
export function pageBackend(
  choice: string,
  workload: string,
  options: {unit?: string; measureInput?: () => {model?: Uint8Array; feeds?: Record<string, unknown>}} = {},
): BackendDecider {
  return backendDecider(choice, workload, {
    ...options,
    request: (b) => requestBackend(b),
    findAdapter: adapterSummary,
    measureWith: withSpareWorker,
  });
}
