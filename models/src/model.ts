/**
 * The generic part of every model: an `Architecture` gives its parameters and forward pass once, and `Model`
 * derives from it the inference graph, the loss-and-gradient graph and the train-step graph, plus weight init.
 *
 * Train-step naming convention (inputs → outputs, so a trainer feeds each `.next` output back as its input):
 * - `param.<p>` → `param.<p>.next` for every parameter `<p>` (e.g. `param.fc1.weight`);
 * - `state.<s>` → `state.<s>.next` for optimizer state (e.g. `state.m.fc1.weight`, `state.step`);
 * - inputs `x` (the batch), `target`, and scalar hyper-parameters `hyper.<h>` (e.g. `hyper.lr`);
 * - outputs `loss` (scalar, before the update) and `prediction` (the forward output, before the update).
 */
import {gradients} from "./autodiff.js";
import {Graph, type Dim, type Value} from "./graph.js";
import {loss as buildLoss, lossTargetShape, type LossName, type LossOptions} from "./losses.js";
import {toModelBytes} from "./onnx.js";
import type {Optimizer} from "./optimizers.js";
import {lcg, uniformInit} from "./random.js";
import "./gradients/index.js";

/** One trainable parameter of an architecture. */
export interface ParamSpec {
  /** Name, PyTorch style (`fc1.weight`). */
  readonly name: string;
  /** Fixed shape. */
  readonly shape: readonly number[];
  /** Fan-in for PyTorch's default uniform init (±1/√fanIn); `init` overrides. */
  readonly fanIn?: number;
  /** Explicit initial values (row-major), e.g. hand-designed Gabor filters; else uniform by `fanIn`, else zeros. */
  readonly init?: Float32Array;
}

/** What `forward` may return: the output alone, or the output and named intermediate activations. */
export type ForwardResult = Value | {output: Value; activations?: Record<string, Value>};

/** An architecture: its parameters and forward pass, written once; gradients and export are generic. */
export interface Architecture {
  /** Short name written to model metadata (e.g. `"mlp"`). */
  readonly name: string;
  /** Options it was made with, written to model metadata. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Shape of one example (without the batch dim). */
  readonly inputShape: readonly number[];
  /** Shape of one output (without the batch dim). */
  readonly outputShape: readonly number[];
  /** Trainable parameters. */
  readonly params: readonly ParamSpec[];
  /** The loss this architecture is meant for. */
  readonly loss: LossName;
  /** Appends the forward pass of batch `x` to `g`, reading parameters from `p` by name. */
  forward(g: Graph, x: Value, p: Readonly<Record<string, Value>>): ForwardResult;
}

/** Parameter values by name (row-major; float32 for export, float64 accepted for float64 graphs). */
export type Weights = Record<string, Float32Array | Float64Array>;

/** Options shared by the graph builders. */
export interface GraphOptions {
  /** Float type of the graph (default `float32`; `float64` for precise gradient checks). */
  dtype?: "float32" | "float64";
  /** The batch dim: a symbolic name (default `"batch"`) or a fixed size. */
  batch?: Dim;
}

/** Options of `Model.trainStepGraph`. */
export interface TrainStepOptions extends GraphOptions {
  /** Loss (default: the architecture's). */
  loss?: LossName;
  /** Options of the loss (e.g. the circular loss's period). */
  lossOptions?: LossOptions;
  /** The optimizer (see `sgd`, `adam`). */
  optimizer: Optimizer;
  /** Parameters to keep fixed (fine-tuning): still `param.*` inputs, but no gradient, update or `.next` output. */
  frozen?: readonly string[];
}

/** A built train-step graph and what a trainer needs to drive it. */
export interface TrainStep {
  /** The ONNX graph. */
  readonly graph: Graph;
  /** Every parameter name (without `param.`), in input order; all are inputs, frozen ones included. */
  readonly params: readonly string[];
  /** The parameters the step updates (each has a `param.<p>.next` output); frozen ones keep their input value. */
  readonly trainable: readonly string[];
  /** State names (without `state.`) with shapes and initial fill values. */
  readonly state: readonly {name: string; shape: readonly number[]; init: number}[];
  /** Default hyper-parameters (names without `hyper.`). */
  readonly hyper: Readonly<Record<string, number>>;
  /** JSON description written to the model's metadata under `brain-nets`. */
  readonly metadata: Record<string, unknown>;
  /** Serialises the graph (with its metadata) to ONNX bytes. */
  toBytes(): Uint8Array;
  /** The initial `param.*` and `state.*` feeds for `weights` (state filled with its init values). */
  initialFeeds(weights: Weights): Record<string, {data: Float32Array | Float64Array; dims: number[]}>;
}

/** Appends `.next`: the output that carries a `param.*`/`state.*` input's value after the step. */
export function nextName(input: string): string {
  return `${input}.next`;
}

/** A model: an architecture plus the generic graph builders. */
export class Model {
  /** The architecture this model wraps. */
  readonly arch: Architecture;

  /** Wraps `arch`. */
  constructor(arch: Architecture) {
    this.arch = arch;
  }

  /** Initial weights from `seed`: explicit `init`, else PyTorch's uniform(±1/√fanIn), else zeros. */
  initWeights(seed = 0): Weights {
    const source = lcg(seed);
    const weights: Weights = {};
    for (const p of this.arch.params) {
      const n = p.shape.reduce((a, b) => a * b, 1);
      weights[p.name] = p.init
        ? Float32Array.from(p.init)
        : p.fanIn
          ? uniformInit(n, p.fanIn, source)
          : new Float32Array(n);
    }
    return weights;
  }

  private forward(g: Graph, x: Value, p: Record<string, Value>) {
    const r = this.arch.forward(g, x, p);
    return "output" in r ? r : {output: r, activations: {}};
  }

  /**
   * Inference graph with `weights` baked in as initializers: input `x` `[batch, ...inputShape]`, output `y`,
   * and with `activations: true` also each intermediate as output `activation.<name>`.
   */
  inferenceGraph(
    weights: Weights,
    {dtype = "float32", batch = "batch", activations = false}: GraphOptions & {activations?: boolean} = {},
  ): Graph {
    const g = new Graph({dtype, name: `${this.arch.name}_inference`});
    const x = g.input("x", [batch, ...this.arch.inputShape]);
    const p: Record<string, Value> = {};
    for (const spec of this.arch.params) {
      const w = weights[spec.name];
      if (!w) throw new Error(`inferenceGraph: missing weights for "${spec.name}"`);
      p[spec.name] = g.initializer(w, spec.shape, {name: spec.name});
    }
    const out = this.forward(g, x, p);
    g.output(out.output, "y");
    if (activations) for (const [name, v] of Object.entries(out.activations ?? {})) g.output(v, `activation.${name}`);
    return g;
  }

  /**
   * The shared core of `gradientGraph` and `trainStepGraph`: inputs `x`, `target` and `param.<p>`, the forward
   * pass, the loss and its gradients with respect to every parameter not in `frozen` (no outputs yet).
   */
  lossGraph({
    dtype = "float32",
    batch = "batch",
    loss,
    lossOptions,
    frozen = [],
  }: GraphOptions & {loss?: LossName; lossOptions?: LossOptions; frozen?: readonly string[]} = {}) {
    for (const name of frozen)
      if (!this.arch.params.some((s) => s.name === name))
        throw new Error(`${this.arch.name}: cannot freeze unknown parameter "${name}"`);
    const g = new Graph({dtype, name: `${this.arch.name}_train`});
    const lossName = loss ?? this.arch.loss;
    const params = this.arch.params.map((s) => g.input(`param.${s.name}`, s.shape));
    const p = Object.fromEntries(this.arch.params.map((s, i) => [s.name, params[i]]));
    const x = g.input("x", [batch, ...this.arch.inputShape]);
    const target = g.input("target", [batch, ...lossTargetShape(lossName, this.arch.outputShape)]);
    const {output} = this.forward(g, x, p);
    const l = buildLoss(g, lossName, output, target, lossOptions);
    const trainable = params.filter((_, i) => !frozen.includes(this.arch.params[i].name));
    const grads = gradients(g, l, trainable);
    return {g, params: trainable, grads, loss: l, output, lossName};
  }

  /** Gradient graph for checks and saliency: `lossGraph` with outputs `loss`, `prediction`, `grad.<p>`. */
  gradientGraph(options: GraphOptions & {loss?: LossName; lossOptions?: LossOptions} = {}): Graph {
    const {g, params, grads, loss, output} = this.lossGraph(options);
    g.output(loss, "loss");
    g.output(output, "prediction");
    params.forEach((v, i) => g.output(grads[i], `grad.${v.name.slice("param.".length)}`));
    return g;
  }

  /** Train-step graph: forward, backward and the optimizer update in one graph (naming convention above). */
  trainStepGraph({optimizer, ...options}: TrainStepOptions): TrainStep {
    const {g, params, grads, loss, output, lossName} = this.lossGraph(options);
    const hyper = new Map<string, Value>();
    const state: {name: string; shape: readonly number[]; init: number; value: Value; next?: Value}[] = [];
    const ctx = {
      g,
      hyper(name: string) {
        if (!(name in optimizer.hyper))
          throw new Error(`optimizer ${optimizer.name}: undeclared hyper-parameter "${name}"`);
        let v = hyper.get(name);
        if (!v) hyper.set(name, (v = g.input(`hyper.${name}`, [])));
        return v;
      },
      state(name: string, shape: readonly Dim[], init = 0) {
        const value = g.input(`state.${name}`, shape);
        state.push({name, shape: shape as number[], init, value});
        return value;
      },
      next(s: Value, value: Value) {
        const entry = state.find((e) => e.value === s);
        if (!entry) throw new Error(`optimizer: "${s.name}" is not a state input`);
        entry.next = value;
      },
    };
    const names = params.map((v) => v.name.slice("param.".length));
    const updated = optimizer.update(
      ctx,
      params.map((value, i) => ({name: names[i], value, grad: grads[i]})),
    );
    updated.forEach((v, i) => g.output(v, nextName(params[i].name)));
    for (const s of state) {
      if (!s.next) throw new Error(`optimizer ${optimizer.name}: state "${s.name}" has no next value`);
      g.output(s.next, nextName(s.value.name));
    }
    g.output(loss, "loss");
    g.output(output, "prediction");
    const paramNames = this.arch.params.map((s) => s.name);
    const stateSpecs = state.map(({name, shape, init}) => ({name, shape, init}));
    const metadata = {
      architecture: this.arch.name,
      config: this.arch.config,
      loss: lossName,
      lossOptions: options.lossOptions ?? {},
      optimizer: optimizer.name,
      hyper: optimizer.hyper,
      params: this.arch.params.map((s) => ({name: s.name, shape: s.shape})),
      frozen: options.frozen ?? [],
      state: stateSpecs,
    };
    const archParams = this.arch.params;
    return {
      graph: g,
      params: paramNames,
      trainable: names,
      state: stateSpecs,
      hyper: optimizer.hyper,
      metadata,
      toBytes: () => toModelBytes(g, {metadata: {"brain-nets": JSON.stringify(metadata)}}),
      initialFeeds(weights) {
        const Typed = g.dtype === "float64" ? Float64Array : Float32Array;
        const feeds: Record<string, {data: Float32Array | Float64Array; dims: number[]}> = {};
        for (const s of archParams) {
          const w = weights[s.name];
          if (!w) throw new Error(`initialFeeds: missing weights for "${s.name}"`);
          feeds[`param.${s.name}`] = {data: Typed.from(w), dims: [...s.shape]};
        }
        for (const s of stateSpecs) {
          feeds[`state.${s.name}`] = {
            data: new Typed(s.shape.reduce((a, b) => a * b, 1)).fill(s.init),
            dims: [...s.shape],
          };
        }
        return feeds;
      },
    };
  }
}

/** Wraps an architecture in a `Model` (the only step an architecture module needs besides its forward pass). */
export function defineModel(arch: Architecture): Model {
  return new Model(arch);
}
