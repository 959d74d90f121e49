/**
 * Comparing two RDMs: a correlation between their entries above the diagonal (the diagonal is 0 by
 * construction and the lower triangle repeats the upper one, so neither carries information).
 */
import {kendallTauA, pearson, spearman} from "./rank.js";
import {upperTriangle} from "./rdm.js";

/** How two RDMs are compared. */
export type CompareMethod = "spearman" | "kendall" | "pearson";

/** The methods, in the order the pages offer them. */
export const COMPARE_METHODS: readonly CompareMethod[] = ["spearman", "kendall", "pearson"];

/** Readable names for the methods. */
export const COMPARE_LABELS: Readonly<Record<CompareMethod, string>> = {
  spearman: "Spearman ρ",
  kendall: "Kendall τ-a",
  pearson: "Pearson r",
};

/** Options for {@link compareRdms}. */
export interface CompareOptions {
  /** "spearman" (default), "kendall" (tau-a) or "pearson". */
  method?: CompareMethod;
}

/** The chosen correlation between two equally long vectors of dissimilarities. */
export function correlate(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  {method = "spearman"}: CompareOptions = {},
): number {
  switch (method) {
    case "spearman":
      return spearman(a, b);
    case "kendall":
      return kendallTauA(a, b);
    case "pearson":
      return pearson(a, b);
    default:
      throw new RangeError(
        `compare: unknown method ${JSON.stringify(method)}; use one of ${COMPARE_METHODS.join(", ")}`,
      );
  }
}

/** Correlation between the upper triangles of two n × n RDMs. */
export function compareRdms(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  options: CompareOptions = {},
): number {
  if (a.length !== n * n || b.length !== n * n) throw new RangeError(`compareRdms: both RDMs must be ${n} × ${n}`);
  return correlate(upperTriangle(a, n), upperTriangle(b, n), options);
}
