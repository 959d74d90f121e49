/**
 * Receptive fields of every unit of a CNN by occlusion, run in the page: for each stimulus image, a batch of
 * occluded copies goes through the network in one call (through runtime.ts, so on the GPU when WebGPU runs),
 * and the pure functions of occlusion.ts turn the activations into discrepancy maps, re-centred and averaged
 * receptive fields. A "unit" is one channel of a conv layer, read (as in Zhou et al., 2015) at the place
 * where that channel responds most to the intact image.
 */
import {
  averageMaps,
  discrepancyMap,
  occludedBatch,
  occluderPositions,
  recenter,
  rfSize,
  type Position,
} from "../core/occlusion.js";
import {seededSource} from "../core/random.js";
import {disposeAll, float32, readFloat32, type Session} from "./runtime.js";

/** A conv layer to map: the graph output holding its activations and where its units sit in the image. */
export interface MappedLayer {
  /** Output name, e.g. `activation.conv2`. */
  output: string;
  /** Channels, height and width of its maps. */
  channels: number;
  height: number;
  width: number;
  /** Image distance between neighbouring units and the image coordinate of unit 0's centre. */
  jump: number;
  start: number;
  /** Theoretical receptive field size in pixels. */
  size: number;
}

/** One image's result for one unit: its discrepancy map and where the unit sat. */
export interface UnitMap {
  map: Float32Array;
  /** Image coordinates of the unit's centre. */
  cx: number;
  cy: number;
  /** The unit's activation on the intact image. */
  base: number;
}

/** Result of {@link occlusionMapping}. */
export interface OcclusionResult {
  /** maps[layer][channel][image]. */
  maps: UnitMap[][][];
  /** Averaged, re-centred receptive field per layer and channel ((2H−1) × (2W−1)). */
  rfs: Float32Array[][];
  /** Equal-area diameter of each averaged field at half its maximum, per layer and channel. */
  diameters: number[][];
  rfHeight: number;
  rfWidth: number;
  /** Occluded images run, and seconds it took. */
  evaluated: number;
  seconds: number;
}

/** Progress while mapping runs, then the result. */
export type OcclusionProgress = {done: false; image: number; images: number} | {done: true; result: OcclusionResult};

/** Options of {@link occlusionMapping}. */
export interface OcclusionMappingOptions {
  /** Occluder side in pixels (default 5). */
  size?: number;
  /** Step between placements (default 3). */
  stride?: number;
  /** Seed of the occluders' random pixels (default 0). */
  seed?: number;
}

function argmax(data: Float32Array, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (data[offset + i] > data[offset + best]) best = i;
  return best;
}

/**
 * Maps every channel of `layers` on `images` (each `height × width`), yielding progress after every image and
 * finally the result. Consumers (a Framework cell) redraw a progress bar as it runs.
 */
export async function* occlusionMapping(
  session: Session,
  images: readonly Float32Array[],
  height: number,
  width: number,
  layers: readonly MappedLayer[],
  {size = 5, stride = 3, seed = 0}: OcclusionMappingOptions = {},
): AsyncGenerator<OcclusionProgress> {
  const t0 = performance.now();
  const positions: Position[] = occluderPositions(height, width, {size, stride});
  const source = seededSource(seed);
  const fetches = layers.map((l) => l.output);
  const maps: UnitMap[][][] = layers.map((l) => Array.from({length: l.channels}, () => []));
  for (let k = 0; k < images.length; k++) {
    yield {done: false, image: k, images: images.length};
    const image = images[k];
    const batch = new Float32Array((positions.length + 1) * height * width);
    batch.set(image, 0); // the intact image first, then one occluded copy per position
    batch.set(occludedBatch(image, height, width, positions, {size, source}), height * width);
    const out = await session.run({x: float32(batch, [positions.length + 1, 1, height, width])}, {fetches});
    const acts = await Promise.all(fetches.map((name) => readFloat32(out[name])));
    disposeAll(out);
    layers.forEach((layer, li) => {
      const a = acts[li];
      const per = layer.channels * layer.height * layer.width;
      const plane = layer.height * layer.width;
      for (let c = 0; c < layer.channels; c++) {
        const unit = argmax(a, c * plane, plane); // where the channel responds most to the intact image
        const base = a[c * plane + unit];
        const occluded = positions.map((_, p) => a[(p + 1) * per + c * plane + unit]);
        const cx = layer.start + (unit % layer.width) * layer.jump;
        const cy = layer.start + Math.floor(unit / layer.width) * layer.jump;
        maps[li][c].push({map: discrepancyMap(base, occluded, positions, height, width, {size}), cx, cy, base});
      }
    });
  }
  const rfs = maps.map((channels) =>
    channels.map((list) => averageMaps(list.map(({map, cx, cy}) => recenter(map, height, width, cx, cy)))),
  );
  const diameters = rfs.map((channels) => channels.map((rf) => rfSize(rf).diameter));
  yield {
    done: true,
    result: {
      maps,
      rfs,
      diameters,
      rfHeight: 2 * height - 1,
      rfWidth: 2 * width - 1,
      evaluated: images.length * (positions.length + 1),
      seconds: (performance.now() - t0) / 1000,
    },
  };
}
