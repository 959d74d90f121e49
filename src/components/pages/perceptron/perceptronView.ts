/**
 * A self-updating perceptron panel: play / pause / step / epoch / reset buttons, the points with the moving
 * decision line, the mistakes made in each epoch, and a status line. It owns a {@link PerceptronPlayer} and
 * redraws on its every change, so the page's reactive cells only rebuild it when the data or settings change.
 */
import * as Plot from "@observablehq/plot";
import {PerceptronPlayer, type PlayerOptions, type PlayerSnapshot} from "../../core/perceptronPlayer.js";
import {PointsPlot} from "../../charts/pointsPlot.js";
import {button} from "../../ui/controls.js";
import type {Point2} from "../../core/datasets2d.js";

/** Options of {@link PerceptronView}. */
export interface PerceptronViewOptions extends PlayerOptions {
  /** Total width in CSS pixels (default 640). */
  width?: number;
  /** Points presented per tick while playing (default 1). */
  stepsPerTick?: number;
  /** Prefix of the element ids, so tests can find each part (default "perceptron"). */
  id?: string;
  /** Called with data coordinates when the reader clicks the plot (to add a point). */
  onClick?: (x: number, y: number) => void;
}

/** Mistakes in each epoch, with a dashed line at zero: an epoch with none means the perceptron converged. */
export function EpochErrorsPlot(
  epochErrors: readonly number[],
  {width = 300, height = 220, total}: {width?: number; height?: number; total?: number} = {},
) {
  const data = epochErrors.map((errors, i) => ({epoch: i + 1, errors}));
  return Plot.plot({
    width,
    height,
    marginLeft: 45,
    x: {label: "Epoch →", domain: [0.5, Math.max(10, data.length) + 0.5], tickFormat: "d"},
    y: {label: "↑ Mistakes in the epoch", domain: [0, Math.max(1, total ?? 0, ...epochErrors)], grid: true},
    marks: [
      Plot.ruleY([0], {strokeDasharray: "4 3"}),
      Plot.rectY(data, {x1: (d) => d.epoch - 0.4, x2: (d) => d.epoch + 0.4, y: "errors", fill: "#e45756"}),
      data.length ? Plot.text(data.slice(-1), {x: "epoch", y: "errors", text: "errors", dy: -8}) : null,
    ],
  });
}

function describe(s: PlayerSnapshot, n: number): string {
  const where = `Epoch ${s.epoch + 1}, point ${s.index} of ${n}; the line misclassifies ${s.misclassified} of ${n}.`;
  if (s.converged) return `Converged after ${s.epoch} epochs: an epoch with no mistake, every point on its side.`;
  if (s.gaveUp) return `Stopped after ${s.epoch} epochs without converging: no line separates these points.`;
  return where;
}

/** The panel; call `dispose()` on the returned element when the page replaces it. */
export function PerceptronView(
  points: readonly Point2[],
  options: PerceptronViewOptions = {},
): HTMLElement & {dispose: () => void; player: PerceptronPlayer} {
  const {width = 640, stepsPerTick = 1, id = "perceptron", onClick} = options;
  const player = new PerceptronPlayer(points, options);
  const root = document.createElement("div") as unknown as HTMLElement & {
    dispose: () => void;
    player: PerceptronPlayer;
  };
  root.id = id;
  const controls = document.createElement("div");
  controls.style.marginBottom = "0.5rem";
  const play = button("▶ Play", "Present points one after another", () => player.play({stepsPerTick}));
  const pause = button("Pause", "Stop after the current point", () => player.pause());
  const step = button("Step", "Present one point", () => player.step());
  const epoch = button("Epoch", "Present the rest of this epoch", () => player.epoch());
  const reset = button("Reset", "Back to zero weights", () => player.reset());
  controls.append(play, pause, step, epoch, reset);
  const status = document.createElement("div");
  status.id = `${id}-status`;
  status.setAttribute("aria-live", "polite");
  Object.assign(status.style, {minHeight: "1.5em", margin: "0.3rem 0"});
  const weights = document.createElement("div");
  Object.assign(weights.style, {font: "12px var(--monospace, monospace)", minHeight: "1.4em"});
  const charts = document.createElement("div");
  Object.assign(charts.style, {display: "flex", flexWrap: "wrap", gap: "1rem", alignItems: "flex-start"});
  const plotWidth = Math.min(420, width);
  const errorsWidth = width - plotWidth - 16 >= 260 ? width - plotWidth - 16 : plotWidth;
  const plotBox = document.createElement("div");
  plotBox.id = `${id}-plot`;
  plotBox.style.minHeight = `${plotWidth}px`;
  const errorsBox = document.createElement("div");
  errorsBox.id = `${id}-errors`;
  charts.append(plotBox, errorsBox);
  root.append(controls, status, weights, charts);

  const unsubscribe = player.subscribe((s) => {
    plotBox.replaceChildren(PointsPlot(points, {width: plotWidth, perceptron: s.state, highlight: s.last, onClick}));
    errorsBox.replaceChildren(EpochErrorsPlot(s.epochErrors, {width: errorsWidth, height: 260, total: points.length}));
    status.textContent = points.length ? describe(s, points.length) : "Add some points first.";
    const f = (v: number) => (v >= 0 ? " " : "") + v.toFixed(3);
    weights.textContent = `w₁ =${f(s.state.w1)}   w₂ =${f(s.state.w2)}   b =${f(s.state.b)}`;
    play.disabled = s.running || s.converged || s.gaveUp || !points.length;
    pause.disabled = !s.running;
    step.disabled = epoch.disabled = s.running || s.converged || s.gaveUp || !points.length;
    root.dataset.epoch = String(s.epoch);
    root.dataset.converged = String(s.converged);
  });
  root.player = player;
  root.dispose = () => {
    unsubscribe();
    player.dispose();
  };
  return root;
}
