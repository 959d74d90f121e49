/**
 * Trains one decoder recipe on the V1 data with onnxruntime-node and returns its artifacts: the inference
 * model with trained weights, the train-step model, the trained weights and a report (loss history, test metrics,
 * test-set predictions).
 */
import type * as ort from "onnxruntime-node";
import {decodeOrientation, orientationBins, toModelBytes, type Weights} from "@brain-nets/models";
// The page's own split, gathering and targets: seed 0 gives the page and the build one split.
import {
  gather,
  meanSquaredError,
  medianAngularError,
  splitStimuli,
  targets,
} from "../../src/components/core/decodingData.ts";
import {NodeTrainer, openSession, tensor} from "./session.ts";
import {TRAINING_SEED, TRAIN_FRACTION, type Recipe} from "./recipes.ts";

/** Stimuli × neurons responses (row-major) and the orientation of each stimulus in degrees. */
export interface DecodingData {
  responses: Float32Array;
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
}

/** Test metrics of decoded orientations. */
export interface DecoderMetrics {
  /** Mean squared error in degrees² between decoded and true orientation (no wrap-around, as MSE training sees). */
  testMse: number;
  /** Median absolute angular error in degrees (wrap-around aware). */
  medianAngularError: number;
  /** Fraction of test stimuli put in the right bin (classifier only). */
  accuracy?: number;
}

/** Metrics of `decoded` against `truth` (degrees); `nClasses` adds bin accuracy. */
export function decoderMetrics(
  decoded: ArrayLike<number>,
  truth: ArrayLike<number>,
  nClasses?: number,
): DecoderMetrics {
  const n = truth.length;
  const metrics: DecoderMetrics = {
    testMse: meanSquaredError(decoded, truth),
    medianAngularError: medianAngularError(decoded, truth),
  };
  if (nClasses) {
    const [p, t] = [orientationBins(decoded, nClasses), orientationBins(truth, nClasses)];
    metrics.accuracy = p.reduce((s, b, i) => s + (b === t[i] ? 1 : 0), 0) / n;
  }
  return metrics;
}

/** What `trainRecipe` returns. */
export interface TrainedDecoder {
  inference: Uint8Array;
  trainStep: Uint8Array;
  weights: Weights;
  report: Record<string, unknown>;
}

/** Trains `recipe` on `data` (full batch) and scores it on the held-out stimuli; the same inputs give the same bytes. */
export async function trainRecipe(
  recipe: Recipe,
  data: DecodingData,
  {
    evalEvery = 10,
    seed = TRAINING_SEED,
    log = () => {},
  }: {
    evalEvery?: number;
    /** Seed of the split and the initial weights (the build uses TRAINING_SEED; the bench varies it for the spread). */
    seed?: number;
    log?: (m: string) => void;
  } = {},
): Promise<TrainedDecoder> {
  const t0 = performance.now();
  const {train, test} = splitStimuli(data.nStimuli, {trainFraction: TRAIN_FRACTION, seed});
  const model = recipe.model(data.nNeurons);
  const allNeurons = Uint32Array.from({length: data.nNeurons}, (_, j) => j);
  const xTrain = gather(data.responses, data.nNeurons, train, allNeurons);
  const xTest = gather(data.responses, data.nNeurons, test, allNeurons);
  const yTrain = Float32Array.from(train, (i) => data.stimuli[i]);
  const yTest = Float32Array.from(test, (i) => data.stimuli[i]);
  const tTrain = targets(yTrain, recipe.kind, recipe.nClasses);
  const tTest = targets(yTest, recipe.kind, recipe.nClasses);

  const step = model.trainStepGraph({optimizer: recipe.optimizer});
  const initial = model.initWeights(seed);
  const trainer = await NodeTrainer.create(step, initial, {
    x: tensor(xTrain, [train.length, data.nNeurons]),
    target: tensor(tTrain.data, tTrain.dims),
  });
  // The test loss comes from the same loss graph as training (no gradient outputs are read).
  const lossSession = await openSession(toModelBytes(model.gradientGraph()));
  const testFeeds = {x: tensor(xTest, [test.length, data.nNeurons]), target: tensor(tTest.data, tTest.dims)};
  const testLoss = async (w: Weights) => {
    const feeds: Record<string, ort.Tensor> = {...testFeeds};
    for (const p of model.arch.params) feeds[`param.${p.name}`] = tensor(w[p.name] as Float32Array, p.shape);
    return ((await lossSession.run(feeds, ["loss"])).loss.data as Float32Array)[0];
  };

  const lossHistory: number[] = [];
  const testLossHistory: {iteration: number; loss: number}[] = [{iteration: 0, loss: await testLoss(initial)}];
  for (let i = 0; i < recipe.iterations; i++) {
    lossHistory.push(await trainer.run());
    if ((i + 1) % evalEvery === 0 || i + 1 === recipe.iterations)
      testLossHistory.push({iteration: i + 1, loss: await testLoss(trainer.weights())});
  }
  const weights = trainer.weights();
  await trainer.release();
  await lossSession.release();

  // Score with the exported inference model itself, so the file a page loads is the one that was measured.
  const inference = toModelBytes(model.inferenceGraph(weights), {docString: `${recipe.title}. ${recipe.description}`});
  const infer = await openSession(inference);
  const y = (await infer.run({x: tensor(xTest, [test.length, data.nNeurons])})).y.data as Float32Array;
  await infer.release();
  const cols = model.arch.outputShape[0];
  const decoded = decodeOrientation(y, recipe.kind, cols);
  const metrics = decoderMetrics(decoded, yTest, recipe.nClasses);
  const seconds = (performance.now() - t0) / 1000;
  log(
    `decoder ${recipe.name}: ${recipe.iterations} iterations in ${seconds.toFixed(1)} s, loss ${lossHistory[0].toPrecision(4)} → ${lossHistory.at(-1)!.toPrecision(4)}, median error ${metrics.medianAngularError.toFixed(1)}°`,
  );
  const report = {
    name: recipe.name,
    title: recipe.title,
    description: recipe.description,
    kind: recipe.kind,
    nClasses: recipe.nClasses ?? null,
    architecture: model.arch.name,
    config: model.arch.config,
    loss: model.arch.loss,
    optimizer: recipe.optimizer.name,
    hyper: recipe.optimizer.hyper,
    iterations: recipe.iterations,
    seed,
    split: {trainFraction: TRAIN_FRACTION, seed, nTrain: train.length, nTest: test.length},
    params: model.arch.params.map((p) => ({name: p.name, shape: p.shape})),
    lossHistory,
    testLossHistory,
    metrics,
    test: {
      stimulus: Array.from(test),
      truth: Array.from(yTest),
      decoded: Array.from(decoded, (d) => Math.round(d * 1000) / 1000),
    },
  };
  return {inference, trainStep: step.toBytes(), weights, report};
}

/** Concatenates weights in `params` order as little-endian float32 bytes. */
export function packWeights(weights: Weights, params: readonly {name: string}[]): Uint8Array {
  const total = params.reduce((s, p) => s + weights[p.name].length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const p of params) {
    out.set(weights[p.name], offset);
    offset += weights[p.name].length;
  }
  return new Uint8Array(out.buffer);
}
