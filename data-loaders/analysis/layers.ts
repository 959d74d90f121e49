/**
 * Build-time layer activations for RSA and fingerprints, all on the V1 stimuli (one grating per V1 stimulus
 * orientation, or the V1 responses themselves for the decoder):
 * - `pixels`: the grating images, the baseline every model should beat;
 * - the deep grating CNN of the CNN pages (models/ `gratingCnnVariant("deep")`, trained on the tilt task by
 *   data-loaders/cnn, shared through its training cache): trained, and untrained (its initial weights: Gabor
 *   and centre-surround first-layer filters, random elsewhere); each pooled conv layer;
 * - the decoding page's seed decoder (V1 → 20 ReLU units → orientation, trained by data-loaders/training):
 *   trained, and untrained (its initial weights); the hidden layer.
 * Networks run through onnxruntime-node from the same models/ definitions the pages use.
 */
import {gratingCnnVariant, type Model, type Weights} from "@brain-nets/models";
import {gratingBatch} from "../../src/components/core/gratings.ts";
import type {LayerActivations} from "../../src/components/core/layerGrams.ts";
import {loadTrainedCnn} from "../cnn/trained.ts";
import {trainRecipe} from "../training/decoders.ts";
import {RECIPES, TRAINING_SEED} from "../training/recipes.ts";
import {inferOnNode} from "../training/session.ts";

/** Image size of the grating stimuli (the CNN's input), as in the CNN pages. */
export const STIMULUS_IMAGE = {width: 64, height: 48} as const;

/** A network's weights before and after training. */
export interface TrainedPair {
  model: Model;
  trained: Weights;
  untrained: Weights;
}

/** Options of {@link networkLayers}. */
export interface NetworkLayerOptions {
  /** The deep CNN (default: from data-loaders/cnn's training cache, training it if needed). */
  cnn?: TrainedPair | null;
  /** The seed decoder (default: trained now with data-loaders/training's seed recipe, about a second). */
  decoder?: TrainedPair | null;
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
  // One batch: the stimuli are few (one per V1 orientation bin).
  const out = await inferOnNode(model, weights, x, n, {batchSize: n, activations: true});
  return Object.entries(out)
    .filter(([name]) => name.startsWith("activation.") && include(name.slice("activation.".length)))
    .map(([name, activations]) => ({
      name: name.slice("activation.".length),
      activations,
      nUnits: activations.length / n,
    }));
}

/** The deep grating CNN before and after training on the tilt task. */
export async function deepCnn(log: (m: string) => void): Promise<TrainedPair> {
  const r = await loadTrainedCnn("deep", {log});
  return {model: gratingCnnVariant("deep"), trained: r.trained, untrained: r.initial};
}

/** The seed decoder before and after its 50 SGD iterations. */
export async function seedDecoder(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  log: (m: string) => void,
): Promise<TrainedPair> {
  const recipe = RECIPES.find((r) => r.name === "seed")!;
  const model = recipe.model(v1.nNeurons);
  const r = await trainRecipe(recipe, v1, {log});
  return {model, trained: r.weights, untrained: model.initWeights(TRAINING_SEED)};
}

/** Every layer the analysis compares with V1, for V1 stimuli `stimuli` (degrees) and responses (n × nNeurons). */
export async function networkLayers(
  v1: {responses: Float32Array; stimuli: Float32Array; nStimuli: number; nNeurons: number},
  {cnn, decoder, log = (m) => console.error(m)}: NetworkLayerOptions = {},
): Promise<LayerActivations[]> {
  const n = v1.nStimuli;
  const images = gratingBatch(v1.stimuli, STIMULUS_IMAGE);
  const layers: LayerActivations[] = [
    {network: "pixels", layer: "image", activations: images, nUnits: STIMULUS_IMAGE.width * STIMULUS_IMAGE.height},
  ];
  const add = async (pair: TrainedPair, name: string, x: Float32Array, include: (layer: string) => boolean) => {
    for (const [state, weights] of [
      ["trained", pair.trained],
      ["untrained", pair.untrained],
    ] as const)
      for (const a of await activationsOf(pair.model, weights, x, n, {include}))
        layers.push({network: `${state} ${name}`, layer: a.name, activations: a.activations, nUnits: a.nUnits});
  };
  const theCnn = cnn === undefined ? await deepCnn(log) : cnn;
  // Pooled maps only: the maps before pooling repeat them at 4× the size.
  if (theCnn) await add(theCnn, "CNN", images, (name) => name.startsWith("pool") || name.startsWith("fc"));
  else log("analysis: no CNN given; CNN layers left out");
  const theDecoder = decoder === undefined ? await seedDecoder(v1, log) : decoder;
  if (theDecoder) await add(theDecoder, "decoder", v1.responses, () => true);
  else log("analysis: no decoder given; decoder layers left out");
  log(`analysis: ${layers.length} layers (${layers.map((l) => `${l.network}/${l.layer}:${l.nUnits}`).join(", ")})`);
  return layers;
}
