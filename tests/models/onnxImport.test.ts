import * as ort from "onnxruntime-node";
import onnxProto from "onnx-proto";
import {describe, expect, it} from "vitest";
import {
  defaultLayers,
  firstConvFilters,
  inspectOnnx,
  ModelFileError,
  unsupportedOpMessage,
  withOutputs,
} from "../../models/src/index.js";
import {nhwcNet, OnnxBuilder, residualNet, vggLike} from "./onnxFixtures.js";

const {onnx} = onnxProto;

/** Runs `bytes` in onnxruntime-node on one all-ones image and returns every output's dims. */
async function outputDims(
  bytes: Uint8Array,
  input: string,
  dims: number[],
): Promise<Record<string, readonly number[]>> {
  const session = await ort.InferenceSession.create(bytes);
  const size = dims.reduce((a, b) => a * b, 1);
  const out = await session.run({[input]: new ort.Tensor("float32", new Float32Array(size).fill(0.5), dims)});
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.dims]));
}

describe("inspectOnnx: layer discovery", () => {
  it("a VGG-like net (1 channel, fixed batch): conv, ReLU and pooling per block, Flatten and the Gemm head", () => {
    const s = inspectOnnx(vggLike(), "vgg.onnx");
    expect(s.input).toEqual({name: "input", layout: "NCHW", channels: 1, height: 32, width: 32, batch: 1});
    expect(s.candidates.map((c) => c.opType)).toEqual([
      "Conv",
      "Relu",
      "MaxPool",
      "Conv",
      "Relu",
      "MaxPool",
      "Flatten",
      "Gemm",
    ]);
    expect(s.candidates.map((c) => c.depth)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s.opset).toBe(11);
    // 4·1·9 + 4, 8·4·9 + 8, 10·512 + 10
    expect(s.parameters).toBe(40 + 296 + 5130);
  });

  it("a residual block with BatchNormalization and Add, GlobalAveragePool, a Reshape head, named dynamic batch", () => {
    const s = inspectOnnx(residualNet(), "resnet.onnx");
    expect(s.input).toEqual({
      name: "pixel_values",
      layout: "NCHW",
      channels: 3,
      height: 64,
      width: 64,
      batch: "batch_size",
    });
    const byOp = s.candidates.map((c) => `${c.opType}:${c.node}`);
    // BatchNormalization is not a candidate; the residual Add is; the Reshape of the pooled vector and the Gemm end it.
    expect(byOp).toEqual([
      "Conv:/Conv_1",
      "Relu:/stem/relu/Relu",
      "Conv:/Conv_4",
      "Relu:/layer1/relu1/Relu",
      "Conv:/Conv_7",
      "Add:/layer1/Add",
      "Relu:/layer1/relu2/Relu",
      "GlobalAveragePool:/avgpool/GlobalAveragePool",
      "Reshape:/Reshape",
      "Gemm:/Gemm_13",
    ]);
    expect(s.candidates.find((c) => c.opType === "Add")!.kind).toBe("residual");
  });

  it("an NHWC tf2onnx net: the layout from the input shape; a bias Add and a MatMul of a constant are told apart", () => {
    const s = inspectOnnx(nhwcNet(), "keras.onnx");
    expect(s.input).toEqual({name: "input_1:0", layout: "NHWC", channels: 3, height: 24, width: 24, batch: "unk__6"});
    expect(s.candidates.map((c) => c.opType)).toEqual(["Conv", "Relu", "GlobalAveragePool", "Flatten", "MatMul"]);
    expect(s.producer).toBe("tf2onnx");
  });

  it("dynamic height and width stay null; PyTorch's shape arithmetic (Shape → Concat → Reshape) is not a layer", () => {
    const b = new OnnxBuilder(5);
    const x = b.input("x", ["N", 3, "H", "W"]);
    const r = b.node("Relu", [b.conv(x, 3, 4)]);
    const shape = b.node("Shape", [r]);
    const n = b.node("Gather", [shape, b.int64([0])], {axis: 0});
    const target = b.node("Concat", [n, b.int64([-1])], {axis: 0});
    const flat = b.node("Reshape", [r, target]);
    b.output(flat, ["N", "F"]);
    const s = inspectOnnx(b.bytes({opset: 14}), "dyn.onnx");
    expect(s.input).toMatchObject({height: null, width: null, channels: 3, batch: "N"});
    expect(s.candidates.map((c) => c.opType)).toEqual(["Conv", "Relu", "Reshape"]);
  });

  it("opsets 11 to 21 read alike", () => {
    for (const opset of [11, 13, 17, 21]) {
      const s = inspectOnnx(residualNet({opset}), "r.onnx");
      expect(s.opset).toBe(opset);
      expect(s.candidates).toHaveLength(10);
    }
  });
});

describe("defaultLayers", () => {
  it("spreads the picks over depth, preferring block ends, the last included", () => {
    const s = inspectOnnx(residualNet(), "r.onnx");
    const picks = defaultLayers(s.candidates, 5);
    const ops = picks.map((t) => s.candidates.find((c) => c.tensor === t)!.opType);
    // Ends: Relu(stem), Relu(1), Add, Relu(2), GAP, Gemm → 6, of which 5 at indices 0, 1, 3, 4, 5 (round of 0, 1.25, 2.5, 3.75, 5).
    expect(ops).toEqual(["Relu", "Relu", "Relu", "GlobalAveragePool", "Gemm"]);
    expect(new Set(picks).size).toBe(5);
    expect(defaultLayers(s.candidates, 20)).toHaveLength(6);
  });
});

describe("withOutputs", () => {
  it("the copy outputs the chosen layers, with the shapes ONNX Runtime infers, and the original output unchanged", async () => {
    const bytes = residualNet();
    const s = inspectOnnx(bytes, "r.onnx");
    const picked = defaultLayers(s.candidates, 5);
    const copy = withOutputs(bytes, picked, s.outputs);
    expect(Uint8Array.from(copy.subarray(0, bytes.length))).toEqual(Uint8Array.from(bytes));
    const dims = await outputDims(copy, "pixel_values", [2, 3, 64, 64]);
    const byOp = Object.fromEntries(picked.map((t) => [s.candidates.find((c) => c.tensor === t)!.opType + t, dims[t]]));
    expect(Object.values(byOp)).toEqual([
      [2, 8, 32, 32],
      [2, 8, 32, 32],
      [2, 8, 32, 32],
      [2, 8, 1, 1],
      [2, 5],
    ]);
    expect(dims[s.outputs[0]]).toEqual([2, 5]);
    // The appended part alone is a ModelProto holding just the new outputs (ONNX Runtime's protobuf merges it into the
    // model's graph; protobufjs would replace the graph, so the page never decodes the copy itself).
    const tail = onnx.ModelProto.decode(copy.subarray(bytes.length));
    expect(tail.graph!.output!.map((o) => o.name)).toEqual(picked.filter((p) => !s.outputs.includes(p)));
    expect(tail.graph!.node!).toHaveLength(0);
  });

  it("the NHWC and VGG-like nets run with their layers exposed", async () => {
    const nhwc = nhwcNet();
    const s = inspectOnnx(nhwc, "k.onnx");
    const dims = await outputDims(
      withOutputs(
        nhwc,
        s.candidates.map((c) => c.tensor),
        s.outputs,
      ),
      "input_1:0",
      [1, 24, 24, 3],
    );
    expect(s.candidates.map((c) => dims[c.tensor])).toEqual([
      [1, 6, 24, 24],
      [1, 6, 24, 24],
      [1, 6, 1, 1],
      [1, 6],
      [1, 4],
    ]);
    const vgg = vggLike();
    const v = inspectOnnx(vgg, "v.onnx");
    const vd = await outputDims(
      withOutputs(
        vgg,
        v.candidates.map((c) => c.tensor),
      ),
      "input",
      [1, 1, 32, 32],
    );
    expect(v.candidates.map((c) => vd[c.tensor]![1])).toEqual([4, 4, 4, 8, 8, 8, 512, 10]);
  });
});

describe("firstConvFilters", () => {
  /**
   * The filters read from the file against what ONNX Runtime computes: an image that is 1 at one pixel of one channel
   * (0 elsewhere) gives, through a stride-1 "same" convolution (cross-correlation), out[o, Y − ky + p, X − kx + p] =
   * w[o, c, ky, kx] + bias[o], so the conv output around the pixel is every filter, unflipped, plus its bias.
   */
  async function probe(bytes: Uint8Array, channels: number): Promise<void> {
    const f = firstConvFilters(bytes, "net.onnx");
    const s = inspectOnnx(bytes, "net.onnx");
    expect(f.tensor).toBe(s.candidates[0].tensor);
    const session = await ort.InferenceSession.create(withOutputs(bytes, [f.tensor], s.outputs));
    const H = 32,
      Y = 10,
      X = 17,
      p = f.height >> 1;
    const run = async (c: number | null) => {
      const image = new Float32Array(channels * H * H);
      if (c !== null) image[(c * H + Y) * H + X] = 1;
      const out = await session.run({[s.input.name]: new ort.Tensor("float32", image, [1, channels, H, H])});
      return out[f.tensor].data as Float32Array;
    };
    const bias = await run(null); // the output on a black image: the bias everywhere
    for (let c = 0; c < channels; c++) {
      const out = await run(c);
      for (let o = 0; o < f.filters; o++)
        for (let ky = 0; ky < f.height; ky++)
          for (let kx = 0; kx < f.width; kx++) {
            const at = (o * H + Y - ky + p) * H + X - kx + p;
            expect(f.weights[((o * f.channels + c) * f.height + ky) * f.width + kx]).toBeCloseTo(out[at] - bias[at], 5);
          }
    }
    await session.release();
  }

  it("reads a 1-channel net's first filters as ONNX Runtime applies them", async () => {
    const f = firstConvFilters(vggLike(), "vgg.onnx");
    expect([f.filters, f.channels, f.height, f.width, f.group]).toEqual([4, 1, 3, 3, 1]);
    expect(f.label).toBe("/Conv_1 (Conv)");
    await probe(vggLike(), 1);
  });

  it("reads a 3-channel net's filters channel by channel", async () => {
    const f = firstConvFilters(vggLike({channels: 3}), "vgg3.onnx");
    expect([f.filters, f.channels, f.height, f.width]).toEqual([4, 3, 3, 3]);
    await probe(vggLike({channels: 3}), 3);
  });

  it("finds the conv after a tf2onnx Transpose, and says when there is none", () => {
    const f = firstConvFilters(nhwcNet(), "tf.onnx");
    expect([f.filters, f.channels, f.height, f.width]).toEqual([6, 3, 3, 3]);
    const b = new OnnxBuilder(5);
    const x = b.input("x", [1, 3, 8, 8]);
    const y = b.node("GlobalAveragePool", [b.node("Relu", [x])]);
    b.output(y, [1, 3, 1, 1]);
    expect(() => firstConvFilters(b.bytes(), "pool.onnx")).toThrow(/pool.onnx has no convolution on its image/);
  });

  it("decodes float16 weights", () => {
    const b = new OnnxBuilder(6);
    const x = b.input("x", [1, 1, 8, 8]);
    const values = [0.5, -1.25, 2, 0.099975586];
    // float16 bits of 0.5, −1.25, 2 and 0.0999755859375 (0x2E66)
    const bits = Uint16Array.from([0x3800, 0xbd00, 0x4000, 0x2e66]);
    const model = onnx.ModelProto.decode(
      (() => {
        const y = b.node("Conv", [x, "w16"], {kernel_shape: [2, 2]});
        b.output(y, [1, 1, 7, 7]);
        return b.bytes();
      })(),
    );
    model.graph!.initializer!.push({
      name: "w16",
      dims: [1, 1, 2, 2],
      dataType: 10,
      rawData: new Uint8Array(bits.buffer),
    });
    const f = firstConvFilters(onnx.ModelProto.encode(model).finish(), "half.onnx");
    values.forEach((v, i) => expect(f.weights[i]).toBeCloseTo(v, 7));
  });
});

describe("inspectOnnx: bad files get the reader's message", () => {
  const fails = (bytes: Uint8Array, pattern: RegExp) => {
    expect(() => inspectOnnx(bytes, "m.onnx")).toThrow(ModelFileError);
    expect(() => inspectOnnx(bytes, "m.onnx")).toThrow(pattern);
  };

  it("not ONNX: text, a zip (PyTorch checkpoint), HDF5, empty", () => {
    fails(new TextEncoder().encode("hello, this is a CSV file\n1,2,3\n"), /m\.onnx is not an ONNX model/);
    fails(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /zip archive.*torch\.onnx\.export/);
    fails(Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), /HDF5 \(Keras\).*tf2onnx/);
    fails(new Uint8Array(0), /not an ONNX model/);
    fails(new TextEncoder().encode("these are my notes\n"), /m\.onnx is not an ONNX model \(its first bytes/);
  });

  it("a truncated file says it ends early", () => {
    const bytes = residualNet();
    fails(bytes.subarray(0, Math.floor(bytes.length * 0.6)), /m\.onnx ends early/);
  });

  it("external-data tensors: names the file and says how to embed them", () => {
    const model = onnx.ModelProto.decode(vggLike());
    const w = model.graph!.initializer![0];
    w.rawData = new Uint8Array(0);
    w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    w.externalData = [onnx.StringStringEntryProto.create({key: "location", value: "vgg.onnx.data"})];
    fails(
      onnx.ModelProto.encode(model).finish(),
      /1 weight tensor in a separate file \(vgg\.onnx\.data\).*save_as_external_data=False/,
    );
  });

  it("no 4-D image input: lists the inputs there are", () => {
    const b = new OnnxBuilder(6);
    const x = b.input("features", ["N", 20]);
    b.output(b.node("Relu", [b.linear(x, 20, 5)]), ["N", 5]);
    fails(b.bytes(), /no 4-D image input.*features \[N, 20\]/);
  });

  it("an input with neither 1 nor 3 channels", () => {
    const b = new OnnxBuilder(7);
    const x = b.input("x", [1, 4, 16, 16]);
    b.output(b.node("Relu", [b.conv(x, 4, 2)]), [1, 2, 16, 16]);
    fails(b.bytes(), /input x has 4 channels/);
  });

  it("an op of a custom domain is named before any session is tried", () => {
    const model = onnx.ModelProto.decode(vggLike());
    model.graph!.node![1].domain = "com.example";
    model.graph!.node![1].opType = "FancyRelu";
    fails(onnx.ModelProto.encode(model).finish(), /cannot run on WebGPU or WASM: FancyRelu \(domain com\.example\)/);
  });

  it("an op ONNX Runtime has no kernel for: its session error becomes a message naming it", async () => {
    const model = onnx.ModelProto.decode(vggLike());
    model.graph!.node![1].opType = "NoSuchOp"; // the default domain: the schema check lets ORT say it
    const bytes = onnx.ModelProto.encode(model).finish();
    const error = await ort.InferenceSession.create(bytes).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(error).not.toBe("");
    expect(unsupportedOpMessage(error, "m.onnx")).toMatch(/m\.onnx uses NoSuchOp/);
    expect(unsupportedOpMessage("Could not find an implementation for Foo(13) node with name 'x'", "m.onnx")).toBe(
      "m.onnx uses Foo (opset 13), which ONNX Runtime Web cannot run on WebGPU or WASM; re-export it with another opset or without that op",
    );
    expect(unsupportedOpMessage("something else went wrong")).toBeNull();
  });
});
