/**
 * The page's handle on its compute worker: one module Web Worker per page, started on first use, that runs the
 * heavy analyses (computeJobs.ts) with its own ONNX Runtime, so the main thread only draws and stays responsive.
 *
 * ```js
 * import {computeClient} from "./components/runtime/compute.js";
 * const compute = computeClient();
 * const run = compute.run("rsa", {options, backend}, {replace: "rsa", onUpdate: (stage) => …});
 * const summary = await run; // rejects with Cancelled when a newer "rsa" run replaced it
 * ```
 *
 * Where a browser cannot start a module worker, the same jobs run in the page over a MessageChannel (same
 * messages, same results; the page is then busy while they run) and {@link computeWhere} says so.
 */
import {JobClient, serveJobs, type PortLike} from "../core/workerProtocol.js";

let client: JobClient | null = null;
let where: "worker" | "page" = "worker";

/** Where the jobs run: in the worker, or in the page where no worker could be started. */
export function computeWhere(): "worker" | "page" {
  return where;
}

function inPage(): JobClient {
  where = "page";
  const {port1, port2} = new MessageChannel();
  const c = new JobClient(port1 as PortLike);
  // Messages wait in the port until the jobs are served.
  void import("./computeJobs.js").then((m) => serveJobs(port2 as PortLike, m.COMPUTE_JOBS));
  return c;
}

/**
 * The page's compute client (the worker starts on the first call). It is also `globalThis.brainNetsCompute`, for
 * the browser console and the tests: its `stats` count the jobs started, done, cancelled and stopped.
 */
export function computeClient(): JobClient {
  if (client) return client;
  client = start();
  (globalThis as {brainNetsCompute?: JobClient}).brainNetsCompute = client;
  return client;
}

/**
 * Runs `task` with a second, short-lived worker (the same jobs), then ends that worker: for the backend measurement,
 * which must not hold up the page's analyses (on a software WebGPU adapter it takes seconds) and whose WebGPU
 * runtime is not needed afterwards. Where no worker can be started it uses the page's compute client.
 */
export async function withSpareWorker<T>(task: (client: JobClient) => Promise<T>): Promise<T> {
  let worker: Worker;
  try {
    worker = new Worker(import.meta.resolve("./computeWorker.js"), {type: "module", name: "brain-nets measure"});
  } catch {
    return task(computeClient());
  }
  const c = new JobClient(worker as PortLike);
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    c.fail(new Error(`The measuring worker stopped: ${event.message || "its script could not be loaded"}`));
  });
  try {
    return await task(c);
  } finally {
    worker.terminate();
  }
}

function start(): JobClient {
  let worker: Worker;
  try {
    worker = new Worker(import.meta.resolve("./computeWorker.js"), {type: "module", name: "brain-nets compute"});
  } catch {
    return inPage();
  }
  const c = new JobClient(worker as PortLike);
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    c.fail(
      new Error(`The compute worker stopped: ${event.message || "its script could not be loaded"}. Reload the page.`),
    );
  });
  return c;
}
