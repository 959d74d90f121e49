// The V1 encoding model trained at build time (see data-loaders/encoding/encoding.ts for the members).
import {encodingArchive} from "../../data-loaders/encoding/encoding.js";

try {
  process.stdout.write(await encodingArchive({log: (m) => console.error(m)}));
} catch (e) {
  console.error(`encoding.zip: ${(e as Error).stack ?? e}`);
  process.exit(1);
}
