// Loader entry: V1 responses (stimulus × neuron, one Float32 buffer) as Arrow IPC on stdout.
// Implementation: data-loaders/v1Source.ts (real npz or synthetic stand-in) and data-loaders/v1Arrow.ts.
import {loadV1} from "../../data-loaders/v1Source.ts";
import {v1ResponsesArrow} from "../../data-loaders/v1Arrow.ts";

try {
  process.stdout.write(v1ResponsesArrow(await loadV1()));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
