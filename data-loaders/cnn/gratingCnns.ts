/**
 * Build-time training of the grating CNNs on the tilt task (right vs left of vertical), with
 * onnxruntime-node, seeded: the shallow Neuromatch network and the deeper four-layer variant. Both start
 * from the Gabor/centre-surround filter bank in their first layer. The result is everything the CNN pages
 * draw: inference graphs with per-layer activations as outputs, train-step graphs, the weights before and
 * after training, the loss curve, test accuracy during training and accuracy as a function of tilt.
 */
import {
  adam,
  gratingCnnVariant,
  GRATING_CNN_VARIANTS,
  toModelBytes,
  type ConvLayerSpec,
  type GratingCnnVariant,
  type Weights,
} from "@brain-nets/models";
import {filterBank} from "../../src/components/core/kernels.js";
import {binaryAccuracy, gratingTask, taskRows} from "../../src/components/core/gratingTasks.js";
import {seededSource} from "../../src/components/core/random.js";
import {epochBatches} from "../../src/components/core/batches.js";
import {inferOnNode, trainOnNode} from "../training/session.js";
export {packWeights} from "../../src/components/core/cnnWeights.js";

/** Training settings and labels of the two networks (their layers are GRATING_CNN_VARIANTS in models/). */
export const CNN_VARIANTS = {
  // Higher rates kill the shallow net's ten hidden ReLUs on noisy images (its loss then sticks at ln 2) and
  // make the deep net's loss spike late in training (seen at 2e-3).
  tilt: {lr: 1e-3, label: "Shallow (1 conv layer, Neuromatch)"},
  deep: {lr: 1e-3, label: "Deep (4 conv layers)"},
} as const satisfies Record<GratingCnnVariant, {lr: number; label: string}>;

/** Names of the trained variants. */
export type CnnVariant = GratingCnnVariant;

/** Options of {@link trainGratingCnn}. */
export interface TrainCnnOptions {
  /** Seed of the data and the initial weights (default 1). */
  seed?: number;
  /** Training images (default 1536). */
  trainSize?: number;
  /** Test images (default 512). */
  testSize?: number;
  /** Mini-batch size (default 64). */
  batchSize?: number;
  /** Passes over the training set (default 6). */
  epochs?: number;
  /** Adam learning rate (default: the variant's, see CNN_VARIANTS). */
  lr?: number;
  /** Largest tilt from vertical in degrees (default 10). */
  maxTilt?: number;
  /** Pixel noise standard deviation (default 0.5: enough that small tilts are genuinely hard). */
  noise?: number;
  /** Tilts (degrees, positive) at which accuracy is measured after training (default 0.5, 1, …, 10). */
  tiltSweep?: readonly number[];
  /** Images per tilt and side in the sweep (default 64). */
  sweepSize?: number;
  /** Logs progress (default: nothing). */
  log?: (message: string) => void;
}

/** Everything trained for one variant; `report` is JSON-ready. */
export interface TrainedCnn {
  inference: Uint8Array;
  trainStep: Uint8Array;
  initial: Weights;
  trained: Weights;
  report: CnnReport;
}

/** The JSON report of one trained variant. */
export interface CnnReport {
  variant: CnnVariant;
  label: string;
  config: {height: number; width: number; convs: ConvLayerSpec[]; hidden: number[]; filterNames: string[]};
  training: {
    seed: number;
    trainSize: number;
    testSize: number;
    batchSize: number;
    epochs: number;
    lr: number;
    maxTilt: number;
    noise: number;
    seconds: number;
  };
  /** Loss of every step. */
  losses: number[];
  /** Test accuracy before training (epoch 0) and after each epoch. */
  testAccuracy: {epoch: number; accuracy: number}[];
  /** Accuracy after training as a function of signed tilt (negative = left). */
  accuracyByTilt: {tilt: number; accuracy: number; n: number}[];
  /** Parameter names and shapes, in the order of the weights file. */
  params: {name: string; shape: number[]}[];
  /** Activation outputs of the inference graph and their per-example shapes. */
  activations: {name: string; shape: number[]}[];
}

/** Trains one variant; see {@link TrainCnnOptions}. */
export async function trainGratingCnn(variant: CnnVariant, options: TrainCnnOptions = {}): Promise<TrainedCnn> {
  const {
    seed = 1,
    trainSize = 1536,
    testSize = 512,
    batchSize = 64,
    epochs = 6,
    maxTilt = 10,
    noise = 0.5,
    sweepSize = 64,
    log = () => {},
  } = options;
  const tiltSweep = options.tiltSweep ?? Array.from({length: 20}, (_, i) => (i + 1) / 2);
  const t0 = performance.now();
  const {label} = CNN_VARIANTS[variant];
  const {convs, hidden} = GRATING_CNN_VARIANTS[variant];
  const lr = options.lr ?? CNN_VARIANTS[variant].lr;
  const bank = filterBank(convs[0].channels, {size: convs[0].kernel});
  const model = gratingCnnVariant(variant, {init: {"conv1.weight": bank.weights}});
  const initial = model.initWeights(seed);
  const train = gratingTask("tilt", trainSize, {seed: seed * 1000 + 1, maxTilt, noise});
  const test = gratingTask("tilt", testSize, {seed: seed * 1000 + 2, maxTilt, noise});
  const stepsPerEpoch = Math.floor(trainSize / batchSize);
  const source = seededSource(seed * 1000 + 3);
  const testAccuracy: {epoch: number; accuracy: number}[] = [];
  const score = async (w: Weights) => binaryAccuracy((await inferOnNode(model, w, test.x, test.n)).y, test.target);
  testAccuracy.push({epoch: 0, accuracy: await score(initial)});
  // Each epoch visits the training set in a fresh seeded order.
  const rowsOf = epochBatches(trainSize, batchSize, source);
  const r = await trainOnNode(model, initial, {
    optimizer: adam({lr}),
    steps: epochs * stepsPerEpoch,
    batch: (i) => taskRows(train, rowsOf(i)),
    checkpointEvery: stepsPerEpoch,
    onCheckpoint: async (steps, w) => {
      const epoch = steps / stepsPerEpoch;
      const accuracy = await score(w);
      testAccuracy.push({epoch, accuracy});
      log(`cnn ${variant}: epoch ${epoch} test accuracy ${(100 * accuracy).toFixed(1)}%`);
    },
  });
  const weights = r.weights,
    losses = r.losses,
    trainStep = r.trainStepBytes;
  const signed = [...tiltSweep.map((t) => -t).reverse(), ...tiltSweep];
  const sweep = gratingTask("tilt", signed.length * sweepSize, {seed: seed * 1000 + 4, angles: signed, noise});
  const y = (await inferOnNode(model, weights, sweep.x, sweep.n)).y;
  const accuracyByTilt = signed.map((tilt, k) => {
    // gratingTask cycles through `angles`, so image i has tilt signed[i % signed.length].
    const idx = Array.from({length: sweepSize}, (_, j) => j * signed.length + k);
    return {
      tilt,
      n: sweepSize,
      accuracy: binaryAccuracy(
        idx.map((i) => y[i]),
        idx.map((i) => sweep.target[i]),
      ),
    };
  });
  const inferenceGraph = model.inferenceGraph(weights, {activations: true});
  const activations = inferenceGraph.outputs
    .filter((o) => o.name.startsWith("activation."))
    .map((o) => ({name: o.name, shape: o.shape.slice(1) as number[]}));
  const seconds = (performance.now() - t0) / 1000;
  return {
    inference: toModelBytes(inferenceGraph, {metadata: {"brain-nets": JSON.stringify({variant, activations})}}),
    trainStep,
    initial,
    trained: weights,
    report: {
      variant,
      label,
      config: {height: 48, width: 64, convs: convs.map((c) => ({...c})), hidden: [...hidden], filterNames: bank.names},
      training: {seed, trainSize, testSize, batchSize, epochs, lr, maxTilt, noise, seconds},
      losses,
      testAccuracy,
      accuracyByTilt,
      params: model.arch.params.map((p) => ({name: p.name, shape: [...p.shape]})),
      activations,
    },
  };
}
