/** An RDM as a heatmap over stimulus orientation × stimulus orientation (viridis, with a legend). */
import * as Plot from "@observablehq/plot";

/** Options of {@link RdmHeatmap}. */
export interface RdmHeatmapOptions {
  width?: number;
  /** Chart title (the RDM's name). */
  title?: string;
  /** Color domain; defaults to the 1st–99th percentile of the off-diagonal entries so outliers do not wash it out. */
  domain?: [number, number];
}

/** Heatmap of an n × n RDM whose rows are stimuli at `stimuli` degrees. */
export function RdmHeatmap(
  rdm: ArrayLike<number>,
  stimuli: ArrayLike<number>,
  {width = 320, title, domain}: RdmHeatmapOptions = {},
) {
  const n = stimuli.length;
  const off: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off.push(rdm[i * n + j]);
  off.sort((a, b) => a - b);
  const q = (p: number) => off[Math.min(off.length - 1, Math.floor(p * (off.length - 1)))] ?? 0;
  const size = Math.max(160, Math.min(width, 420));
  return Plot.plot({
    width: size,
    height: size + 40,
    title,
    marginLeft: 44,
    marginBottom: 36,
    x: {label: "stimulus orientation (°) →", domain: [0, 360], ticks: [0, 90, 180, 270, 360]},
    y: {label: "↓ stimulus orientation (°)", domain: [360, 0], ticks: [0, 90, 180, 270, 360]},
    color: {
      scheme: "viridis",
      domain: domain ?? [q(0.01), q(0.99)],
      clamp: true,
      legend: true,
      label: "dissimilarity",
      width: size - 40,
    } as Plot.ScaleOptions,
    marks: [
      Plot.raster(Array.from(rdm), {width: n, height: n, x1: 0, x2: 360, y1: 0, y2: 360, imageRendering: "pixelated"}),
    ],
  });
}
