/**
 * One train step of the seed's decoder (216 stimuli × 23,589 neurons → 20 ReLU → 1, MSE, SGD) in onnxruntime-node,
 * under several session settings, next to a plain TypeScript typed-array implementation of the same step.
 */
import * as ort from "onnxruntime-node";
import {deepNetReLU, lcg, nextName, sgd, type TrainStep, type Weights} from "@brain-nets/models";
import {NodeTrainer, openSession, SESSION_OPTIONS} from "../../data-loaders/training/session.ts";
import {decodersArchive} from "../../data-loaders/training/archive.ts";
import {RECIPES} from "../../data-loaders/training/recipes.ts";
import {loadV1} from "../../data-loaders/v1Source.ts";
import {median, ms, timeRuns} from "./stats.ts";

export const title = "Train step of the seed decoder (onnxruntime-node vs plain TypeScript)";

const N = 216;
const D = 23589;
const H = 20;
const LR = 1e-4;

/** Seeded uniform numbers in [lo, hi). */
function uniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const source = lcg(seed);
  return Float32Array.from({length: n}, () => lo + (hi - lo) * source());
}

/**
 * The same step in plain TypeScript (nn.Linear layout, float32 storage, float64 accumulation):
 * forward, MSE, backward and the SGD update, in place. Returns the loss before the update.
 */
function typedArrayStep(w: Weights, x: Float32Array, t: Float32Array): number {
  const [W1, b1, W2, b2] = [w["fc1.weight"], w["fc1.bias"], w["fc2.weight"], w["fc2.bias"]];
  const h = new Float32Array(N * H);
  const y = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const row = n * D;
    for (let j = 0; j < H; j++) {
      let s = b1[j];
      const wr = j * D;
      for (let i = 0; i < D; i++) s += x[row + i] * W1[wr + i];
      h[n * H + j] = s > 0 ? s : 0;
    }
    let o = b2[0];
    for (let j = 0; j < H; j++) o += h[n * H + j] * W2[j];
    y[n] = o;
  }
  let loss = 0;
  const dy = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const e = y[n] - t[n];
    loss += e * e;
    dy[n] = (2 * e) / N;
  }
  const dh = new Float32Array(N * H);
  const dW2 = new Float64Array(H);
  let db2 = 0;
  const db1 = new Float64Array(H);
  for (let n = 0; n < N; n++) {
    db2 += dy[n];
    for (let j = 0; j < H; j++) {
      dW2[j] += dy[n] * h[n * H + j];
      const g = h[n * H + j] > 0 ? dy[n] * W2[j] : 0;
      dh[n * H + j] = g;
      db1[j] += g;
    }
  }
  // ∂W1 = dhᵀ x, applied straight into W1 row by row.
  const acc = new Float64Array(D);
  for (let j = 0; j < H; j++) {
    acc.fill(0);
    for (let n = 0; n < N; n++) {
      const g = dh[n * H + j];
      if (g === 0) continue;
      const row = n * D;
      for (let i = 0; i < D; i++) acc[i] += g * x[row + i];
    }
    const wr = j * D;
    for (let i = 0; i < D; i++) W1[wr + i] -= LR * acc[i];
    b1[j] -= LR * db1[j];
    W2[j] -= LR * dW2[j];
  }
  b2[0] -= LR * db2;
  return loss / N;
}

/** Steps with every output written into pre-allocated tensors (two sets of parameters, swapped each step). */
async function boundOutputsStep(step: TrainStep, weights: Weights, batch: {x: ort.Tensor; target: ort.Tensor}) {
  const session = await openSession(step.toBytes());
  const f32 = (data: ArrayLike<number>, dims: readonly number[]) =>
    new ort.Tensor("float32", Float32Array.from(data), [...dims]);
  const feeds: Record<string, ort.Tensor> = {...batch};
  for (const [h, v] of Object.entries(step.hyper)) feeds[`hyper.${h}`] = f32([v], []);
  const init = step.initialFeeds(weights);
  let [a, b] = [{} as Record<string, ort.Tensor>, {} as Record<string, ort.Tensor>];
  for (const [name, {data, dims}] of Object.entries(init)) [a[name], b[name]] = [f32(data, dims), f32(data, dims)];
  const fixed = {loss: f32([0], []), prediction: f32(new Float32Array(N), [N, 1])};
  return {
    async run() {
      const fetches: Record<string, ort.Tensor> = {...fixed};
      for (const name of Object.keys(a)) fetches[nextName(name)] = b[name];
      await session.run({...feeds, ...a}, fetches);
      [a, b] = [b, a];
      return (fixed.loss.data as Float32Array)[0];
    },
    release: () => session.release(),
  };
}

export async function run(): Promise<string> {
  const model = deepNetReLU({nNeurons: D, nHidden: H});
  const x = uniform(N * D, 1, -1, 1);
  const t = uniform(N, 2, 0, 360);
  const weights = model.initWeights(0);
  const step = model.trainStepGraph({optimizer: sgd({lr: LR})});
  const batch = {x: new ort.Tensor("float32", x, [N, D]), target: new ort.Tensor("float32", t, [N, 1])};

  const settings: [string, ort.InferenceSession.SessionOptions][] = [
    ["build options: all optimisations, 1 intra-op thread", SESSION_OPTIONS],
    ["all optimisations, ORT's default threads", {graphOptimizationLevel: "all"}],
    ["all optimisations, 2 intra-op threads", {graphOptimizationLevel: "all", intraOpNumThreads: 2}],
    ["basic graph optimisation, 1 thread", {graphOptimizationLevel: "basic", intraOpNumThreads: 1}],
    ["no graph optimisation, 1 thread", {graphOptimizationLevel: "disabled", intraOpNumThreads: 1}],
  ];
  const rows: string[] = [];
  let orts: number[] = [];
  let firstLosses: number[] = [];
  for (const [label, session] of settings) {
    const trainer = await NodeTrainer.create(step, weights, batch, {session});
    const losses: number[] = [];
    const times = await timeRuns(async () => losses.push(await trainer.run()), {runs: 15, warmup: 3});
    await trainer.release();
    if (!orts.length) [orts, firstLosses] = [times, losses.slice(0, 3)];
    rows.push(`| ${label} | ${ms(median(times))} |`);
  }
  const bound = await boundOutputsStep(step, weights, batch);
  const boundTimes = await timeRuns(() => bound.run(), {runs: 15, warmup: 3});
  await bound.release();
  rows.push(`| build options + outputs bound to pre-allocated tensors | ${ms(median(boundTimes))} |`);

  const w: Weights = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float32Array.from(v)]));
  const tsLosses: number[] = [];
  const tsTimes = await timeRuns(() => tsLosses.push(typedArrayStep(w, x, t)), {runs: 5, warmup: 0});
  // The first steps start from the same weights, so both sides must report the same losses.
  const agree = firstLosses.map((l, i) => Math.abs(l - tsLosses[i]) / Math.abs(tsLosses[i]));
  const ortMs = median(orts);
  const tsMs = median(tsTimes);
  const build = await buildTimes();
  return `One full-batch step (forward, MSE, backward, SGD update) of \`deepNetReLU\` on ${N} × ${D.toLocaleString("en")} → ${H} → 1,
float32, parameters fed from the previous step's outputs. Target: about 15 ms (a PyTorch CPU step on these shapes).
The machine is shared (other processes were running), so medians of 15 steps after 3 warm-up steps.

| onnxruntime-node session | median per step |
|---|---|
${rows.join("\n")}

| implementation | median per step | ratio |
|---|---|---|
| onnxruntime-node (build options) | ${ms(ortMs)} | 1.0× |
| plain TypeScript typed arrays | ${ms(tsMs)} | ${(tsMs / ortMs).toFixed(1)}× slower |

Losses of the first ${agree.length} steps agree between the two to a relative ${Math.max(...agree).toExponential(1)}.
The step's arithmetic is two 216 × 23,589 × 20 products (forward \`x Wᵀ\` and the weight gradient \`dhᵀ x\`,
about 0.2 G multiply-adds in all) plus reading the 20 MB batch twice.

Build-time training of every decoder recipe (\`decoders.zip\`: ${RECIPES.map((r) => `${r.name} ${r.iterations}`).join(", ")}
iterations, with a test-set evaluation every 10), on the V1 data the build uses (${build.source}), median of
${build.runs.length} runs: **${(median(build.runs) / 1000).toFixed(1)} s** (target: under 60 s).`;
}

/** Wall time of building the whole decoders archive, as the build's loader does (data loading excluded). */
async function buildTimes(runs = 3) {
  const v1 = await loadV1({download: false, log: () => {}});
  const times = await timeRuns(() => decodersArchive(v1), {runs, warmup: 0});
  return {runs: times, source: v1.source.kind};
}
