/**
 * Fine-tuning the build's V1 encoding model in the page: the same train-step graph recipe (models/, Adam,
 * MSE), full-batch on the training orientations, run by the shared Trainer on ONNX Runtime Web. Every
 * `evalEvery` steps the model predicts every stimulus and the held-out correlation per neuron is recomputed.
 */
import {adam, encodingModel} from "@brain-nets/models";
import {encodingImages, tuningPredictions} from "../core/encodingData.js";
import {pearson} from "../core/rank.js";
import {Trainer, type TrainerSnapshot} from "./trainer.js";
import {scoredRun, trainStepSpec} from "./liveTraining.js";

/** What the page needs from the build's encoding report. */
export interface EncodingReport {
  stimuli: number[];
  neurons: number[];
  heldOut: number[];
  measured: number[];
  phases: number;
}

/** Held-out correlation per neuron of `predicted` against `measured` (both `nStimuli × nNeurons`). */
export function heldOutCorrelations(
  predicted: ArrayLike<number>,
  measured: ArrayLike<number>,
  heldOut: ArrayLike<number>,
  nNeurons: number,
): number[] {
  const rows = Array.from({length: heldOut.length}, (_, s) => s).filter((s) => heldOut[s]);
  return Array.from({length: nNeurons}, (_, j) =>
    pearson(
      rows.map((s) => predicted[s * nNeurons + j]),
      rows.map((s) => measured[s * nNeurons + j]),
    ),
  );
}

/** One evaluation: mean held-out correlation after `step` steps. */
export interface FitPoint {
  step: number;
  meanR: number;
}

/** A running fit: trainer, history and the latest predictions. */
export interface EncodingFit {
  trainer: Trainer;
  history: FitPoint[];
  predicted: Float32Array;
  heldOutR: number[];
  subscribe(
    listener: (s: TrainerSnapshot & {history: FitPoint[]; predicted: Float32Array; heldOutR: number[]}) => void,
  ): () => void;
  dispose(): Promise<void>;
}

/** Starts a fit from `trained` weights; `freezeConv` keeps the filters fixed. */
export async function createEncodingFit(
  report: EncodingReport,
  trained: Record<string, Float32Array>,
  {freezeConv, learningRate, evalEvery = 20}: {freezeConv: boolean; learningRate: number; evalEvery?: number},
): Promise<EncodingFit> {
  const nNeurons = report.neurons.length,
    nStimuli = report.stimuli.length;
  const measured = Float32Array.from(report.measured);
  const frozen: Record<string, Float32Array> = freezeConv
    ? {"conv1.weight": trained["conv1.weight"], "conv1.bias": trained["conv1.bias"]}
    : {};
  const model = encodingModel({neurons: nNeurons, frozen});
  const step = model.trainStepGraph({optimizer: adam({lr: learningRate})});
  const start = Object.fromEntries(model.arch.params.map((p) => [p.name, trained[p.name]]));
  const {spec, hyper} = trainStepSpec(step, start);
  const trainRows = report.heldOut.flatMap((h, s) => (h ? [] : [s]));
  const train = encodingImages(report.stimuli, measured, nNeurons, trainRows, {phases: report.phases});
  const all = encodingImages(
    report.stimuli,
    measured,
    nNeurons,
    Array.from({length: nStimuli}, (_, s) => s),
    {phases: report.phases},
  );
  const trainer = await Trainer.create(spec, {
    feeds: {
      ...hyper,
      x: {data: train.x, dims: [train.n, 1, 48, 64]},
      target: {data: train.target, dims: [train.n, nNeurons]},
    },
    checkpointEvery: evalEvery,
    learningRate,
  });
  const fit = {
    trainer,
    history: [] as FitPoint[],
    predicted: new Float32Array(nStimuli * nNeurons) as Float32Array,
    heldOutR: [] as number[],
  };
  const x = {data: all.x, dims: [all.n, 1, 48, 64]};
  const live = await scoredRun(
    trainer,
    encodingModel({neurons: nNeurons}),
    x,
    trained,
    (at, y) => {
      fit.predicted = tuningPredictions(y, nStimuli, nNeurons, report.phases);
      fit.heldOutR = heldOutCorrelations(fit.predicted, measured, report.heldOut, nNeurons);
      const meanR = fit.heldOutR.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) / nNeurons;
      fit.history = [...fit.history.filter((h) => h.step < at), {step: at, meanR}];
    },
    () => ({history: fit.history, predicted: fit.predicted, heldOutR: fit.heldOutR}),
  );
  return Object.assign(fit, live);
}
