// Decoders of V1 orientation trained at build time (members: see data-loaders/training/archive.ts).
import {buildDecodersArchive} from "../../data-loaders/training/archive.ts";

try {
  process.stdout.write(await buildDecodersArchive());
} catch (e) {
  console.error(`decoders.zip: ${(e as Error).stack ?? e}`);
  process.exit(1);
}
