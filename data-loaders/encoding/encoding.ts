/**
 * Build-time training of the V1 encoding model: grating images at the V1 stimulus orientations → one conv
 * layer (Gabor/centre-surround start) → linear read-out to a subset of neurons, on onnxruntime-node. Every
 * fourth orientation bin is held out; the report gives each neuron's held-out correlation and the predicted
 * and measured tuning curves, and the zip carries the inference and train-step graphs and the weights so the
 * page can run and fine-tune the model.
 */
import {adam, encodingModel, toModelBytes} from "@brain-nets/models";
import {loadV1} from "../v1Source.js";
import {filterBank} from "../../src/components/core/kernels.js";
import {
  encodingImages,
  heldOutSplit,
  selectTunedNeurons,
  tuningPredictions,
} from "../../src/components/core/encodingData.js";
import {pearson} from "../../src/components/core/rank.js";
import {packWeights} from "../../src/components/core/cnnWeights.js";
import {inferOnNode, trainOnNode} from "../training/session.js";
import {storedZip} from "../zip.js";

/** Options of {@link encodingArchive}. */
export interface EncodingOptions {
  /** Orientation bin width of the V1 data in degrees (default 5: 72 stimuli). */
  binWidth?: number;
  /** Neurons modelled: the most strongly tuned (default 100). */
  neurons?: number;
  /** Grating phases per stimulus (default 2, opposite phases): the model must predict the same response at each. */
  phases?: number;
  /** Full-batch Adam steps (default 400). */
  steps?: number;
  /** Adam learning rate (default 2e-3; 3e-3 made the loss bounce mid-run). */
  lr?: number;
  /** Seed of the initial read-out weights (default 1). */
  seed?: number;
  /** The V1 values to fit: the shipped compact form (default) or float32 (the comparison in BENCHMARKS.md). */
  precision?: "compact" | "float32";
  /** Progress messages (stderr in the loader). */
  log?: (message: string) => void;
}

/** Trains the encoding model and returns the `encoding.zip` bytes. */
export async function encodingArchive(options: EncodingOptions = {}): Promise<Uint8Array> {
  const {binWidth = 5, neurons: nNeurons = 100, phases = 2, steps = 400, lr = 2e-3, seed = 1, log = () => {}} = options;
  const t0 = performance.now();
  const v1 = await loadV1({binWidth, log, precision: options.precision});
  const neurons = selectTunedNeurons(v1.responses, v1.nStimuli, v1.nNeurons, nNeurons);
  const measured = new Float32Array(v1.nStimuli * nNeurons);
  for (let s = 0; s < v1.nStimuli; s++)
    for (let j = 0; j < nNeurons; j++) measured[s * nNeurons + j] = v1.responses[s * v1.nNeurons + neurons[j]];
  const test = heldOutSplit(v1.nStimuli);
  const train = Array.from(test.keys()).filter((s) => !test[s]);
  const trainSet = encodingImages(v1.stimuli, measured, nNeurons, train, {phases});
  const model = encodingModel({neurons: nNeurons, init: {"conv1.weight": filterBank(6).weights}});
  const initial = model.initWeights(seed);
  const r = await trainOnNode(model, initial, {
    optimizer: adam({lr}),
    steps,
    batch: () => trainSet,
    onStep: (i, loss) => (i % 100 === 99 ? log(`encoding: step ${i + 1} loss ${loss.toFixed(4)}`) : undefined),
  });
  const all = encodingImages(
    v1.stimuli,
    measured,
    nNeurons,
    Array.from({length: v1.nStimuli}, (_, s) => s),
    {phases},
  );
  const y = (await inferOnNode(model, r.weights, all.x, all.n)).y;
  const predicted = tuningPredictions(y, v1.nStimuli, nNeurons, phases);
  const corr = (rows: number[], j: number) =>
    pearson(
      rows.map((s) => predicted[s * nNeurons + j]),
      rows.map((s) => measured[s * nNeurons + j]),
    );
  const testRows = Array.from(test.keys()).filter((s) => test[s]);
  const heldOutR = Array.from({length: nNeurons}, (_, j) => corr(testRows, j));
  const trainR = Array.from({length: nNeurons}, (_, j) => corr(train, j));
  const seconds = (performance.now() - t0) / 1000;
  const mean = heldOutR.reduce((a, b) => a + b, 0) / nNeurons;
  log(`encoding: ${nNeurons} neurons, mean held-out r ${mean.toFixed(3)}, ${seconds.toFixed(1)} s`);
  const params = model.arch.params.map((p) => ({name: p.name, shape: [...p.shape]}));
  const report = {
    source: v1.source,
    binWidth,
    phases,
    stimuli: Array.from(v1.stimuli),
    neurons: Array.from(neurons),
    heldOut: Array.from(test),
    measured: Array.from(measured, (v) => +v.toFixed(4)),
    predicted: Array.from(predicted, (v) => +v.toFixed(4)),
    heldOutR,
    trainR,
    losses: r.losses,
    // No run time here: the archive must come out byte-identical on every build (the log has it).
    training: {steps, lr, seed, trainImages: trainSet.n},
    config: model.arch.config,
    filterNames: filterBank(6).names,
    params,
  };
  return storedZip({
    "encoding.onnx": toModelBytes(model.inferenceGraph(r.weights, {activations: true})),
    "encoding-train.onnx": r.trainStepBytes,
    "encoding.json": new TextEncoder().encode(JSON.stringify(report)),
    "encoding-initial.bin": new Uint8Array(packWeights(initial, params).buffer),
    "encoding-trained.bin": new Uint8Array(packWeights(r.weights, params).buffer),
  });
}
