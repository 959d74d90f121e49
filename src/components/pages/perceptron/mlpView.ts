/**
 * Self-updating panels for networks trained live by trainer.ts: a 2-D classifier (decision surface, loss curve
 * and every hidden unit's surface) and a 1-D ReLU regressor (the fit and each unit's piece of it). Each panel
 * has play / pause / step / reset and redraws as training streams, at most a few times a second, from the
 * trainer's parameter checkpoints.
 */
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import type {Model} from "@brain-nets/models";
import type {Trainer, TrainerSnapshot} from "../../training/trainer.js";
import {weightsOf} from "../../training/runs.js";
import {evaluate, grid2d, reluPieces, sigmoid} from "../../training/mlp2d.js";
import {SurfacePlot, UnitSurfaces} from "../../charts/pointsPlot.js";
import {button} from "../../ui/controls.js";
import {LossChart} from "../../charts/lossChart.js";
import type {Point2} from "../../core/datasets2d.js";

/** The trainer's current parameters as models/ weights (the initial ones before the first step). */
async function currentWeights(trainer: Trainer) {
  return weightsOf(await trainer.parameters());
}

interface Panel {
  root: HTMLElement & {dispose: () => void};
  status: HTMLElement;
  controls: HTMLElement;
}

/** Controls and a status line wired to `trainer`; `steps` is where Play stops. */
function panel(trainer: Trainer, steps: number, id: string): Panel {
  const root = document.createElement("div") as unknown as Panel["root"];
  root.id = id;
  const controls = document.createElement("div");
  controls.style.marginBottom = "0.5rem";
  controls.append(
    button("▶ Play", `Train up to ${steps} steps`, () => void trainer.play(steps)),
    button("Pause", "Pause after the current step", () => void trainer.pause()),
    button("Step", "Run one training step", () => void trainer.step()),
    button("Reset", "Back to the initial random weights", () => void trainer.reset()),
  );
  const status = document.createElement("div");
  status.id = `${id}-status`;
  status.setAttribute("aria-live", "polite");
  Object.assign(status.style, {minHeight: "1.5em", margin: "0.3rem 0"});
  root.append(controls, status);
  return {root, status, controls};
}

function statusText(s: TrainerSnapshot, steps: number): string {
  const last = s.losses[s.losses.length - 1];
  const loss = s.losses.length ? `, loss ${last < 1e-3 ? last.toExponential(2) : last.toFixed(4)}` : "";
  const state = {
    idle: "Ready",
    running: "Training",
    paused: "Paused",
    done: "Done",
    diverged: "Stopped",
    failed: "Failed",
  }[s.status];
  return `${state}: step ${s.step} of ${steps}${loss}.${s.message ? " " + s.message : ""}`;
}

/** Writes the trainer's state into the panel: the status line, and step, loss and status as data attributes. */
function showState(root: HTMLElement, status: HTMLElement, s: TrainerSnapshot, steps: number): void {
  status.textContent = statusText(s, steps);
  Object.assign(root.dataset, {step: s.step, loss: s.losses[s.losses.length - 1] ?? "", status: s.status});
}

/**
 * Calls `draw` with the latest trainer state, at most every `everyMs` while running and at once when a run
 * stops, never two at a time (each draw evaluates the network through ONNX Runtime). Returns the unsubscriber.
 */
function throttled(
  trainer: Trainer,
  draw: (s: TrainerSnapshot) => Promise<void>,
  onError: (e: Error) => void,
  everyMs = 250,
): () => void {
  let busy = false;
  let pending: TrainerSnapshot | null = null;
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Draws the latest snapshot now if allowed, else once the throttle window has passed.
  const flush = () => {
    if (busy || !pending || timer !== null) return;
    const wait = pending.status === "running" ? everyMs - (performance.now() - last) : 0;
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        flush();
      }, wait);
      return;
    }
    const s = pending;
    pending = null;
    busy = true;
    last = performance.now();
    draw(s)
      .catch((e: Error) => onError(e))
      .finally(() => {
        busy = false;
        flush();
      });
  };
  const unsubscribe = trainer.subscribe((s) => {
    pending = s;
    // A state change that ends a run is drawn at once, not after the window.
    if (s.status !== "running" && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    flush();
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}

/** Options of {@link ClassifierView}. */
export interface ClassifierViewOptions {
  /** Width in CSS pixels (default 640). */
  width?: number;
  /** Steps Play trains up to (default 500). */
  steps?: number;
  /** Resolution of the surfaces (default 40 × 40). */
  gridSize?: number;
  /** Element id prefix (default "mlp"). */
  id?: string;
}

/** The MLP classifier panel: decision surface, loss curve and one small surface per hidden unit. */
export function ClassifierView(
  trainer: Trainer,
  model: Model,
  points: readonly Point2[],
  {width = 640, steps = 500, gridSize = 40, id = "mlp"}: ClassifierViewOptions = {},
): HTMLElement & {dispose: () => void} {
  const {root, status} = panel(trainer, steps, id);
  const config = model.arch.config as {hidden: number[]; activation: string};
  const grid = grid2d(gridSize);
  const cells = gridSize * gridSize;
  const charts = document.createElement("div");
  Object.assign(charts.style, {display: "flex", flexWrap: "wrap", gap: "1rem", alignItems: "flex-start"});
  const surfaceWidth = Math.min(420, width);
  const surfaceBox = document.createElement("div");
  surfaceBox.id = `${id}-surface`;
  surfaceBox.style.minHeight = `${surfaceWidth + 40}px`;
  surfaceBox.style.width = `${surfaceWidth}px`;
  const lossBox = document.createElement("div");
  lossBox.id = `${id}-loss`;
  const lossWidth = width - surfaceWidth - 16 >= 260 ? width - surfaceWidth - 16 : surfaceWidth;
  charts.append(surfaceBox, lossBox);
  const units = document.createElement("div");
  units.id = `${id}-units`;
  units.style.minHeight = `${config.hidden.length * 110}px`;
  root.append(charts, units);
  const range = config.activation === "relu" ? "positive" : config.activation === "sigmoid" ? "unit" : "signed";
  const key =
    range === "positive"
      ? "white 0, darker for stronger"
      : range === "unit"
        ? "pink near 0, green near 1"
        : "green positive, pink negative, white 0";
  const stop = throttled(
    trainer,
    async (s) => {
      showState(root, status, s, steps);
      lossBox.replaceChildren(
        LossChart(s.losses, {
          width: lossWidth,
          height: 260,
          label: "Cross-entropy loss",
          iterations: steps,
          color: "#e45756",
        }),
      );
      const weights = await currentWeights(trainer);
      const {output, layers} = await evaluate(model, weights, grid, cells);
      surfaceBox.replaceChildren(SurfacePlot(output.map(sigmoid), gridSize, points, {width: surfaceWidth}));
      const rows = layers.map((layer, l) => {
        const row = document.createElement("div");
        const title = document.createElement("h4");
        title.textContent = `Hidden layer ${l + 1}: each unit’s activation over the plane (${key})`;
        title.style.margin = "0.6rem 0 0.3rem";
        row.append(title, UnitSurfaces(layer, config.hidden[l], gridSize, {range}));
        return row;
      });
      units.replaceChildren(...rows);
      root.dataset.drawnStep = String(s.step);
    },
    (e) => (status.textContent = `Could not draw the network: ${e.message}`),
  );
  root.dispose = stop;
  return root;
}

/** Options of {@link ApproximationView}. */
export interface ApproximationViewOptions {
  /** Width in CSS pixels (default 640). */
  width?: number;
  /** Steps Play trains up to (default 2000). */
  steps?: number;
  /** Element id prefix (default "approximation"). */
  id?: string;
}

/**
 * The universal-approximation panel: the target (grey), the network's fit (black) and each ReLU unit's piece
 * `w2_k·relu(w1_k·x + b1_k)` (thin coloured lines), which add up, with the output bias, to the fit.
 */
export function ApproximationView(
  trainer: Trainer,
  model: Model,
  xs: Float32Array,
  target: Float32Array,
  {width = 640, steps = 2000, id = "approximation"}: ApproximationViewOptions = {},
): HTMLElement & {dispose: () => void} {
  const {root, status} = panel(trainer, steps, id);
  const chartBox = document.createElement("div");
  chartBox.id = `${id}-chart`;
  chartBox.style.minHeight = "380px";
  const lossBox = document.createElement("div");
  root.append(chartBox, lossBox);
  const fine = Float32Array.from({length: 201}, (_, i) => -1 + i / 100);
  const targetData = Array.from(xs, (x, i) => ({x, y: target[i]}));
  const [lo, hi] = d3.extent(target) as [number, number];
  const pad = Math.max(0.2, 0.25 * (hi - lo));
  const stop = throttled(
    trainer,
    async (s) => {
      showState(root, status, s, steps);
      const weights = await currentWeights(trainer);
      const {output, layers} = await evaluate(model, weights, fine, fine.length);
      const units = weights["fc2.weight"].length;
      const pieces = reluPieces(layers[0], weights, fine.length);
      const pieceData: {x: number; y: number; unit: string}[] = [];
      for (let k = 0; k < units; k++)
        for (let i = 0; i < fine.length; i++)
          pieceData.push({x: fine[i], y: pieces[k * fine.length + i], unit: `unit ${k + 1}`});
      const fit = Array.from(fine, (x, i) => ({x, y: output[i]}));
      chartBox.replaceChildren(
        Plot.plot({
          width,
          height: 380,
          marginLeft: 45,
          grid: true,
          x: {label: "x →", domain: [-1, 1]},
          y: {label: "↑ f(x)", domain: [Math.min(lo, 0) - pad, hi + pad]},
          color: {type: "categorical", scheme: "tableau10"},
          marks: [
            Plot.ruleY([weights["fc2.bias"][0]], {stroke: "#999", strokeDasharray: "2 3"}),
            // Pieces that leave the plot are cut at its frame, not squashed onto it.
            Plot.line(pieceData, {
              x: "x",
              y: "y",
              z: "unit",
              stroke: "unit",
              strokeWidth: 1,
              strokeOpacity: 0.7,
              clip: true,
            }),
            Plot.dot(targetData, {x: "x", y: "y", r: 2, fill: "#999"}),
            Plot.line(fit, {x: "x", y: "y", stroke: "black", strokeWidth: 2.5, clip: true}),
          ],
        }),
      );
      lossBox.replaceChildren(
        LossChart(s.losses, {width, height: 160, label: "Mean squared error", iterations: steps, color: "#e45756"}),
      );
      root.dataset.drawnStep = String(s.step);
    },
    (e) => (status.textContent = `Could not draw the network: ${e.message}`),
  );
  root.dispose = stop;
  return root;
}
