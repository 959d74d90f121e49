/**
 * The decoding page's backend: the reader's choice, or the faster backend for the seed decoder's train step on
 * this device, timed in a spare worker on a step of the seed's shape (every neuron → 20 ReLU units → 1, full
 * batch of the seed's 60% training split) and remembered for later visits.
 */
import {decoderModel} from "../../core/decoders.js";
import {targets} from "../../core/decodingData.js";
import {stepWorkload, trainingRun} from "../../training/runs.js";
import type {BackendDecider} from "../../ui/backendChoice.js";
import {pageBackend} from "../../ui/pageBackend.js";

export {FASTEST, BACKEND_CHOICES, backendLabel} from "../../ui/backendChoice.js";
export {watchBackend} from "../../runtime/page.js";

/** Decides the page's backend (see the module's comment); `v1` gives the seed step's shape. */
export function decodingBackend(choice: string, v1: {nNeurons: number; nStimuli: number}): BackendDecider {
  const nNeurons = v1.nNeurons;
  const n = Math.round(0.6 * v1.nStimuli);
  const hidden = 20;
  return pageBackend(choice, `decoder train step ${nNeurons}x${hidden} n=${n}`, {
    unit: "step",
    measureInput: () => {
      // The values do not change the timing; a constant fill keeps the main thread free.
      const x = new Float32Array(n * nNeurons).fill(0.01);
      const stimuli = Float32Array.from({length: n}, (_, i) => (i * 360) / n);
      const model = decoderModel({kind: "regression", nNeurons, hidden, activation: "relu"});
      const settings = {optimizer: "sgd" as const, learningRate: 1e-4, batchSize: n, seed: 0};
      return stepWorkload(trainingRun(model, x, targets(stimuli, "regression"), settings));
    },
  });
}
