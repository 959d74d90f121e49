// The grating CNNs trained at build time (see data-loaders/cnn/archive.ts for the members).
import {cnnArchive} from "../../data-loaders/cnn/archive.js";

try {
  process.stdout.write(await cnnArchive({log: (m) => console.error(m)}));
} catch (e) {
  console.error(`cnn.zip: ${(e as Error).stack ?? e}`);
  process.exit(1);
}
