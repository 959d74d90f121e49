// Loader entry: RSA of every network layer against V1 at the RSA page's default inputs.
// Implementation: data-loaders/analysis/rsa.ts.
import {loadV1} from "../../data-loaders/v1Source.ts";
import {rsaSummary} from "../../data-loaders/analysis/rsa.ts";

try {
  process.stdout.write(JSON.stringify(await rsaSummary(await loadV1({binWidth: 1}))));
} catch (e) {
  console.error((e as Error).stack ?? e);
  process.exit(1);
}
