import {describe, expect, it} from "vitest";
import {
  averageMaps,
  discrepancyMap,
  occludedBatch,
  occluderPositions,
  receptiveFieldGeometry,
  recenter,
  rfSize,
} from "../../../src/components/core/occlusion.js";
import {grating} from "../../../src/components/core/gratings.js";

// A hand-built "network": one conv unit at output (ux, uy) of a valid 3×3 convolution whose kernel is
// non-zero only on an L-shaped support. Its receptive field is exactly those input pixels.
const H = 12,
  W = 16;
const KERNEL = [
  [1.0, 0, 0],
  [0.7, 0, 0],
  [0.5, -0.8, 0.9],
];
function unit(image: Float32Array, ux: number, uy: number): number {
  let s = 0;
  for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) s += KERNEL[ky][kx] * image[(uy + ky) * W + ux + kx];
  return s;
}
function support(ux: number, uy: number): Set<number> {
  const s = new Set<number>();
  for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) if (KERNEL[ky][kx]) s.add((uy + ky) * W + ux + kx);
  return s;
}
function mapFor(image: Float32Array, ux: number, uy: number, size: number, seed = 1): Float32Array {
  const positions = occluderPositions(H, W, {size, stride: 1});
  const batch = occludedBatch(image, H, W, positions, {size});
  const acts = positions.map((_, p) => unit(batch.subarray(p * H * W, (p + 1) * H * W), ux, uy));
  return discrepancyMap(unit(image, ux, uy), acts, positions, H, W, {size});
}
const image = grating(30, {width: W, height: H, period: 5, profile: "sine"});

describe("occluderPositions", () => {
  it("occluderPositions(h, w, {size, stride}) steps by stride and adds the last row and column", () => {
    const p = occluderPositions(6, 7, {size: 3, stride: 2});
    expect([...new Set(p.map((q) => q.x))]).toEqual([0, 2, 4]);
    expect([...new Set(p.map((q) => q.y))]).toEqual([0, 2, 3]);
    expect(p.length).toBe(9);
  });

  it("occluderPositions rejects an occluder larger than the image", () => {
    expect(() => occluderPositions(4, 4, {size: 5})).toThrow(/size/);
  });
});

describe("occludedBatch", () => {
  it("occludedBatch changes only the occluder's pixels of each copy", () => {
    const positions = [
      {x: 2, y: 1},
      {x: 10, y: 8},
    ];
    const b = occludedBatch(image, H, W, positions, {size: 3});
    positions.forEach(({x, y}, p) => {
      for (let yy = 0; yy < H; yy++)
        for (let xx = 0; xx < W; xx++) {
          const inside = xx >= x && xx < x + 3 && yy >= y && yy < y + 3;
          const v = b[p * H * W + yy * W + xx],
            orig = image[yy * W + xx];
          if (!inside) expect(v).toBe(orig);
          else (expect(v).toBeGreaterThanOrEqual(-0.5), expect(v).toBeLessThan(0.5));
        }
    });
  });
});

describe("discrepancyMap", () => {
  it("with a 1-pixel occluder, the map of a conv unit is non-zero exactly on its kernel's support", () => {
    const map = mapFor(image, 5, 4, 1);
    const s = support(5, 4);
    for (let i = 0; i < H * W; i++) {
      if (s.has(i)) expect(map[i]).toBeGreaterThan(0);
      else expect(map[i]).toBe(0);
    }
  });

  it("with a 1-pixel occluder, the map equals |w| · |x − occluder value| at each support pixel", () => {
    const positions = occluderPositions(H, W, {size: 1, stride: 1});
    const batch = occludedBatch(image, H, W, positions, {size: 1});
    const map = mapFor(image, 5, 4, 1);
    // positions are row-major over every pixel, so the occluded value of pixel i is batch[i * H * W + i].
    const i = (4 + 2) * W + 5 + 1; // kernel tap (ky 2, kx 1), weight −0.8
    expect(map[i]).toBeCloseTo(0.8 * Math.abs(image[i] - batch[i * H * W + i]), 5);
  });

  it("with a k-pixel occluder, the map is non-zero exactly where an occluder covering the pixel meets the support", () => {
    const size = 3;
    const map = mapFor(image, 5, 4, size);
    const s = support(5, 4);
    const positions = occluderPositions(H, W, {size, stride: 1});
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const hits = positions.some(
          (p) =>
            x >= p.x &&
            x < p.x + size &&
            y >= p.y &&
            y < p.y + size &&
            [...s].some((i) => {
              const sx = i % W,
                sy = Math.floor(i / W);
              return sx >= p.x && sx < p.x + size && sy >= p.y && sy < p.y + size;
            }),
        );
        if (hits) expect(map[y * W + x]).toBeGreaterThan(0);
        else expect(map[y * W + x]).toBe(0);
      }
  });
});

describe("recenter and averageMaps", () => {
  it("recenter(map, h, w, cx, cy) moves pixel (cx, cy) to the canvas centre", () => {
    const map = new Float32Array(H * W);
    map[3 * W + 7] = 2;
    const r = recenter(map, H, W, 7, 3);
    expect(r.height).toBe(2 * H - 1);
    expect(r.width).toBe(2 * W - 1);
    expect(r.map[(H - 1) * r.width + (W - 1)]).toBe(2);
    expect(r.map.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("averaging re-centred maps of units at different places recovers the kernel support around the centre", () => {
    const units = [
      [2, 1],
      [9, 6],
      [12, 3],
    ];
    const maps = units.map(([ux, uy]) => recenter(mapFor(image, ux, uy, 1), H, W, ux + 1, uy + 1));
    const avg = averageMaps(maps);
    const Wc = 2 * W - 1;
    const nonzero = new Set<string>();
    avg.forEach((v, i) => v > 0 && nonzero.add(`${(i % Wc) - (W - 1)},${Math.floor(i / Wc) - (H - 1)}`));
    // The support relative to the kernel centre (1, 1).
    expect([...nonzero].sort()).toEqual(["-1,-1", "-1,0", "-1,1", "0,1", "1,1"].sort());
  });

  it("averageMaps counts a pixel only over the maps that cover it", () => {
    const a = {map: Float32Array.of(2, 4), covered: Uint8Array.of(1, 1)};
    const b = {map: Float32Array.of(6, 0), covered: Uint8Array.of(1, 0)};
    expect(Array.from(averageMaps([a, b]))).toEqual([4, 4]);
  });
});

describe("rfSize", () => {
  it("rfSize(map) counts pixels at or above half the maximum and gives the equal-area diameter", () => {
    const r = rfSize([0, 1, 0.5, 0.49, 2, 0]);
    expect(r.area).toBe(2);
    expect(r.diameter).toBeCloseTo(2 * Math.sqrt(2 / Math.PI), 12);
  });

  it("rfSize of an all-zero map is 0", () => {
    expect(rfSize([0, 0, 0])).toEqual({area: 0, diameter: 0});
  });
});

describe("receptiveFieldGeometry", () => {
  it("two stacked 3×3 convolutions see 5 pixels", () => {
    expect(receptiveFieldGeometry([{kernel: 3}, {kernel: 3}])).toEqual({size: 5, jump: 1, start: 2});
  });

  it("conv 3 → pool 2/2 → conv 3 sees 8 pixels, units 2 apart, the first centred at 3.5", () => {
    expect(receptiveFieldGeometry([{kernel: 3}, {kernel: 2, stride: 2}, {kernel: 3}])).toEqual({
      size: 8,
      jump: 2,
      start: 3.5,
    });
  });

  it("padding shifts the first unit's centre left by padding × jump", () => {
    expect(receptiveFieldGeometry([{kernel: 5, padding: 2}]).start).toBe(0);
  });
});
