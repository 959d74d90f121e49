/**
 * Writes `rsa-layers.arrow` (read by src/components/layerGrams.ts `readLayerGrams`): every layer's Gram
 * matrices on the 1° V1 stimuli as packed lower triangles, one Float32 column per layer and kind, with the
 * layer list and stimuli in the schema metadata. Uncompressed (Arrow JS reads compressed buffers only with
 * codecs registered by hand).
 */
import {Schema, Table, tableFromArrays, tableToIPC} from "apache-arrow";
import {LAYERS_ARROW, packLower, type LayerGram} from "../../src/components/core/layerGrams.ts";

/** Serialises layer Grams computed on `stimuli` as Arrow IPC. */
export function layerGramsArrow(stimuli: ArrayLike<number>, layers: LayerGram[]): Uint8Array {
  const n = stimuli.length;
  const columns: Record<string, Float32Array> = {};
  layers.forEach((l, i) => {
    if (l.n !== n) throw new RangeError(`layerGramsArrow: layer ${l.network}/${l.layer} has ${l.n} stimuli, not ${n}`);
    columns[LAYERS_ARROW.column(i, "gram")] = packLower(l.gram, n);
    columns[LAYERS_ARROW.column(i, "centered")] = packLower(l.centered, n);
  });
  const table = tableFromArrays(columns);
  const meta = {
    stimuli: Array.from(stimuli),
    layers: layers.map(({network, layer, nUnits}) => ({network, layer, nUnits})),
  };
  const schema = new Schema(table.schema.fields, new Map([[LAYERS_ARROW.metaKey, JSON.stringify(meta)]]));
  return tableToIPC(new Table(schema, table.batches), "file");
}
