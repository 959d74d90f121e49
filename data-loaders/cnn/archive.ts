/**
 * The `cnn.zip` artifact: for each trained grating CNN (`tilt`, `deep`), `<v>.onnx` (inference, with every
 * layer's activation as an extra output), `<v>-train.onnx` (the train-step graph), `<v>.json` (report: loss
 * curve, accuracy during training and vs tilt, parameter layout), and `<v>-initial.bin` / `<v>-trained.bin`
 * (Float32 weights, little-endian, concatenated in the report's `params` order). Pages read the members as
 * `FileAttachment("data/cnn/<member>")`.
 */
import {CNN_VARIANTS, packWeights, type CnnVariant, type TrainCnnOptions} from "./gratingCnns.js";
import {loadTrainedCnn} from "./trained.js";
import {storedZip} from "../zip.js";

/** Trains every variant and returns the zip bytes. */
export async function cnnArchive(options: TrainCnnOptions = {}): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const variant of Object.keys(CNN_VARIANTS) as CnnVariant[]) {
    const r = await loadTrainedCnn(variant, options);
    files[`${variant}.onnx`] = r.inference;
    files[`${variant}-train.onnx`] = r.trainStep;
    files[`${variant}.json`] = new TextEncoder().encode(JSON.stringify(r.report));
    files[`${variant}-initial.bin`] = new Uint8Array(packWeights(r.initial, r.report.params).buffer);
    files[`${variant}-trained.bin`] = new Uint8Array(packWeights(r.trained, r.report.params).buffer);
    options.log?.(`cnn ${variant}: trained in ${r.report.training.seconds.toFixed(1)} s`);
  }
  return storedZip(files);
}
