/**
 * A layer's feature maps as a row of small images, one per channel, with a shared colour scale so channels
 * can be compared. Activations are one example's `[channels, height, width]`, row-major.
 */
import {ImagePlot} from "./imagePlot.js";

/** Options of {@link FeatureMaps}. */
export interface FeatureMapsOptions {
  channels: number;
  height: number;
  width: number;
  /** Channel captions (default "channel k"). */
  names?: readonly string[];
  /** Width of each small image in CSS pixels (default 120). */
  plotWidth?: number;
  /** Show at most this many channels (default all). */
  max?: number;
  /** "sequential" (default, for rectified maps from 0) or "diverging" (signed maps, centred on 0). */
  scheme?: "sequential" | "diverging";
}

/** A flex row of channel images; see {@link FeatureMapsOptions}. */
export function FeatureMaps(activations: Float32Array, options: FeatureMapsOptions): HTMLElement {
  const {channels, height, width, names, plotWidth = 120, max = channels, scheme = "sequential"} = options;
  const size = height * width;
  let peak = 0;
  for (let i = 0; i < Math.min(channels, max) * size; i++) peak = Math.max(peak, Math.abs(activations[i]));
  const row = document.createElement("div");
  row.className = "feature-maps";
  row.style.cssText = "display:flex;flex-wrap:wrap;gap:10px;";
  for (let c = 0; c < Math.min(channels, max); c++) {
    row.append(
      ImagePlot(activations.subarray(c * size, (c + 1) * size), {
        height,
        width,
        plotWidth,
        title: names?.[c] ?? `channel ${c + 1}`,
        scheme,
        domain: scheme === "sequential" ? [0, peak || 1] : [-(peak || 1), peak || 1],
      }),
    );
  }
  return row;
}
