/**
 * The compute worker's "your model" jobs: read a reader's ONNX file (`@brain-nets/models` `inspectOnnx`), run it on
 * the gratings on the backend asked for, reduce the chosen layers to Grams (core/userModel.ts) and keep them, in the
 * worker beside the built-in layers and in IndexedDB for later pages and visits. computeJobs.ts owns the layers the
 * analyses read; it hands these jobs the built-in stimuli and a setter for the model's layers.
 */
import {inspectOnnx, ModelFileError, unsupportedOpMessage, withOutputs, type OnnxSummary} from "@brain-nets/models";
import {modelLayerGrams, type ModelLayerInfo, type ModelStimulusSpec} from "../core/userModel.js";
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

/** The network name the model's layers carry in every chart. */
export const YOUR_MODEL = "your model";

/** The "your model" jobs, by name. */
export function modelJobs<Meta>(hooks: ModelHooks<Meta>): Record<string, Job> {
  let file: {name: string; bytes: Uint8Array; summary: OnnxSummary} | null = null;
  let kept: {savedAt: number; meta: Meta} | null = null;

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
    /** Takes the model's layers out of the analyses (`forget`: also out of this browser's storage). */
    dropModel: async (input: {forget?: boolean}): Promise<Meta> => {
      if (input?.forget) await forgetModel();
      kept = null;
      return hooks.setModel(null);
    },
  };
}
