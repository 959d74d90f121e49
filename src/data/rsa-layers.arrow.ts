// Loader entry: every network layer's stimulus Gram matrices on the 1° V1 stimuli, for the RSA and fingerprint
// pages. Implementation: data-loaders/analysis/ (layers.ts runs the networks, layersArrow.ts writes Arrow).
import {loadV1} from "../../data-loaders/v1Source.ts";
import {networkLayers} from "../../data-loaders/analysis/layers.ts";
import {layerGramsArrow} from "../../data-loaders/analysis/layersArrow.ts";
import {layerGram} from "../components/core/layerGrams.ts";

try {
  const v1 = await loadV1({binWidth: 1});
  const layers = await networkLayers(v1);
  process.stdout.write(
    layerGramsArrow(
      v1.stimuli,
      layers.map((l) => layerGram(l, v1.nStimuli)),
    ),
  );
} catch (e) {
  console.error((e as Error).stack ?? e);
  process.exit(1);
}
