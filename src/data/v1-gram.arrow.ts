// Loader entry: the stimuli's Gram matrix of the V1 responses (for PCA at any bin width) as Arrow IPC on stdout.
// Implementation: data-loaders/v1Source.ts and data-loaders/v1Arrow.ts.
import {loadV1} from "../../data-loaders/v1Source.ts";
import {v1GramArrow} from "../../data-loaders/v1Arrow.ts";

try {
  process.stdout.write(v1GramArrow(await loadV1()));
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
