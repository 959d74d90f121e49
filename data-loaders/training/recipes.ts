/**
 * The decoder recipes trained at build time: the seed's (Neuromatch W1D5 "toward an intuitive understanding of
 * neural networks": 60/40 split, ReLU net with 20 hidden units, MSE on degrees, SGD lr 1e-4, 50 full-batch
 * iterations) and better ones (more iterations, Adam, the circular loss, an 8-bin classifier).
 */
import {
  adam,
  circularDecoder,
  deepNetReLU,
  orientationClassifier,
  sgd,
  type DecodeKind,
  type Model,
  type Optimizer,
} from "@brain-nets/models";

/** One build-time training recipe. */
export interface Recipe {
  /** File stem of its artifacts (`<name>.onnx`, `<name>-train.onnx`, `<name>.json`). */
  name: string;
  /** Short human title. */
  title: string;
  /** What changes relative to the seed, in a sentence. */
  description: string;
  /** The architecture for `nNeurons` inputs. */
  model: (nNeurons: number) => Model;
  /** The optimizer (its defaults are the recipe's hyper-parameters). */
  optimizer: Optimizer;
  /** Full-batch iterations. */
  iterations: number;
  /** How outputs map to orientation. */
  kind: DecodeKind;
  /** Number of orientation bins (classifier). */
  nClasses?: number;
}

/** Seed of the train/test split and of the initial weights (the build is reproducible). */
export const TRAINING_SEED = 0;
/** Fraction of stimuli used for training, as in the seed notebook. */
export const TRAIN_FRACTION = 0.6;

/** The seed's recipe; the next two change one thing of it. */
const SEED: Recipe = {
  name: "seed",
  title: "Seed recipe: ReLU net, MSE, SGD, 50 iterations",
  description:
    "The tutorial's recipe: 20 ReLU hidden units, MSE on orientation in degrees, SGD with lr 1e-4, 50 full-batch iterations.",
  model: (n) => deepNetReLU({nNeurons: n, nHidden: 20}),
  optimizer: sgd({lr: 1e-4}),
  iterations: 50,
  kind: "regression",
};

/** Every recipe, the seed's first. */
export const RECIPES: readonly Recipe[] = [
  SEED,
  {
    ...SEED,
    name: "seed-long",
    title: "Seed recipe trained 8× longer",
    description: "The same network, loss and optimizer, 400 iterations instead of 50.",
    iterations: 400,
  },
  {
    ...SEED,
    name: "adam",
    title: "Adam instead of SGD",
    description: "The same network and MSE loss, trained with Adam (lr 1e-3) for 300 iterations.",
    optimizer: adam({lr: 1e-3}),
    iterations: 300,
  },
  {
    name: "circular",
    title: "Circular decoder",
    description:
      "Two outputs read as a direction, trained with the circular loss 1 − cos(θ̂ − θ) and Adam (lr 1e-3), 300 iterations.",
    model: (n) => circularDecoder({nNeurons: n, hidden: [20]}),
    optimizer: adam({lr: 1e-3}),
    iterations: 300,
    kind: "circular",
  },
  {
    name: "classifier-8",
    title: "Classifier over 8 orientation bins",
    description:
      "Eight 45° bins, negative log-likelihood of the true bin (LogSoftmax + NLL), Adam (lr 1e-3), 300 iterations.",
    model: (n) => orientationClassifier({nNeurons: n, hidden: [20], nClasses: 8}),
    optimizer: adam({lr: 1e-3}),
    iterations: 300,
    kind: "classifier",
    nClasses: 8,
  },
];
