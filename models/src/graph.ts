/**
 * A small typed ONNX graph builder. Every value carries its dtype and a static shape (dims are numbers, or
 * strings for symbolic dims such as a batch size), so gradient rules can work out broadcasting at build time.
 * Nodes are appended in topological order; `toModelBytes` (onnx.ts) serialises a graph to an ONNX model.
 */

/** Element types the builder knows; floating graphs are `float32` (default) or `float64`. */
export type DType = "float32" | "float64" | "int64" | "int32" | "bool";

/** A dimension: a fixed size, or a symbolic name (e.g. `"batch"`) that is fixed only when the graph runs. */
export type Dim = number | string;

/** A shape: one dim per axis; `[]` is a scalar. */
export type Shape = readonly Dim[];

/** A named value in a graph (graph input, initializer or node output). */
export interface Value {
  /** Unique name inside its graph (ONNX value name). */
  readonly name: string;
  /** Element type. */
  readonly dtype: DType;
  /** Static shape; symbolic dims are strings. */
  readonly shape: Shape;
}

/** A node attribute, tagged with its ONNX attribute type. */
export type Attribute =
  {int: number} | {float: number} | {ints: readonly number[]} | {floats: readonly number[]} | {string: string};

/** One ONNX node. Missing optional inputs are `""`. */
export interface Node {
  /** ONNX operator type, e.g. `"Gemm"`. */
  readonly opType: string;
  /** Input value names (`""` for an omitted optional input). */
  readonly inputs: readonly string[];
  /** Output value names. */
  readonly outputs: readonly string[];
  /** Attributes by name. */
  readonly attrs: Readonly<Record<string, Attribute>>;
  /** Unique node name. */
  readonly name: string;
}

/** Typed arrays the builder stores for each dtype. */
export type TypedArrayFor<T extends DType> = T extends "float32"
  ? Float32Array
  : T extends "float64"
    ? Float64Array
    : T extends "int64"
      ? BigInt64Array
      : T extends "int32"
        ? Int32Array
        : Uint8Array;

/** Any typed array an initializer may hold. */
export type TensorArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A constant tensor stored in the graph (an ONNX initializer). */
export interface Initializer {
  /** Element type. */
  readonly dtype: DType;
  /** Dimensions (all fixed). */
  readonly dims: readonly number[];
  /** Row-major data. */
  readonly data: TensorArray;
}

/** Allocates a typed array of `dtype` holding `values`. */
export function typedArray(dtype: DType, values: ArrayLike<number> | number): TensorArray {
  const n = typeof values === "number" ? values : values.length;
  const src = typeof values === "number" ? undefined : values;
  switch (dtype) {
    case "float32":
      return src ? Float32Array.from(src) : new Float32Array(n);
    case "float64":
      return src ? Float64Array.from(src) : new Float64Array(n);
    case "int64":
      return src ? BigInt64Array.from(Array.from(src, (x) => BigInt(Math.trunc(x)))) : new BigInt64Array(n);
    case "int32":
      return src ? Int32Array.from(src) : new Int32Array(n);
    case "bool":
      return src ? Uint8Array.from(src, (x) => (x ? 1 : 0)) : new Uint8Array(n);
  }
}

/** Number of elements of a fully static shape; throws on a symbolic dim. */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number") throw new Error(`shapeSize: shape [${shape.join(", ")}] has a symbolic dim`);
    n *= d;
  }
  return n;
}

/** True when every dim of `shape` is a number. */
export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every((d) => typeof d === "number");
}

/** Formats a shape for error messages. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** A graph under construction: inputs, initializers, nodes and outputs, in ONNX's terms. */
export class Graph {
  /** The floating dtype of this graph's parameters and activations. */
  readonly dtype: "float32" | "float64";
  /** Graph name written to the model. */
  name: string;
  /** Nodes in topological order. */
  readonly nodes: Node[] = [];
  /** Graph inputs, in order. */
  readonly inputs: Value[] = [];
  /** Graph outputs, in order. */
  readonly outputs: Value[] = [];
  /** Constant tensors by value name. */
  readonly initializers = new Map<string, Initializer>();
  /** Every value by name. */
  readonly values = new Map<string, Value>();
  private readonly counters = new Map<string, number>();
  private readonly scalarCache = new Map<string, Value>();

  /** Creates an empty graph whose floating values are `dtype`. */
  constructor({dtype = "float32", name = "graph"}: {dtype?: "float32" | "float64"; name?: string} = {}) {
    this.dtype = dtype;
    this.name = name;
  }

  /** Returns a fresh value name starting with `prefix`. */
  uniqueName(prefix: string): string {
    let n = this.counters.get(prefix) ?? 0;
    let name: string;
    do name = `${prefix}_${n++}`;
    while (this.values.has(name));
    this.counters.set(prefix, n);
    return name;
  }

  private register(value: Value): Value {
    if (this.values.has(value.name)) throw new Error(`Graph: duplicate value name "${value.name}"`);
    this.values.set(value.name, value);
    return value;
  }

  /** Adds a graph input. */
  input(name: string, shape: Shape, dtype: DType = this.dtype): Value {
    const v = this.register({name, shape: [...shape], dtype});
    this.inputs.push(v);
    return v;
  }

  /** Adds a constant tensor (initializer) named `name` (or a fresh name when `name` is omitted). */
  initializer(
    data: ArrayLike<number> | TensorArray,
    dims: readonly number[],
    {dtype = this.dtype, name}: {dtype?: DType; name?: string} = {},
  ): Value {
    const size = dims.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`Graph.initializer: ${data.length} values for dims ${formatShape(dims)}`);
    const stored = isTypedFor(data, dtype) ? data : typedArray(dtype, data as ArrayLike<number>);
    const v = this.register({name: name ?? this.uniqueName("const"), shape: [...dims], dtype});
    this.initializers.set(v.name, {dtype, dims: [...dims], data: stored});
    return v;
  }

  /** A scalar constant (shape `[]`), shared between uses. Defaults to the graph's float dtype. */
  scalar(x: number, dtype: DType = this.dtype): Value {
    const key = `${dtype}:${Object.is(x, -0) ? "-0" : x}`;
    let v = this.scalarCache.get(key);
    if (!v) this.scalarCache.set(key, (v = this.initializer([x], [], {dtype})));
    return v;
  }

  /** A 1-D int64 constant, as ONNX wants for axes, shapes, pads and slice bounds. */
  int64s(values: readonly number[]): Value {
    return this.initializer(values, [values.length], {dtype: "int64"});
  }

  /**
   * Appends a node. `outputs` gives each output's shape and dtype (the caller infers them; see ops.ts).
   * Omitted optional inputs are `undefined` and serialise as `""`.
   */
  node(
    opType: string,
    inputs: readonly (Value | undefined)[],
    outputs: readonly {shape: Shape; dtype: DType; name?: string}[],
    attrs: Record<string, Attribute> = {},
  ): Value[] {
    for (const x of inputs)
      if (x && this.values.get(x.name) !== x)
        throw new Error(`Graph.node(${opType}): input "${x.name}" is not in this graph`);
    const outs = outputs.map((o) =>
      this.register({name: o.name ?? this.uniqueName(opType.toLowerCase()), shape: [...o.shape], dtype: o.dtype}),
    );
    this.nodes.push({
      opType,
      inputs: inputs.map((x) => x?.name ?? ""),
      outputs: outs.map((o) => o.name),
      attrs,
      name: this.uniqueName(`n_${opType}`),
    });
    return outs;
  }

  /** Marks `value` as a graph output named `name` (adding an Identity node when the name differs). */
  output(value: Value, name: string = value.name): Value {
    let v = value;
    const isInput = this.inputs.includes(value);
    if (name !== value.name || isInput) {
      [v] = this.node("Identity", [value], [{shape: value.shape, dtype: value.dtype, name}]);
    }
    this.outputs.push(v);
    return v;
  }

  /** Looks up a value by name; throws when it does not exist. */
  get(name: string): Value {
    const v = this.values.get(name);
    if (!v) throw new Error(`Graph: no value named "${name}"`);
    return v;
  }
}

function isTypedFor(data: ArrayLike<number> | TensorArray, dtype: DType): data is TensorArray {
  switch (dtype) {
    case "float32":
      return data instanceof Float32Array;
    case "float64":
      return data instanceof Float64Array;
    case "int64":
      return data instanceof BigInt64Array;
    case "int32":
      return data instanceof Int32Array;
    case "bool":
      return data instanceof Uint8Array;
  }
}
