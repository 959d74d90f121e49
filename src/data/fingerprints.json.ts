// Loader entry: layer fingerprints of every V1 neuron at the fingerprint page's defaults (alpha chosen by CV).
// Implementation: data-loaders/analysis/fingerprints.ts.
import {loadV1} from "../../data-loaders/v1Source.ts";
import {fingerprintSummary} from "../../data-loaders/analysis/fingerprints.ts";

try {
  process.stdout.write(JSON.stringify(await fingerprintSummary(await loadV1({binWidth: 1}))));
} catch (e) {
  console.error((e as Error).stack ?? e);
  process.exit(1);
}
