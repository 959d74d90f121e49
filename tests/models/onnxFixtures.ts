/**
 * Small ONNX image networks written node by node, in the patterns PyTorch's torch.onnx.export and tf2onnx produce
 * (named dynamic batch, Gemm with transB, BatchNormalization, GlobalAveragePool, Flatten, Reshape with a shape
 * initializer, weights in raw_data, NCHW or NHWC inputs), for the "your model" tests. Weights are seeded.
 */
import onnxProto from "onnx-proto";

const {onnx} = onnxProto;

type Dim = number | string;

/** A seeded uniform source in [-1, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

/** Builds a graph node by node. */
export class OnnxBuilder {
  private nodes: onnxProto.onnx.INodeProto[] = [];
  private inits: onnxProto.onnx.ITensorProto[] = [];
  private inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private count = 0;
  private rand: () => number;

  constructor(seed = 1) {
    this.rand = uniform(seed);
  }

  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** A float initializer in raw_data (random, scaled by `scale`, unless `values` are given). */
  weight(dims: number[], {scale = 0.3, values}: {scale?: number; values?: number[]} = {}): string {
    const name = `w${this.inits.length}`;
    const size = dims.reduce((a, b) => a * b, 1);
    const data = values ? Float32Array.from(values) : Float32Array.from({length: size}, () => this.rand() * scale);
    this.inits.push({name, dims, dataType: 1, rawData: new Uint8Array(data.buffer)});
    return name;
  }

  /** An int64 initializer (shapes for Reshape), in raw_data. */
  int64(values: number[]): string {
    const name = `i${this.inits.length}`;
    const data = BigInt64Array.from(values.map(BigInt));
    this.inits.push({name, dims: [values.length], dataType: 7, rawData: new Uint8Array(data.buffer)});
    return name;
  }

  node(opType: string, inputs: string[], attrs: Record<string, number | number[]> = {}, name?: string): string {
    const out = `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({
      name: name ?? `/${opType}_${this.count}`,
      opType,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) =>
        Array.isArray(v)
          ? {name: k, type: onnx.AttributeProto.AttributeType.INTS, ints: v}
          : Number.isInteger(v) && k !== "epsilon" && k !== "alpha" && k !== "beta"
            ? {name: k, type: onnx.AttributeProto.AttributeType.INT, i: v}
            : {name: k, type: onnx.AttributeProto.AttributeType.FLOAT, f: v},
      ),
    });
    return out;
  }

  conv(x: string, cIn: number, cOut: number, k = 3, stride = 1): string {
    const w = this.weight([cOut, cIn, k, k], {scale: 1 / Math.sqrt(cIn * k * k)});
    const b = this.weight([cOut], {scale: 0.05});
    return this.node("Conv", [x, w, b], {
      kernel_shape: [k, k],
      pads: [k >> 1, k >> 1, k >> 1, k >> 1],
      strides: [stride, stride],
    });
  }

  batchNorm(x: string, c: number): string {
    const scale = this.weight([c], {values: Array.from({length: c}, () => 1 + 0.1 * this.rand())});
    const bias = this.weight([c], {scale: 0.1});
    const mean = this.weight([c], {scale: 0.1});
    const variance = this.weight([c], {values: Array.from({length: c}, () => 1 + 0.5 * Math.abs(this.rand()))});
    return this.node("BatchNormalization", [x, scale, bias, mean, variance], {epsilon: 1e-5});
  }

  /** Gemm with transB (PyTorch's nn.Linear): y = x Wᵀ + b, W of shape [out, in]. */
  linear(x: string, nIn: number, nOut: number): string {
    const w = this.weight([nOut, nIn], {scale: 1 / Math.sqrt(nIn)});
    const b = this.weight([nOut], {scale: 0.05});
    return this.node("Gemm", [x, w, b], {transB: 1, alpha: 1.0, beta: 1.0});
  }

  output(name: string, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** The model's bytes (IR version 7, default-domain opset `opset`). */
  bytes({opset = 13, producer = "pytorch"}: {opset?: number; producer?: string} = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: opset >= 21 ? 10 : opset >= 15 ? 8 : 7,
      producerName: producer,
      opsetImport: [{domain: "", version: opset}],
      graph: {name: "test", node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs},
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: {dim: dims.map((d) => (typeof d === "number" ? {dimValue: d} : {dimParam: d}))},
      },
    },
  };
}

/** A small VGG-like net: two conv–ReLU–max-pool blocks, Flatten, a Gemm head. 1-channel 32 × 32 input, fixed batch 1. */
export function vggLike({channels = 1, batch = 1 as Dim} = {}): Uint8Array {
  const b = new OnnxBuilder(2);
  let x = b.input("input", [batch, channels, 32, 32]);
  x = b.node("Relu", [b.conv(x, channels, 4)]);
  x = b.node("MaxPool", [x], {kernel_shape: [2, 2], strides: [2, 2]});
  x = b.node("Relu", [b.conv(x, 4, 8)]);
  x = b.node("MaxPool", [x], {kernel_shape: [2, 2], strides: [2, 2]});
  x = b.node("Flatten", [x], {axis: 1});
  const y = b.linear(x, 8 * 8 * 8, 10);
  b.output(y, [batch, 10]);
  return b.bytes({opset: 11});
}

/**
 * A residual network as PyTorch exports it: conv–BN–ReLU stem, one residual block (conv–BN–ReLU–conv–BN, Add with
 * the block's input, ReLU), GlobalAveragePool, Reshape with a shape initializer, Gemm with transB. 3 × 64 × 64
 * input with a named dynamic batch ("batch_size"). Stride-2 stem: 32 × 32 maps.
 */
export function residualNet({size = 64 as Dim, opset = 17, width = 8} = {}): Uint8Array {
  const b = new OnnxBuilder(3);
  const input = b.input("pixel_values", ["batch_size", 3, size, size]);
  let x = b.node("Relu", [b.batchNorm(b.conv(input, 3, width, 3, 2), width)], {}, "/stem/relu/Relu");
  const skip = x;
  let y = b.node("Relu", [b.batchNorm(b.conv(x, width, width), width)], {}, "/layer1/relu1/Relu");
  y = b.batchNorm(b.conv(y, width, width), width);
  x = b.node("Add", [y, skip], {}, "/layer1/Add");
  x = b.node("Relu", [x], {}, "/layer1/relu2/Relu");
  x = b.node("GlobalAveragePool", [x], {}, "/avgpool/GlobalAveragePool");
  x = b.node("Reshape", [x, b.int64([-1, width])], {}, "/Reshape");
  const out = b.linear(x, width, 5);
  b.output(out, ["batch_size", 5]);
  return b.bytes({opset});
}

/**
 * A larger ResNet-style network for benchmarks: a stride-2 conv stem and three stride-2 stages (64, 128, 256, `last`
 * channels, each Conv–BatchNorm–ReLU) down to 4 × 4 at a 64 × 64 input, a residual block at the last width,
 * GlobalAveragePool, Reshape and a 1,000-way Gemm head; `last` = 416 gives 4.9 M parameters.
 */
export function stagedResNet({size = 64 as Dim, last = 416} = {}): Uint8Array {
  const b = new OnnxBuilder(5);
  const input = b.input("pixel_values", ["batch_size", 3, size, size]);
  let x = input;
  let cIn = 3;
  const widths = [64, 128, 256, last];
  widths.forEach((c, i) => {
    x = b.node("Relu", [b.batchNorm(b.conv(x, cIn, c, 3, 2), c)], {}, `/stage${i}/relu/Relu`);
    cIn = c;
  });
  const skip = x;
  let y = b.node("Relu", [b.batchNorm(b.conv(x, last, last), last)], {}, "/block/relu1/Relu");
  y = b.batchNorm(b.conv(y, last, last), last);
  x = b.node("Relu", [b.node("Add", [y, skip], {}, "/block/Add")], {}, "/block/relu2/Relu");
  x = b.node("GlobalAveragePool", [x], {}, "/avgpool/GlobalAveragePool");
  x = b.node("Reshape", [x, b.int64([-1, last])], {}, "/Reshape");
  b.output(b.linear(x, last, 1000), ["batch_size", 1000]);
  return b.bytes({opset: 17});
}

/** A tf2onnx-style net: NHWC 3-channel input, Transpose to NCHW, conv–ReLU, GlobalAveragePool, Flatten, MatMul + Add. */
export function nhwcNet(): Uint8Array {
  const b = new OnnxBuilder(4);
  const input = b.input("input_1:0", ["unk__6", 24, 24, 3]);
  let x = b.node("Transpose", [input], {perm: [0, 3, 1, 2]});
  x = b.node("Relu", [b.conv(x, 3, 6)], {}, "model/conv2d/Relu");
  x = b.node("GlobalAveragePool", [x]);
  x = b.node("Flatten", [x], {axis: 1});
  x = b.node("MatMul", [x, b.weight([6, 4])], {}, "model/dense/MatMul");
  x = b.node("Add", [x, b.weight([4])], {}, "model/dense/BiasAdd");
  b.output(x, ["unk__6", 4]);
  return b.bytes({opset: 13, producer: "tf2onnx"});
}
