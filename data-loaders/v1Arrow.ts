/**
 * Arrow IPC writers for the V1 artifacts (read in pages by src/components/core/v1.ts):
 * - `v1-responses.arrow`: the responses in one byte per value (src/components/core/v1Compact.ts): one row per
 *   neuron with its `offset` and `scale` (Float32) and its stimuli's `codes` (FixedSizeList<Uint8>[nStimuli]), the
 *   stimuli in the schema metadata, in a single record batch; a quarter of the float32 size. The float32 layout
 *   ({@link v1ResponsesFloat32Arrow}: one row per stimulus, FixedSizeList<Float32>[nNeurons]) is kept for other
 *   tools and for the comparison in BENCHMARKS.md; `readV1` reads both;
 * - `v1-neurons.arrow`: one row per neuron with its tuning summaries;
 * - `v1-gram.arrow`: the stimuli's Gram matrix X Xᵀ (stimuli × stimuli, Float64), from which a page gets the
 *   population's principal components at any bin width without the O(stimuli² × neurons) product.
 * The source (real/synthetic, md5 or seed and generator parameters) travels in the schema metadata.
 * Uncompressed: Arrow JS only reads compressed buffers with codecs registered by hand.
 */
import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint8,
  makeData,
  tableToIPC,
  type Data,
} from "apache-arrow";
import {gram} from "../src/components/core/linalg.ts";
import {tuningStats} from "../src/components/core/tuning.ts";
import {V1_ARROW, type V1Dataset} from "../src/components/core/v1.ts";
import {compactResponses} from "../src/components/core/v1Compact.ts";

function float32Data(values: Float32Array): Data<Float32> {
  return makeData({type: new Float32(), length: values.length, nullCount: 0, data: values});
}

function singleBatchTable(fields: Field[], children: Data[], length: number, metadata: Map<string, string>): Table {
  const schema = new Schema(fields, metadata);
  const struct = makeData({type: new Struct(fields), length, nullCount: 0, children});
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

function sourceMetadata(dataset: V1Dataset, binWidth: number): Map<string, string> {
  return new Map([
    [V1_ARROW.sourceKey, JSON.stringify(dataset.source)],
    [V1_ARROW.binWidthKey, String(binWidth)],
  ]);
}

/**
 * Serialises the responses and stimuli as the `v1-responses.arrow` IPC file in the compact layout: the dataset's own
 * codes when it carries them (as {@link loadV1}'s datasets do), else the responses quantised here.
 */
export function v1ResponsesArrow(dataset: V1Dataset, {binWidth = 1}: {binWidth?: number} = {}): Uint8Array {
  const {responses, stimuli, nStimuli, nNeurons} = dataset;
  const compact = dataset.compact ?? compactResponses(responses, nStimuli, nNeurons);
  if (compact.nStimuli !== nStimuli || compact.nNeurons !== nNeurons)
    throw new RangeError(
      `v1ResponsesArrow: codes of ${compact.nStimuli} × ${compact.nNeurons} for ${nStimuli} × ${nNeurons}`,
    );
  const listType = new FixedSizeList(nStimuli, new Field("stimulus", new Uint8(), false));
  const codes = makeData({
    type: listType,
    length: nNeurons,
    nullCount: 0,
    child: makeData({type: new Uint8(), length: compact.codes.length, nullCount: 0, data: compact.codes}),
  });
  const fields = [
    new Field(V1_ARROW.offset, new Float32(), false),
    new Field(V1_ARROW.scale, new Float32(), false),
    new Field(V1_ARROW.codes, listType, false),
  ];
  const metadata = sourceMetadata(dataset, binWidth);
  metadata.set(V1_ARROW.stimuliKey, JSON.stringify(Array.from(stimuli)));
  const children = [float32Data(compact.offset), float32Data(compact.scale), codes];
  return tableToIPC(singleBatchTable(fields, children, nNeurons, metadata), "file");
}

/** Serialises the responses and stimuli in the float32 layout (one row per stimulus); see the module comment. */
export function v1ResponsesFloat32Arrow(dataset: V1Dataset, {binWidth = 1}: {binWidth?: number} = {}): Uint8Array {
  const {responses, stimuli, nStimuli, nNeurons} = dataset;
  if (responses.length !== nStimuli * nNeurons)
    throw new RangeError(`v1ResponsesArrow: ${responses.length} ≠ ${nStimuli} × ${nNeurons}`);
  const listType = new FixedSizeList(nNeurons, new Field("neuron", new Float32(), false));
  const list = makeData({type: listType, length: nStimuli, nullCount: 0, child: float32Data(responses)});
  const fields = [new Field(V1_ARROW.stimulus, new Float32(), false), new Field(V1_ARROW.responses, listType, false)];
  const table = singleBatchTable(fields, [float32Data(stimuli), list], nStimuli, sourceMetadata(dataset, binWidth));
  return tableToIPC(table, "file");
}

/** Computes the per-neuron tuning summaries and serialises them as the `v1-neurons.arrow` IPC file. */
export function v1NeuronsArrow(dataset: V1Dataset, {binWidth = 1}: {binWidth?: number} = {}): Uint8Array {
  const {responses, stimuli, nNeurons} = dataset;
  const stats = tuningStats(responses, stimuli, nNeurons);
  const index = new Int32Array(nNeurons);
  for (let j = 0; j < nNeurons; j++) index[j] = j;
  const fields = [
    new Field(V1_ARROW.neuron, new Int32(), false),
    ...[V1_ARROW.preferred, V1_ARROW.osi, V1_ARROW.dsi, V1_ARROW.gain].map((n) => new Field(n, new Float32(), false)),
  ];
  const children = [
    makeData({type: new Int32(), length: nNeurons, nullCount: 0, data: index}),
    float32Data(stats.preferred),
    float32Data(stats.osi),
    float32Data(stats.dsi),
    float32Data(stats.gain),
  ];
  return tableToIPC(singleBatchTable(fields, children, nNeurons, sourceMetadata(dataset, binWidth)), "file");
}

/** Computes the stimuli's Gram matrix X Xᵀ and serialises it as the `v1-gram.arrow` IPC file. */
export function v1GramArrow(dataset: V1Dataset, {binWidth = 1}: {binWidth?: number} = {}): Uint8Array {
  const {responses, stimuli, nStimuli, nNeurons} = dataset;
  const g = gram(responses, nStimuli, nNeurons);
  const listType = new FixedSizeList(nStimuli, new Field("stimulus", new Float64(), false));
  const rows = makeData({
    type: listType,
    length: nStimuli,
    nullCount: 0,
    child: makeData({type: new Float64(), length: g.length, nullCount: 0, data: g}),
  });
  const fields = [new Field(V1_ARROW.stimulus, new Float32(), false), new Field(V1_ARROW.gram, listType, false)];
  return tableToIPC(
    singleBatchTable(fields, [float32Data(stimuli), rows], nStimuli, sourceMetadata(dataset, binWidth)),
    "file",
  );
}
