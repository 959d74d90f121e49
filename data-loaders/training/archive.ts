/**
 * The `decoders.zip` artifact: for each recipe of recipes.ts, `<name>.onnx` (inference: input `x`
 * `[batch, nNeurons]`, output `y`, trained weights inside), `<name>-train.onnx` (the train-step graph; naming in
 * models/src/model.ts), `<name>.json` (report: loss history, test loss, test metrics, test predictions, parameter
 * layout) and `<name>-weights.bin` (trained float32 weights, little-endian, concatenated in the report's `params`
 * order, to continue training in the page). `index.json` lists the recipes with their metrics and the data source.
 * Pages read members as `FileAttachment("data/decoders/<member>")`.
 */
import {loadV1} from "../v1Source.ts";
import {storedZip} from "../zip.ts";
import {packWeights, trainRecipe, type DecodingData} from "./decoders.ts";
import {RECIPES, type Recipe} from "./recipes.ts";

/** Trains `recipes` on `data` and returns the zip bytes. */
export async function decodersArchive(
  data: DecodingData & {source?: unknown},
  {recipes = RECIPES, log = () => {}}: {recipes?: readonly Recipe[]; log?: (m: string) => void} = {},
): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const index: Record<string, unknown>[] = [];
  const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
  for (const recipe of recipes) {
    const r = await trainRecipe(recipe, data, {log});
    files[`${recipe.name}.onnx`] = r.inference;
    files[`${recipe.name}-train.onnx`] = r.trainStep;
    files[`${recipe.name}.json`] = json({...r.report, source: data.source ?? null});
    files[`${recipe.name}-weights.bin`] = packWeights(r.weights, r.report.params as {name: string}[]);
    const {name, title, description, kind, metrics, iterations} = r.report;
    index.push({name, title, description, kind, iterations, metrics});
  }
  files["index.json"] = json({
    nStimuli: data.nStimuli,
    nNeurons: data.nNeurons,
    source: data.source ?? null,
    recipes: index,
  });
  return storedZip(files);
}

/** Loads the V1 data (real or synthetic, 1° bins) and builds the archive: what `src/data/decoders.zip.ts` runs. */
export async function buildDecodersArchive({log = (m: string) => console.error(m)} = {}): Promise<Uint8Array> {
  const v1 = await loadV1({binWidth: 1, log});
  return decodersArchive(v1, {log});
}
