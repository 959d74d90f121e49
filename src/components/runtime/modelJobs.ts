/**
 * The compute worker's "your model" jobs: read a reader's ONNX file (`@brain-nets/models` `inspectOnnx`), run it on
 * the gratings on the backend asked for, reduce the chosen layers to Grams (core/userModel.ts) and keep them, in the
 * worker beside the built-in layers and in IndexedDB for later pages and visits. computeJobs.ts owns the layers the
 * analyses read; it hands these jobs the built-in stimuli and a setter for the model's layers.
 */
import {
  firstConvFilters,
  inspectOnnx,
  ModelFileError,
  unsupportedOpMessage,
  withOutputs,
  type ConvFilters,
  type OnnxSummary,
} from "@brain-nets/models";
import {modelLayerGrams, periodAt, type ModelLayerInfo, type ModelStimulusSpec} from "../core/userModel.js";
import {colourAndPattern, fitGabor, type GaborParams} from "../core/gabor.js";
import {occludeModel, unitMaps, type LayerUnits, type ModelOcclusion, type UnitMaps} from "../core/modelOcclusion.js";
import {occlusionStimuli} from "../core/occlusion.js";
import type {LayerGram} from "../core/layerGrams.js";
import type {Job, JobContext} from "../core/workerProtocol.js";
import {forgetModel, loadModel, saveModel} from "./datasetStore.js";
import {createSession, disposeAll, float32, readFloat32, requestBackend, runOnce, type Backend} from "./page.js";

/** What the page keeps of a reader's model once its layers are in the analyses. */
export interface ModelInfo {
  file: string;
  bytes: number;
  summary: OnnxSummary;
  spec: ModelStimulusSpec;
  layers: ModelLayerInfo[];
  savedAt: number;
  /** Milliseconds from the start of the job to the Grams (the model's forward passes and the Grams). */
  ms: number;
}

/** A partial result of the "modelLayers" job. */
export type ModelLayersUpdate = {stage: "session"} | {stage: "stimuli"; done: number; total: number} | {stage: "grams"};

/** The hooks computeJobs.ts gives: the built-in layers' stimuli, and where the model's layers go. */
export interface ModelHooks<Meta> {
  stimuli(): Float32Array;
  setModel(grams: LayerGram[] | null): Meta;
}

/** One first-layer filter's best Gabor (on its leading colour's pattern), with that colour and its share. */
export interface FilterFit extends GaborParams {
  r2: number;
  fitted: Float32Array;
  colour: number[];
  share: number;
}

/** The "convFilters" job's result: the filters as stored, and each one's fit (the first {@link MAX_FITTED}). */
export interface FiltersResult {
  filters: ConvFilters;
  fits: FilterFit[];
}

/** Filters fitted at most. */
export const MAX_FITTED = 96;

/** The "modelOcclusion" job's result: the run's shape and every mapped unit's receptive field size. */
export interface OcclusionSummary {
  layer: string;
  units: LayerUnits;
  mapped: number;
  height: number;
  width: number;
  size: number;
  stride: number;
  positions: number;
  angles: number[];
  evaluated: number;
  seconds: number;
  diameters: Float32Array;
}

/** A partial result of "modelOcclusion" and "convFilters". */
export type ProgressUpdate = {done: number; total: number};

/** The network name the model's layers carry in every chart. */
export const YOUR_MODEL = "your model";

/** The "your model" jobs, by name. */
export function modelJobs<Meta>(hooks: ModelHooks<Meta>): Record<string, Job> {
  let file: {name: string; bytes: Uint8Array; summary: OnnxSummary} | null = null;
  let kept: {savedAt: number; meta: Meta} | null = null;
  let stored: {savedAt: number; bytes: Uint8Array; info: ModelInfo} | null = null;
  let occlusion: {key: string; result: ModelOcclusion} | null = null;

  /** The model the reader added (from IndexedDB once per version of it). */
  async function storedFile(): Promise<{bytes: Uint8Array; info: ModelInfo}> {
    const record = await loadModel<LayerGram[], ModelInfo>();
    if (!record) throw new Error("your model is no longer stored in this browser; choose the file again");
    if (stored?.savedAt !== record.savedAt) stored = {savedAt: record.savedAt, bytes: record.bytes, info: record.info};
    return stored;
  }

  return {
    /** Reads a model file (moved here) and returns its structure; a fault rejects with the reader's message. */
    inspectModel: async (input: {file: Blob & {name: string}}): Promise<OnnxSummary> => {
      const bytes = new Uint8Array(await input.file.arrayBuffer());
      const summary = inspectOnnx(bytes, input.file.name);
      file = {name: input.file.name, bytes, summary};
      return summary;
    },
    /** Runs the inspected model on the gratings and puts the chosen layers into the analyses. */
    modelLayers: async (
      input: {layers: string[]; spec: ModelStimulusSpec; backend: Backend},
      ctx: JobContext,
    ): Promise<{meta: Meta; info: ModelInfo}> => {
      if (!file) throw new Error("no model file has been read yet");
      const {name, bytes, summary} = file;
      if (input.layers.length === 0) throw new RangeError("pick at least one layer");
      const t0 = performance.now();
      await requestBackend(input.backend);
      ctx.update({stage: "session"} satisfies ModelLayersUpdate);
      const {spec} = input;
      const dims =
        spec.layout === "NCHW" ? [spec.channels, spec.height, spec.width] : [spec.height, spec.width, spec.channels];
      let session;
      try {
        session = await createSession(withOutputs(bytes, input.layers, summary.outputs));
      } catch (e) {
        const message = String((e as Error)?.message ?? e);
        throw new ModelFileError(
          unsupportedOpMessage(message, name) ?? `ONNX Runtime could not load ${name}: ${message}`,
        );
      }
      const labels = new Map(summary.candidates.map((c) => [c.tensor, c.label]));
      try {
        const forward = async (images: Float32Array, b: number) => {
          let out;
          try {
            out = await session.run({[summary.input.name]: float32(images, [b, ...dims])}, {fetches: input.layers});
          } catch (e) {
            const message = String((e as Error)?.message ?? e);
            throw new ModelFileError(
              /memory|alloc|RangeError/i.test(message)
                ? `${name} needs more memory than this browser gives it for ${b} image${b === 1 ? "" : "s"} of ${spec.width} × ${spec.height}; try a smaller input size`
                : `${name} failed on a ${spec.width} × ${spec.height} grating: ${message}`,
            );
          }
          const result: Record<string, {data: Float32Array; dims: readonly number[]}> = {};
          for (const t of input.layers) result[t] = {data: (await readFloat32(out[t])).slice(), dims: out[t].dims};
          disposeAll(out);
          return result;
        };
        const stimuli = hooks.stimuli();
        const {grams, info} = await modelLayerGrams(
          forward,
          runOnce,
          stimuli,
          spec,
          input.layers.map((t) => ({tensor: t, label: labels.get(t) ?? t})),
          {
            network: YOUR_MODEL,
            onProgress: (done, total) => ctx.update({stage: "stimuli", done, total} satisfies ModelLayersUpdate),
            checkpoint: () => ctx.checkpoint(),
          },
        );
        ctx.update({stage: "grams"} satisfies ModelLayersUpdate);
        const savedAt = Date.now();
        const modelInfo: ModelInfo = {
          file: name,
          bytes: bytes.byteLength,
          summary,
          spec,
          layers: info,
          savedAt,
          ms: performance.now() - t0,
        };
        await saveModel({file: name, bytes, grams, info: modelInfo, savedAt});
        const meta = hooks.setModel(grams);
        kept = {savedAt, meta};
        return {meta, info: modelInfo};
      } finally {
        await session.release();
      }
    },
    /** Puts the stored model's layers into the analyses (from IndexedDB unless this worker has them already). */
    storedModel: async (): Promise<{meta: Meta; info: ModelInfo}> => {
      const stored = await loadModel<LayerGram[], ModelInfo>();
      if (!stored) throw new Error("your model is no longer stored in this browser; choose the file again");
      if (kept?.savedAt !== stored.savedAt) kept = {savedAt: stored.savedAt, meta: hooks.setModel(stored.grams)};
      return {meta: kept.meta, info: stored.info};
    },
    /**
     * The first convolution's filters of the site's network (`bytes`) or of the reader's stored model, each fitted
     * with a Gabor on its leading colour's pattern; progress after every filter.
     */
    convFilters: async (input: {bytes?: ArrayBuffer}, ctx: JobContext): Promise<FiltersResult> => {
      const model = input?.bytes
        ? {bytes: new Uint8Array(input.bytes), name: "the site's network"}
        : await storedFile().then((f) => ({bytes: f.bytes, name: f.info.file}));
      const filters = firstConvFilters(model.bytes, model.name);
      const {height, width, channels} = filters;
      const n = height * width * channels;
      const count = Math.min(filters.filters, MAX_FITTED);
      const fits: FilterFit[] = [];
      for (let o = 0; o < count; o++) {
        const {colour, pattern, share} = colourAndPattern(filters.weights.subarray(o * n, (o + 1) * n), channels);
        const {fitted, ...fit} = fitGabor(pattern, height, width);
        fits.push({...fit, fitted: Float32Array.from(fitted), colour, share});
        ctx.update({done: o + 1, total: count} satisfies ProgressUpdate);
        if (o % 8 === 7) await ctx.checkpoint();
      }
      return {filters, fits};
    },
    /**
     * Occlusion receptive fields of every unit of one layer of the reader's model (core/modelOcclusion.ts) on
     * `images` noisy gratings at the model's size, on the backend asked for. The run stays here for "occlusionUnit".
     */
    modelOcclusion: async (
      input: {layer: string; images: number; size: number; stride: number; backend: Backend},
      ctx: JobContext,
    ): Promise<OcclusionSummary> => {
      const {bytes, info} = await storedFile();
      const candidate = info.summary.candidates.find((c) => c.tensor === input.layer);
      if (!candidate) throw new RangeError(`${info.file} has no layer ${input.layer}`);
      const {spec} = info;
      await requestBackend(input.backend);
      const session = await createSession(withOutputs(bytes, [input.layer], info.summary.outputs));
      const dims = (b: number) =>
        spec.layout === "NCHW"
          ? [b, spec.channels, spec.height, spec.width]
          : [b, spec.height, spec.width, spec.channels];
      const stimuli = occlusionStimuli(input.images, {
        height: spec.height,
        width: spec.width,
        period: periodAt(spec.height),
      });
      try {
        const result = await occludeModel(
          async (x, b) => {
            const out = await session.run({[info.summary.input.name]: float32(x, dims(b))}, {fetches: [input.layer]});
            const t = out[input.layer];
            const data = (await readFloat32(t)).slice();
            const shape = t.dims;
            disposeAll(out);
            return {data, dims: shape};
          },
          stimuli.map((s) => s.image),
          spec,
          candidate.opType,
          {
            size: input.size,
            stride: input.stride,
            onProgress: (done, total) => ctx.update({done, total} satisfies ProgressUpdate),
            checkpoint: () => ctx.checkpoint(),
          },
        );
        occlusion = {key: `${stored!.savedAt} ${input.layer}`, result};
        const diameters = Float32Array.from({length: result.mapped}, (_, c) => unitMaps(result, c).diameter);
        ctx.transferResult([diameters.buffer]);
        return {
          layer: candidate.label,
          units: result.units,
          mapped: result.mapped,
          height: spec.height,
          width: spec.width,
          size: result.size,
          stride: input.stride,
          positions: result.positions.length,
          angles: stimuli.map((s) => s.angle),
          evaluated: result.evaluated,
          seconds: result.seconds,
          diameters,
        };
      } finally {
        await session.release();
      }
    },
    /** One unit's discrepancy maps and receptive field from the last "modelOcclusion" run. */
    occlusionUnit: (input: {unit: number}): UnitMaps => {
      if (!occlusion) throw new Error("no occlusion run yet");
      return unitMaps(occlusion.result, input.unit);
    },
    /** Takes the model's layers out of the analyses (`forget`: also out of this browser's storage). */
    dropModel: async (input: {forget?: boolean}): Promise<Meta> => {
      if (input?.forget) await forgetModel();
      kept = null;
      return hooks.setModel(null);
    },
  };
}
