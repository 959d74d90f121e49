/**
 * The compute worker's entry: serves the jobs of computeJobs.ts on the worker's own port. Pages start it through
 * runtime/compute.ts (`computeClient()`); Framework builds it as any other module because compute.ts names it
 * with `import.meta.resolve`.
 */
import {serveJobs, type PortLike} from "../core/workerProtocol.js";
import {COMPUTE_JOBS} from "./computeJobs.js";

serveJobs(globalThis as unknown as PortLike, COMPUTE_JOBS);
