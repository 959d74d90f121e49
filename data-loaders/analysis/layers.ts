/**
 * Build-time layer activations for RSA and fingerprints, all on the V1 stimuli (one grating per V1 stimulus
 * orientation, or the V1 responses themselves for the decoder):
 * - `pixels`: the grating images, the baseline every model should beat;
 * - the deeper grating CNN of models/ (`DEEP_CNN`): untrained (seeded PyTorch-style initialisation) and, when
 *   the CNN loader's trained weights are given, trained; each pooling layer and hidden fc layer;
 * - the seed's ReLU decoder (V1 → 20 hidden units): untrained and, when given, pretrained weights.
 * Networks run through onnxruntime-node from the same models/ definitions the pages use.
 */
import * as ort from "onnxruntime-node";
import * as models from "@brain-nets/models";
import {deepNetReLU, toModelBytes, type Model, type Weights} from "@brain-nets/models";
import {gratingBatch} from "../../src/components/math/gratings.ts";
import type {LayerActivations} from "../../src/components/layerGrams.ts";

/** Image size of the grating stimuli (the CNN's input), as in the CNN pages. */
export const STIMULUS_IMAGE = {width: 64, height: 48} as const;

/** Seed of the untrained networks' initial weights. */
export const UNTRAINED_SEED = 7;

/** Options of {@link networkLayers}. */
export interface NetworkLayerOptions {
  /** Trained weights of the DEEP_CNN grating network (from the CNN loader), when available. */
  trainedCnn?: Weights;
  /** Trained weights of the ReLU decoder (V1 → hidden → 1), when available. */
  trainedDecoder?: Weights;
  /** Where progress goes (stderr by default). */
  log?: (message: string) => void;
}

/** Runs an inference graph with activations as outputs and returns each activation flattened per stimulus. */
export async function activationsOf(
  model: Model,
  weights: Weights,
  x: Float32Array,
  n: number,
  {include = () => true}: {include?: (name: string) => boolean} = {},
): Promise<{name: string; activations: Float32Array; nUnits: number}[]> {
  const bytes = toModelBytes(model.inferenceGraph(weights, {activations: true}));
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({x: new ort.Tensor("float32", x, [n, ...model.arch.inputShape])});
    return Object.entries(out)
      .filter(([name]) => name.startsWith("activation.") && include(name.slice("activation.".length)))
      .map(([name, tensor]) => {
        const activations = Float32Array.from(tensor.data as Float32Array);
        return {name: name.slice("activation.".length), activations, nUnits: activations.length / n};
      });
  } finally {
    await session.release();
  }
}

/** The part of models/' CNN API used here (landing in parallel; absent until models/ exports it). */
interface CnnApi {
  DEEP_CNN: readonly object[];
  gratingCnn(options: {convs: readonly object[]; hidden?: readonly number[]; name?: string}): Model;
}

/** The deeper grating CNN (DEEP_CNN, one hidden fc layer of 32), or null while models/ does not export it yet. */
export function deepCnn(): Model | null {
  const api = models as unknown as Partial<CnnApi>;
  if (!api.gratingCnn || !api.DEEP_CNN) return null;
  return api.gratingCnn({convs: api.DEEP_CNN, hidden: [32], name: "deepCnn"});
}

/** Every layer the analysis compares with V1, for V1 stimuli `stimuli` (degrees) and responses (n × nNeurons). */
export async function networkLayers(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  {trainedCnn, trainedDecoder, log = (m) => console.error(m)}: NetworkLayerOptions = {},
): Promise<LayerActivations[]> {
  const n = v1.nStimuli;
  const images = gratingBatch(v1.stimuli, STIMULUS_IMAGE);
  const layers: LayerActivations[] = [
    {network: "pixels", layer: "image", activations: images, nUnits: STIMULUS_IMAGE.width * STIMULUS_IMAGE.height},
  ];
  const cnn = deepCnn();
  if (!cnn) log("analysis: models/ has no gratingCnn/DEEP_CNN yet; CNN layers left out");
  // Pooled maps and hidden layers only: the pre-pooling maps repeat the pooled ones at 4× the size.
  const cnnLayer = (name: string) => !name.startsWith("conv");
  const cnnRuns: [string, Weights | undefined][] = cnn
    ? [
        ["trained CNN", trainedCnn],
        ["untrained CNN", cnn.initWeights(UNTRAINED_SEED)],
      ]
    : [];
  for (const [network, weights] of cnnRuns) {
    if (!weights) {
      log(`analysis: no ${network} weights; leaving it out`);
      continue;
    }
    for (const a of await activationsOf(cnn!, weights, images, n, {include: cnnLayer}))
      layers.push({network, layer: a.name, activations: a.activations, nUnits: a.nUnits});
  }
  const decoder = deepNetReLU({nNeurons: v1.nNeurons});
  const decoderRuns: [string, Weights | undefined][] = [
    ["trained decoder", trainedDecoder],
    ["untrained decoder", decoder.initWeights(UNTRAINED_SEED)],
  ];
  for (const [network, weights] of decoderRuns) {
    if (!weights) {
      log(`analysis: no ${network} weights; leaving it out`);
      continue;
    }
    for (const a of await activationsOf(decoder, weights, v1.responses, n))
      layers.push({network, layer: a.name, activations: a.activations, nUnits: a.nUnits});
  }
  log(`analysis: ${layers.length} layers (${layers.map((l) => `${l.network}/${l.layer}:${l.nUnits}`).join(", ")})`);
  return layers;
}
