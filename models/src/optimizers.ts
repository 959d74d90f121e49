/**
 * Optimizers as graph nodes. An optimizer declares its state (graph inputs `state.<name>`, fed back from the
 * outputs `state.<name>.next` every step) and hyper-parameters (scalar graph inputs `hyper.<name>`), and
 * appends the update of every parameter. Update rules follow PyTorch's `torch.optim.SGD` and `torch.optim.Adam`.
 */
import type {Graph, Shape, Value} from "./graph.js";
import {add, div, mul, pow, sqrt, square, sub} from "./ops.js";

/** What an optimizer can declare and read while building its update. */
export interface OptimizerContext {
  /** The graph being built. */
  readonly g: Graph;
  /** The scalar hyper-parameter input `hyper.<name>`. */
  hyper(name: string): Value;
  /** Declares the state input `state.<name>` (initially filled with `init`) and returns it. */
  state(name: string, shape: Shape, init?: number): Value;
  /** Records the next value of a state input (output `state.<name>.next`). */
  next(state: Value, value: Value): void;
}

/** One parameter to update: its name (without the `param.` prefix), current value and gradient. */
export interface ParamGrad {
  readonly name: string;
  readonly value: Value;
  readonly grad: Value;
}

/** An optimizer: its defaults and a builder for the update nodes. */
export interface Optimizer {
  /** Short name, written to model metadata. */
  readonly name: "sgd" | "adam";
  /** Default hyper-parameter values (keys without the `hyper.` prefix). */
  readonly hyper: Readonly<Record<string, number>>;
  /** Appends the update and returns each parameter's next value, in order. */
  update(ctx: OptimizerContext, params: readonly ParamGrad[]): Value[];
}

/** Options of `sgd`. */
export interface SgdOptions {
  /** Learning rate (default 1e-3; the seed's recipe uses 1e-4). */
  lr?: number;
  /** Momentum μ (default 0: plain SGD, no state). With μ > 0: `v ← μ v + g`, `p ← p − lr v`. */
  momentum?: number;
}

/** Stochastic gradient descent, optionally with (PyTorch-style, undampened) momentum. */
export function sgd({lr = 1e-3, momentum = 0}: SgdOptions = {}): Optimizer {
  return {
    name: "sgd",
    hyper: momentum > 0 ? {lr, momentum} : {lr},
    update(ctx, params) {
      const {g} = ctx;
      const rate = ctx.hyper("lr");
      return params.map(({name, value, grad}) => {
        let step = grad;
        if (momentum > 0) {
          const v = ctx.state(`velocity.${name}`, value.shape);
          step = add(g, mul(g, ctx.hyper("momentum"), v), grad);
          ctx.next(v, step);
        }
        return sub(g, value, mul(g, rate, step));
      });
    },
  };
}

/** Options of `adam`. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay of the first moment (default 0.9). */
  beta1?: number;
  /** Decay of the second moment (default 0.999). */
  beta2?: number;
  /** Added to √v̂ for stability (default 1e-8). */
  epsilon?: number;
}

/**
 * Adam with bias correction (Kingma & Ba 2015): `m ← β1 m + (1−β1) g`, `v ← β2 v + (1−β2) g²`, `t ← t + 1`,
 * `p ← p − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)`. State: `state.step` (a float scalar), `state.m.<p>`, `state.v.<p>`.
 */
export function adam({lr = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8}: AdamOptions = {}): Optimizer {
  return {
    name: "adam",
    hyper: {lr, beta1, beta2, epsilon},
    update(ctx, params) {
      const {g} = ctx;
      const one = g.scalar(1);
      const [b1, b2, eps] = [ctx.hyper("beta1"), ctx.hyper("beta2"), ctx.hyper("epsilon")];
      const step = ctx.state("step", []);
      const t = add(g, step, one);
      ctx.next(step, t);
      // Bias corrections are scalars, computed once per step and shared by every parameter.
      const rate = div(g, ctx.hyper("lr"), sub(g, one, pow(g, b1, t)));
      const c2 = div(g, one, sub(g, one, pow(g, b2, t)));
      return params.map(({name, value, grad}) => {
        const m = ctx.state(`m.${name}`, value.shape);
        const v = ctx.state(`v.${name}`, value.shape);
        const m1 = add(g, mul(g, b1, m), mul(g, sub(g, one, b1), grad));
        const v1 = add(g, mul(g, b2, v), mul(g, sub(g, one, b2), square(g, grad)));
        ctx.next(m, m1);
        ctx.next(v, v1);
        const denom = add(g, sqrt(g, mul(g, v1, c2)), eps);
        return sub(g, value, mul(g, rate, div(g, m1, denom)));
      });
    },
  };
}
