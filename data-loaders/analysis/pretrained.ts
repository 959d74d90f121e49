/**
 * Trained weights produced by other loaders, when they exist: the deeper grating CNN and the seed's ReLU
 * decoder. Looked up in Framework's loader cache; absent ones are reported and left out of the analysis.
 */
import {existsSync, readFileSync} from "node:fs";
import {resolve} from "node:path";
import type {Weights} from "@brain-nets/models";

const CACHE = resolve(import.meta.dirname, "../../src/.observablehq/cache/data");

/** Reads a weights JSON `{name: number[]}` if the file exists, else undefined. */
export function readWeights(file: string): Weights | undefined {
  const path = resolve(CACHE, file);
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, number[]>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, Float32Array.from(v)]));
}
