/**
 * Rows of RDMs, as Neuromatch W1D5 tutorial 3 plots them: for a few chosen stimuli, the dissimilarity to every
 * other stimulus as a function of its orientation, one panel per representation.
 */
import * as Plot from "@observablehq/plot";

/** Options of {@link DissimilarityRows}. */
export interface DissimilarityRowsOptions {
  width?: number;
}

/**
 * Line chart faceted by representation; `picks` are indices of the chosen stimuli and `labels` name them
 * (default: their orientation rounded to a degree).
 */
export function DissimilarityRows(
  rdms: {name: string; rdm: ArrayLike<number>}[],
  stimuli: ArrayLike<number>,
  picks: number[],
  {width = 640, labels}: DissimilarityRowsOptions & {labels?: string[]} = {},
) {
  const n = stimuli.length;
  const data = rdms.flatMap(({name, rdm}) =>
    picks.flatMap((i, k) =>
      Array.from({length: n}, (_, j) => ({
        name,
        chosen: labels?.[k] ?? `${Math.round(stimuli[i])}°`,
        orientation: stimuli[j],
        d: rdm[i * n + j],
      })),
    ),
  );
  return Plot.plot({
    width,
    height: 90 + 150 * Math.ceil(rdms.length / 3),
    marginLeft: 50,
    x: {label: "orientation of the other stimulus (°) →", domain: [0, 360], ticks: [0, 90, 180, 270, 360]},
    y: {label: "↑ dissimilarity", grid: true},
    fx: {axis: null},
    fy: {label: null, axis: null},
    color: {
      legend: true,
      label: "chosen stimulus",
      type: "ordinal",
      scheme: "category10",
      domain: picks.map((i, k) => labels?.[k] ?? `${Math.round(stimuli[i])}°`),
    },
    facet: {
      data,
      x: (d: {name: string}) => rdms.findIndex((r) => r.name === d.name) % 3,
      y: (d: {name: string}) => Math.floor(rdms.findIndex((r) => r.name === d.name) / 3),
    },
    marks: [
      Plot.frame({stroke: "#ddd"}),
      Plot.line(data, {x: "orientation", y: "d", stroke: "chosen", z: "chosen", strokeWidth: 1.5}),
      Plot.text(rdms, {
        text: "name",
        frameAnchor: "top-left",
        dx: 4,
        dy: 4,
        fx: (_: unknown, k: number) => k % 3,
        fy: (_: unknown, k: number) => Math.floor(k / 3),
        fontWeight: "bold",
      }),
    ],
  });
}
