/**
 * Serialises a `Graph` to an ONNX ModelProto with `onnx-proto` (protobufjs over ONNX 1.10's schema).
 * Models use IR version 8 and opset 17, which onnxruntime-node and onnxruntime-web (WASM and WebGPU) load.
 */
import onnxProto from "onnx-proto";
import type {Attribute, DType, Graph, Value} from "./graph.js";

const {onnx} = onnxProto;

/** ONNX IR version written to every model. */
export const IR_VERSION = 8;
/** Default-domain opset every model imports. */
export const OPSET = 17;

const DATA_TYPE: Record<DType, number> = {float32: 1, int32: 6, int64: 7, bool: 9, float64: 11};

/** Options of `toModelBytes`. */
export interface ModelOptions {
  /** Free-form key/value metadata stored in `metadata_props` (e.g. a JSON description of the inputs). */
  metadata?: Record<string, string>;
  /** Producer name written to the model. */
  producerName?: string;
  /** Documentation string written to the model. */
  docString?: string;
}

function valueInfo(v: Value) {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[v.dtype],
        shape: {dim: v.shape.map((d) => (typeof d === "number" ? {dimValue: d} : {dimParam: d}))},
      },
    },
  };
}

function attribute(name: string, a: Attribute) {
  const T = onnx.AttributeProto.AttributeType;
  if ("int" in a) return {name, type: T.INT, i: a.int};
  if ("float" in a) return {name, type: T.FLOAT, f: a.float};
  if ("ints" in a) return {name, type: T.INTS, ints: [...a.ints]};
  if ("floats" in a) return {name, type: T.FLOATS, floats: [...a.floats]};
  return {name, type: T.STRING, s: Uint8Array.from(a.string, (c) => c.charCodeAt(0))}; // attribute strings here are ASCII
}

/** Builds the ModelProto message of `graph` (useful to inspect; `toModelBytes` encodes it). */
export function toModelProto(
  graph: Graph,
  {metadata = {}, producerName = "@brain-nets/models", docString}: ModelOptions = {},
) {
  for (const out of graph.outputs)
    if (!graph.values.has(out.name)) throw new Error(`toModelProto: output "${out.name}" missing`);
  const initializer = [...graph.initializers].map(([name, t]) => ({
    name,
    dims: [...t.dims],
    dataType: DATA_TYPE[t.dtype],
    // ONNX raw_data is little-endian, which is every platform ONNX Runtime (node and web) runs on.
    rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  }));
  return onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{domain: "", version: OPSET}],
    producerName,
    docString,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({key, value})),
    graph: {
      name: graph.name,
      node: graph.nodes.map((n) => ({
        name: n.name,
        opType: n.opType,
        domain: "",
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)),
      })),
      initializer,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
}

/** Encodes `graph` as ONNX model bytes, ready for `InferenceSession.create(bytes)` or a `.onnx` file. */
export function toModelBytes(graph: Graph, options: ModelOptions = {}): Uint8Array {
  return onnx.ModelProto.encode(toModelProto(graph, options)).finish();
}

/** Reads the `metadata_props` of ONNX model bytes (e.g. to recover a train-step graph's input roles). */
export function readModelMetadata(bytes: Uint8Array): Record<string, string> {
  const model = onnx.ModelProto.decode(bytes);
  return Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
}
