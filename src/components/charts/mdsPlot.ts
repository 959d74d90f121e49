/** Small multiples of 2-D MDS embeddings of RDMs, each stimulus a dot colored by its orientation. */
import * as Plot from "@observablehq/plot";

/** Options of {@link MdsPlot}. */
export interface MdsPlotOptions {
  width?: number;
  /** Panels per row (default 4). */
  columns?: number;
}

/** One panel per embedding; coordinates are n × 2 row-major. */
export function MdsPlot(
  embeddings: {name: string; coords: ArrayLike<number>; explained: number}[],
  stimuli: ArrayLike<number>,
  {width = 640, columns = 4}: MdsPlotOptions = {},
) {
  const n = stimuli.length;
  const data = embeddings.flatMap((e, k) => {
    // Scale each panel to unit spread so panels with different dissimilarity units are comparable.
    let s = 0;
    for (let i = 0; i < 2 * n; i++) s += e.coords[i] ** 2;
    const scale = s > 0 ? Math.sqrt(n / s) : 1;
    return Array.from({length: n}, (_, i) => ({
      k,
      x: e.coords[2 * i] * scale,
      y: e.coords[2 * i + 1] * scale,
      orientation: stimuli[i],
    }));
  });
  const rows = Math.ceil(embeddings.length / columns);
  return Plot.plot({
    width,
    height: 60 + rows * (width / columns),
    inset: 8,
    x: {label: "MDS dimension 1 →", ticks: 3},
    y: {label: "↑ MDS dimension 2", ticks: 3},
    fx: {axis: null},
    fy: {axis: null},
    color: {type: "linear", scheme: "rainbow", domain: [0, 360], legend: true, label: "stimulus orientation (°)"},
    marks: [
      Plot.frame({stroke: "#ddd", fx: undefined}),
      Plot.dot(data, {
        x: "x",
        y: "y",
        fill: "orientation",
        r: 3,
        fx: (d) => d.k % columns,
        fy: (d) => Math.floor(d.k / columns),
      }),
      Plot.text(embeddings, {
        text: (e) => `${e.name} (${Math.round(100 * e.explained)}%)`,
        frameAnchor: "top-left",
        dx: 4,
        dy: 4,
        fontSize: 10,
        fx: (_: unknown, k: number) => k % columns,
        fy: (_: unknown, k: number) => Math.floor(k / columns),
      }),
    ],
  });
}
