/** Layer-vs-V1 RDM correlations as bars with bootstrap intervals, and the noise ceiling as a band. */
import * as Plot from "@observablehq/plot";
import type {ComparisonRow} from "../core/exportTables.js";

/** Options of {@link ComparisonBars}. */
export interface ComparisonBarsOptions {
  width?: number;
  /** Every network name in a fixed order, so each network keeps its color across charts. */
  networks?: string[];
  /** Axis label of the comparison (e.g. "Spearman ρ with V1"). */
  label?: string;
  /** The noise ceiling (√reliability) drawn as a dashed line with a label. */
  ceiling?: number;
}

/** Horizontal bars, one per layer, grouped and colored by network. */
export function ComparisonBars(
  rows: ComparisonRow[],
  {width = 640, networks, label = "correlation with V1 RDM", ceiling}: ComparisonBarsOptions = {},
) {
  const data = rows.map((r) => ({...r, name: `${r.network} · ${r.layer}`}));
  // Intervals may still be computing (NaN): the axis then fits the estimates, and no whisker is drawn.
  const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
  const xMax = Math.max(1e-3, ceiling ?? 0, ...data.map((d) => finiteOr(d.hi, d.estimate))) * 1.05;
  const xMin = Math.min(0, ...data.map((d) => finiteOr(d.lo, d.estimate)));
  return Plot.plot({
    width,
    height: 40 + 26 * data.length,
    // Wide enough for the longest name (about 6 px a character at Plot's 10 px font), at most 45% of the width.
    marginLeft: Math.min(width * 0.45, Math.max(200, 12 + 6 * Math.max(...data.map((d) => d.name.length)))),
    x: {label: `${label} →`, domain: [xMin, xMax], grid: true},
    y: {label: null, domain: data.map((d) => d.name)},
    color: {legend: true, label: "network", domain: networks},
    marks: [
      Plot.barX(data, {
        x: "estimate",
        y: "name",
        fill: "network",
        tip: true,
        title: (d) =>
          `${d.name}\n${d.estimate.toFixed(3)} ${Number.isFinite(d.lo) ? `[${d.lo.toFixed(3)}, ${d.hi.toFixed(3)}]` : "(interval still computing)"}`,
      }),
      Plot.ruleY(data, {x1: "lo", x2: "hi", y: "name", stroke: "black", strokeWidth: 1.5}),
      Plot.tickX(data, {x: "lo", y: "name", stroke: "black"}),
      Plot.tickX(data, {x: "hi", y: "name", stroke: "black"}),
      ...(ceiling != null && Number.isFinite(ceiling)
        ? [
            Plot.ruleX([ceiling], {stroke: "#c0392b", strokeDasharray: "5,4", strokeWidth: 2}),
            Plot.text([ceiling], {
              x: (d) => d,
              frameAnchor: "top",
              dy: -2,
              text: () => "noise ceiling",
              fill: "#c0392b",
              textAnchor: "end",
              dx: -4,
            }),
          ]
        : []),
      Plot.ruleX([0]),
    ],
  });
}
