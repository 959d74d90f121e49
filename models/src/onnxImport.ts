/**
 * Reading a reader's own ONNX image network ("Your model"): what its image input is, which of its tensors are layers
 * worth comparing with V1, and a copy of the model whose graph outputs include the layers picked. Models exported by
 * PyTorch's `torch.onnx.export` and by tf2onnx (opsets 11 to 21) decode with `onnx-proto`'s schema.
 *
 * The copy is the original bytes with a second, tiny `ModelProto` appended that holds only the new graph outputs:
 * ONNX Runtime's protobuf parser merges a repeated embedded message field and appends repeated fields, so every byte
 * of the reader's model (fields this schema does not know included) stays as it was, and nothing large is re-encoded.
 * (protobufjs replaces a repeated message instead, so the page never decodes the copy.)
 */
import onnxProto from "onnx-proto";

const {onnx} = onnxProto;

/** A fault in a reader's model file, with the message the page shows. */
export class ModelFileError extends Error {
  override name = "ModelFileError";
}

/** The model's image input. */
export interface ImageInput {
  name: string;
  /** Where the channels are: NCHW (PyTorch) or NHWC (TensorFlow/Keras via tf2onnx, when the shape says so). */
  layout: "NCHW" | "NHWC";
  /** 1 or 3. */
  channels: number;
  /** Fixed height and width, or null where the dimension is dynamic (named or unknown). */
  height: number | null;
  width: number | null;
  /** The batch dimension: a fixed size, or its name ("batch_size", "N", …) or null when unnamed. */
  batch: number | string | null;
}

/** What a candidate layer is. */
export type LayerKind = "conv" | "activation" | "pool" | "dense" | "residual" | "reshape" | "concat";

/** A tensor of the graph that can be a layer of the analysis. */
export interface CandidateLayer {
  /** The tensor's name (what becomes a graph output). */
  tensor: string;
  /** The node that computes it, its op and its position in the graph (nodes are topologically sorted). */
  node: string;
  opType: string;
  depth: number;
  kind: LayerKind;
  /** A short label for the page: the node's name when it has one, else the tensor's, and the op unless the name ends with it. */
  label: string;
}

/** What the page shows of a model before running it. */
export interface OnnxSummary {
  irVersion: number;
  /** The default domain's opset (0 when the model does not import it). */
  opset: number;
  producer: string;
  input: ImageInput;
  /** The graph's own outputs. */
  outputs: string[];
  candidates: CandidateLayer[];
  /** Distinct ops, as `domain:OpType` outside the default domain. */
  ops: string[];
  /** Number of weights in the initializers. */
  parameters: number;
  nodes: number;
}

const KIND: Record<string, LayerKind> = {
  Conv: "conv",
  ConvTranspose: "conv",
  Relu: "activation",
  LeakyRelu: "activation",
  PRelu: "activation",
  Elu: "activation",
  Selu: "activation",
  Celu: "activation",
  Sigmoid: "activation",
  HardSigmoid: "activation",
  HardSwish: "activation",
  Tanh: "activation",
  Softplus: "activation",
  Gelu: "activation",
  Mish: "activation",
  Clip: "activation",
  MaxPool: "pool",
  AveragePool: "pool",
  LpPool: "pool",
  GlobalAveragePool: "pool",
  GlobalMaxPool: "pool",
  Gemm: "dense",
  MatMul: "dense",
  Add: "residual",
  Flatten: "reshape",
  Reshape: "reshape",
  Concat: "concat",
};

/** Domains ONNX Runtime Web's kernels cover (the default one, its ai.onnx alias, Microsoft's contrib ops, ML ops). */
const KNOWN_DOMAINS = new Set(["", "ai.onnx", "com.microsoft", "ai.onnx.ml"]);

const toNumber = (v: number | {toNumber(): number} | null | undefined): number =>
  v == null ? 0 : typeof v === "number" ? v : v.toNumber();

const FIRST_TAGS = new Set([0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72, 0xa2, 0xca]);

/** Decodes the bytes, with a message for a file that is not a model or is cut short. */
function decode(bytes: Uint8Array, file: string): onnxProto.onnx.ModelProto {
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (head.startsWith("PK"))
    throw new ModelFileError(
      `${file} is a zip archive, not an ONNX model (a PyTorch .pt checkpoint is one): export it with torch.onnx.export(model, example, "${file.replace(/\.[^.]+$/, "")}.onnx")`,
    );
  if (head.startsWith("\x89HDF"))
    throw new ModelFileError(`${file} is an HDF5 (Keras) file, not an ONNX model: convert it with tf2onnx`);
  // Every ModelProto field's tag (ir_version, producer, graph, opset_import, …): the first byte of any ONNX file.
  if (bytes.length === 0 || !FIRST_TAGS.has(bytes[0]))
    throw new ModelFileError(`${file} is not an ONNX model (its first bytes are not those of one)`);
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const message = (e as Error).message;
    if (/index out of range/.test(message))
      throw new ModelFileError(
        `${file} ends early: the ONNX data stop after ${bytes.length.toLocaleString("en-US")} bytes (a truncated download or copy?)`,
      );
    throw new ModelFileError(`${file} is not an ONNX model (it does not decode as one: ${message})`);
  }
  if (!model.graph || !model.graph.node?.length || toNumber(model.irVersion) <= 0)
    throw new ModelFileError(`${file} is not an ONNX model (no graph of operators in it)`);
  return model;
}

/** The image input: the first 4-D float input that is not an initializer. */
function imageInput(graph: onnxProto.onnx.IGraphProto, file: string): ImageInput {
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? ""));
  const described = inputs.map((v) => {
    const t = v.type?.tensorType;
    const dims = (t?.shape?.dim ?? []).map((d) =>
      d.dimValue != null && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : (d.dimParam ?? null) || null,
    );
    return {name: v.name ?? "", elemType: t?.elemType ?? 0, dims, hasShape: !!t?.shape};
  });
  const image = described.find((v) => v.elemType === 1 && v.hasShape && v.dims.length === 4);
  if (!image) {
    const list = described.map(
      (v) => `${v.name} [${v.hasShape ? v.dims.map((d) => d ?? "?").join(", ") : "no shape"}]`,
    );
    throw new ModelFileError(
      `${file} has no 4-D image input (batch × channels × height × width, float32); its inputs are ${list.join(", ") || "none"}`,
    );
  }
  const fixed = (d: number | string | null) => (typeof d === "number" ? d : null);
  const [b, d1, d2, d3] = image.dims;
  const isChannels = (d: number | string | null) => d === 1 || d === 3;
  const layout = !isChannels(d1) && isChannels(d3) ? "NHWC" : "NCHW";
  const channels = fixed(layout === "NCHW" ? d1 : d3);
  if (channels !== null && channels !== 1 && channels !== 3)
    throw new ModelFileError(
      `${file}'s input ${image.name} has ${channels} channels; the gratings can be drawn in 1 (grey) or 3 (RGB) channels`,
    );
  const [h, w] = layout === "NCHW" ? [d2, d3] : [d1, d2];
  return {name: image.name, layout, channels: channels ?? 3, height: fixed(h), width: fixed(w), batch: b};
}

/** Throws, saying how to embed them, when any tensor keeps its data in a separate file. */
function checkEmbedded(graph: onnxProto.onnx.IGraphProto, file: string): void {
  const tensors: onnxProto.onnx.ITensorProto[] = [...(graph.initializer ?? [])];
  for (const n of graph.node ?? []) for (const a of n.attribute ?? []) if (a.t) tensors.push(a.t);
  const external = tensors.filter(
    (t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0,
  );
  if (external.length === 0) return;
  const where = external[0].externalData?.find((e) => e.key === "location")?.value;
  throw new ModelFileError(
    `${file} keeps ${external.length} weight tensor${external.length === 1 ? "" : "s"} in a separate file${where ? ` (${where})` : ""}; ` +
      `the page needs them embedded in the .onnx file: in Python, onnx.save_model(onnx.load("${file}"), "embedded.onnx", save_as_external_data=False) ` +
      `(possible for models under 2 GB)`,
  );
}

/** Tensors computed from the image (not from shapes or constants): only these can be layers. */
function imageDependent(graph: onnxProto.onnx.IGraphProto, input: string): Set<string> {
  const live = new Set([input]);
  for (const n of graph.node ?? []) {
    if (n.opType === "Shape" || n.opType === "Size") continue; // their outputs describe, they are not activations
    if ((n.input ?? []).some((i) => live.has(i))) for (const o of n.output ?? []) if (o) live.add(o);
  }
  return live;
}

/**
 * The steps every reading of a reader's model starts with: decode the file, insist on embedded weights, find the
 * image input and the tensors computed from it. Throws {@link ModelFileError} with the reader's message.
 */
function readGraph(bytes: Uint8Array, file: string) {
  const model = decode(bytes, file);
  const graph = model.graph as onnxProto.onnx.GraphProto;
  checkEmbedded(graph, file);
  const input = imageInput(graph, file);
  return {model, graph, input, live: imageDependent(graph, input.name)};
}

/** A node's label: PyTorch's names end with the op ("/layer1/relu/Relu"); others get it added. */
function layerLabel(name: string, opType: string): string {
  return name.endsWith(opType) ? name : `${name} (${opType})`;
}

/** Reads a model file's structure; throws {@link ModelFileError} with the reader's message on any fault. */
export function inspectOnnx(bytes: Uint8Array, file = "the file"): OnnxSummary {
  const {model, graph, input, live} = readGraph(bytes, file);
  const unknown = new Set<string>();
  const ops = new Set<string>();
  for (const n of graph.node) {
    const domain = n.domain ?? "";
    ops.add(domain && domain !== "ai.onnx" ? `${domain}:${n.opType}` : (n.opType ?? ""));
    if (!KNOWN_DOMAINS.has(domain)) unknown.add(`${n.opType} (domain ${domain})`);
  }
  if (unknown.size)
    throw new ModelFileError(
      `${file} uses ${unknown.size === 1 ? "an op" : "ops"} that ONNX Runtime Web cannot run on WebGPU or WASM: ${[...unknown].join(", ")} (custom operators)`,
    );
  const constant = new Set((graph.initializer ?? []).map((t) => t.name ?? ""));
  const candidates: CandidateLayer[] = [];
  graph.node.forEach((n, depth) => {
    const kind = KIND[n.opType ?? ""];
    const tensor = n.output?.[0];
    if (!kind || !tensor || !live.has(tensor) || (n.domain && n.domain !== "ai.onnx")) return;
    const inputs = (n.input ?? []).filter(Boolean);
    // A residual sum joins two computed tensors; an Add of a bias, a MatMul of two activations (attention) are not layers here.
    if (kind === "residual" && inputs.filter((i) => live.has(i)).length < 2) return;
    if (n.opType === "MatMul" && !inputs.some((i) => constant.has(i))) return;
    candidates.push({
      tensor,
      node: n.name ?? "",
      opType: n.opType!,
      depth,
      kind,
      label: layerLabel(n.name || tensor, n.opType!),
    });
  });
  if (candidates.length === 0)
    throw new ModelFileError(
      `${file} has no layer the page can read (no Conv, activation, pooling or dense op on its image)`,
    );
  const parameters = graph.initializer.reduce(
    (s, t) => s + (t.dims ?? []).reduce((p: number, d) => p * toNumber(d), 1),
    0,
  );
  const opset = model.opsetImport.find((o) => !o.domain || o.domain === "ai.onnx");
  return {
    irVersion: toNumber(model.irVersion),
    opset: toNumber(opset?.version),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(" "),
    input,
    outputs: graph.output.map((o) => o.name ?? ""),
    candidates,
    ops: [...ops].sort(),
    parameters,
    nodes: graph.node.length,
  };
}

/**
 * A sensible handful of layers spread over depth: block ends (activations, pooling, residual sums, dense layers,
 * concatenations) at evenly spaced depths, the last one included; plain convolutions and reshapes only when there are
 * too few of those.
 */
export function defaultLayers(candidates: readonly CandidateLayer[], count = 5): string[] {
  const ends = candidates.filter((c) => c.kind !== "conv" && c.kind !== "reshape");
  const pool = ends.length >= Math.min(count, 2) ? ends : candidates;
  if (pool.length <= count) return pool.map((c) => c.tensor);
  const picked = new Set<number>();
  for (let k = 0; k < count; k++) picked.add(Math.round((k * (pool.length - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => pool[i].tensor);
}

/**
 * A copy of the model whose graph outputs also include `tensors` (float32, shape left to ONNX Runtime): the
 * original bytes followed by a ModelProto that holds only those outputs (see the module's note).
 */
export function withOutputs(
  bytes: Uint8Array,
  tensors: readonly string[],
  existing: readonly string[] = [],
): Uint8Array {
  const add = tensors.filter((t) => !existing.includes(t));
  if (add.length === 0) return bytes;
  const extra = onnx.ModelProto.encode(
    onnx.ModelProto.create({graph: {output: add.map((name) => ({name, type: {tensorType: {elemType: 1}}}))}}),
  ).finish();
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes);
  out.set(extra, bytes.length);
  return out;
}

/**
 * The op ONNX Runtime names when it cannot create a session ("Could not find an implementation for Foo(13) node
 * with name …", "Unrecognized attribute", …), as the reader's message; null when the failure names none.
 */
export function unsupportedOpMessage(error: string, file = "the model"): string | null {
  const m =
    /implementation for (\w+)\((\d+)\)/.exec(error) ??
    /No Op registered for (\w+) with domain_version of (\d+)/.exec(error);
  if (!m) return null;
  return `${file} uses ${m[1]} (opset ${m[2]}), which ONNX Runtime Web cannot run on WebGPU or WASM; re-export it with another opset or without that op`;
}

/** The first convolution's filters of an image network (what {@link firstConvFilters} returns). */
export interface ConvFilters {
  /** The Conv node (its name, or its output's), its output tensor and the page's label for it. */
  node: string;
  tensor: string;
  label: string;
  /** Filters, input channels per filter (the image's channels unless the conv is grouped), height and width. */
  filters: number;
  channels: number;
  height: number;
  width: number;
  group: number;
  /** The weights as ONNX stores them: [filters, channels, height, width], row-major. */
  weights: Float32Array;
}

/** IEEE half-precision bits to a number. */
function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** A float32 or float16 tensor's values (raw_data or the typed field), or null for other types. */
function floatValues(t: onnxProto.onnx.ITensorProto): Float32Array | null {
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  if (t.dataType === onnx.TensorProto.DataType.FLOAT) {
    if (raw) return new Float32Array(new Uint8Array(raw).buffer); // a copy: raw_data need not be 4-byte aligned (nor own its buffer)
    return Float32Array.from(t.floatData ?? []);
  }
  if (t.dataType === onnx.TensorProto.DataType.FLOAT16) {
    const bits = raw
      ? Array.from({length: raw.length / 2}, (_, i) => raw[2 * i] | (raw[2 * i + 1] << 8))
      : (t.int32Data ?? []);
    return Float32Array.from(bits, half);
  }
  return null;
}

/**
 * The filters of the first convolution applied to the image (the nodes are topologically sorted, so the first Conv
 * whose input is computed from the image), with weights from an initializer or a Constant node. Throws
 * {@link ModelFileError} when the model has no such convolution or its weights are not plain floats (quantised).
 */
export function firstConvFilters(bytes: Uint8Array, file = "the file"): ConvFilters {
  const {graph, live} = readGraph(bytes, file);
  const conv = graph.node.find((n) => n.opType === "Conv" && live.has(n.input?.[0] ?? ""));
  if (!conv) throw new ModelFileError(`${file} has no convolution on its image, so it has no first-layer filters`);
  const weightName = conv.input?.[1];
  const constant = graph.node.find((n) => n.opType === "Constant" && n.output?.[0] === weightName);
  const tensor =
    graph.initializer.find((t) => t.name === weightName) ?? constant?.attribute?.find((a) => a.name === "value")?.t;
  const output = conv.output?.[0] ?? "";
  const name = conv.name || output;
  if (!tensor)
    throw new ModelFileError(
      `${file}'s first convolution (${name}) computes its weights in the graph (quantised or generated), so they cannot be drawn`,
    );
  const weights = floatValues(tensor);
  const dims = (tensor.dims ?? []).map(toNumber);
  if (!weights || dims.length !== 4)
    throw new ModelFileError(
      `${file}'s first convolution (${name}) has ${dims.length === 4 ? "weights that are not float32 or float16 (quantised?)" : `${dims.length}-D weights, not 2-D filters`}, so they cannot be drawn`,
    );
  const group = toNumber(conv.attribute?.find((a) => a.name === "group")?.i) || 1;
  return {
    node: conv.name ?? "",
    tensor: output,
    label: layerLabel(name, "Conv"),
    filters: dims[0],
    channels: dims[1],
    height: dims[2],
    width: dims[3],
    group,
    weights,
  };
}
