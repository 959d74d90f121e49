import {describe, expect, it} from "vitest";
import {mds} from "../../../src/components/core/mds.js";

function distances(points: ArrayLike<number>, n: number, dims: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < dims; k++) s += (points[i * dims + k] - points[j * dims + k]) ** 2;
      d[i * n + j] = Math.sqrt(s);
    }
  return d;
}

describe("mds", () => {
  it("mds(D) recovers a 2-D configuration up to rotation: the embedding's distances equal D", () => {
    const points = [0, 0, 3, 0, 3, 4, -1, 2, 5, -2, 1, 1];
    const d = distances(points, 6, 2);
    const {coords, explained} = mds(d, 6);
    const back = distances(coords, 6, 2);
    for (let i = 0; i < 36; i++) expect(back[i]).toBeCloseTo(d[i], 10);
    expect(explained).toBeCloseTo(1, 12);
  });

  it("mds(D, {dims: 1}) of points on a line returns their spacing", () => {
    const d = distances([0, 1, 4, 10], 4, 1);
    const {coords, values} = mds(d, 4, {dims: 1});
    const back = distances(coords, 4, 1);
    for (let i = 0; i < 16; i++) expect(back[i]).toBeCloseTo(d[i], 10);
    // The only eigenvalue is the centered sum of squares: 3.75² + 2.75² + 0.25² + 6.25² = 60.75.
    expect(values[0]).toBeCloseTo(60.75, 10);
  });

  it("mds centers the embedding at the origin", () => {
    const {coords} = mds(distances([1, 1, 2, 5, 7, 3], 3, 2), 3);
    expect(coords[0] + coords[2] + coords[4]).toBeCloseTo(0, 12);
    expect(coords[1] + coords[3] + coords[5]).toBeCloseTo(0, 12);
  });
});
