// Loader entry: per-neuron tuning summaries (preferred orientation, OSI, DSI, gain) as Arrow IPC on stdout.
// Implementation: data-loaders/v1Source.ts and data-loaders/v1Arrow.ts.
import {loadV1} from "../../data-loaders/v1Source.ts";
import {v1NeuronsArrow} from "../../data-loaders/v1Arrow.ts";

try {
  process.stdout.write(v1NeuronsArrow(await loadV1()));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
