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

/** The page's compute client (the worker starts on the first call). */
export function computeClient(): JobClient {
  if (client) return client;
  let worker: Worker;
  try {
    worker = new Worker(import.meta.resolve("./computeWorker.js"), {type: "module", name: "brain-nets compute"});
  } catch {
    return (client = inPage());
  }
  const c = (client = new JobClient(worker as PortLike));
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    c.fail(
      new Error(`The compute worker stopped: ${event.message || "its script could not be loaded"}. Reload the page.`),
    );
  });
  return c;
}
