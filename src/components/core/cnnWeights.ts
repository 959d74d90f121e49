/**
 * Named network weights packed into one Float32Array (the `*.bin` members of cnn.zip) and back. The
 * parameter list (names and shapes, in order) travels in the model's JSON report. Shared by the loaders that
 * write the files and the pages that read them.
 */

/** A parameter's name and shape. */
export interface ParamLayout {
  name: string;
  shape: readonly number[];
}

/** Weights by parameter name. */
export type NamedWeights = Record<string, Float32Array | Float64Array>;

/** Concatenates `weights` in `params` order into one Float32Array. */
export function packWeights(weights: NamedWeights, params: readonly ParamLayout[]): Float32Array {
  const total = params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
  const out = new Float32Array(total);
  let o = 0;
  for (const p of params) {
    const w = weights[p.name];
    const n = p.shape.reduce((x, y) => x * y, 1);
    if (!w || w.length !== n) throw new Error(`packWeights: "${p.name}" needs ${n} values, got ${w?.length ?? "none"}`);
    out.set(w, o);
    o += n;
  }
  return out;
}

/** Splits a packed buffer (Float32Array, or the raw bytes of a `.bin`) back into named parameters. */
export function unpackWeights(
  packed: Float32Array | ArrayBuffer,
  params: readonly ParamLayout[],
): Record<string, Float32Array> {
  const data = packed instanceof Float32Array ? packed : new Float32Array(packed);
  const weights: Record<string, Float32Array> = {};
  let o = 0;
  for (const p of params) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    weights[p.name] = data.slice(o, o + n);
    o += n;
  }
  if (o !== data.length) throw new Error(`unpackWeights: ${data.length} values for ${o} parameters`);
  return weights;
}
