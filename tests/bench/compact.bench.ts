/**
 * The evidence for the compact V1 responses (one byte per value, src/components/core/v1Compact.ts): file sizes,
 * reconstruction error, and every headline result of the build computed from the float32 values and from the compact
 * ones side by side: the V1 RDM, the RSA comparisons and noise ceiling, the fingerprint layer means, the test metrics
 * of every build-time decoder recipe (next to the change a different random seed makes), and the encoding model's
 * held-out correlation. Runs on the V1 data the build uses (the real npz when available, else the synthetic one).
 */
import {unzipSync} from "fflate";
import {gzipSync, brotliCompressSync, constants} from "node:zlib";
import {loadV1} from "../../data-loaders/v1Source.ts";
import {v1ResponsesArrow, v1ResponsesFloat32Arrow} from "../../data-loaders/v1Arrow.ts";
import {rsaSummary} from "../../data-loaders/analysis/rsa.ts";
import {fingerprintSummary} from "../../data-loaders/analysis/fingerprints.ts";
import {trainRecipe} from "../../data-loaders/training/decoders.ts";
import {RECIPES, TRAINING_SEED} from "../../data-loaders/training/recipes.ts";
import {encodingArchive} from "../../data-loaders/encoding/encoding.ts";
import {compactResponses, reconstructionError} from "../../src/components/core/v1Compact.ts";
import {rdm, upperTriangle} from "../../src/components/core/rdm.ts";
import {correlate} from "../../src/components/core/compare.ts";
import type {V1Dataset} from "../../src/components/core/v1.ts";

export const title = "Compact V1 responses: one byte per value, and what it changes";

const quiet = () => {};
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const e = (x: number) => x.toExponential(1);

function sizes(v1: V1Dataset): string[] {
  const rows = [
    ["float32 (before)", v1ResponsesFloat32Arrow(v1)],
    ["one byte per value (now)", v1ResponsesArrow(v1)],
  ] as const;
  return rows.map(([name, bytes]) => {
    const gz = gzipSync(bytes, {level: 9}).length;
    const br = brotliCompressSync(bytes, {params: {[constants.BROTLI_PARAM_QUALITY]: 9}}).length;
    return `| ${name} | ${mb(bytes.length)} | ${mb(gz)} | ${mb(br)} |`;
  });
}

/** Other seeds (split and initial weights) whose results give the spread a change of random seed makes. */
const OTHER_SEEDS = [1, 2, 3].map((k) => TRAINING_SEED + k);

type Metrics = {testMse: number; medianAngularError: number; accuracy?: number};

async function decoderRows(float: V1Dataset, compact: V1Dataset): Promise<string[]> {
  const rows: string[] = [];
  for (const recipe of RECIPES) {
    const metrics = async (data: V1Dataset, seed: number) =>
      (await trainRecipe(recipe, data, {seed, log: quiet})).report.metrics as Metrics;
    const a = await metrics(float, TRAINING_SEED);
    const b = await metrics(compact, TRAINING_SEED);
    const others: Metrics[] = [];
    for (const seed of OTHER_SEEDS) others.push(await metrics(float, seed));
    const keys: (keyof Metrics)[] =
      a.accuracy !== undefined ? ["accuracy", "testMse"] : ["medianAngularError", "testMse"];
    for (const key of keys) {
      const [va, vb] = [a[key]!, b[key]!];
      const spread = Math.max(...others.map((o) => Math.abs(o[key]! - va)));
      const name = {accuracy: "test accuracy", medianAngularError: "median test error (°)", testMse: "test MSE (deg²)"}[
        key
      ];
      const d = key === "testMse" ? 1 : 3;
      rows.push(
        `| ${recipe.name} | ${name} | ${f(va, d)} | ${f(vb, d)} | ${f(vb - va, d)} | ${f(spread, d)} | ${Math.abs(vb - va) <= spread ? "yes" : "**no**"} |`,
      );
    }
  }
  return rows;
}

async function heldOutR(precision: "compact" | "float32"): Promise<number> {
  const zip = unzipSync(await encodingArchive({precision}));
  const name = Object.keys(zip).find((k) => k.endsWith("encoding.json"))!;
  const report = JSON.parse(new TextDecoder().decode(zip[name])) as {heldOutR: number[]};
  return report.heldOutR.reduce((s, r) => s + r, 0) / report.heldOutR.length;
}

/** The benchmark's Markdown section. */
export async function run(): Promise<string> {
  const float = await loadV1({binWidth: 1, precision: "float32", log: quiet});
  const compact = await loadV1({binWidth: 1, log: quiet});
  const err = reconstructionError(float.responses, compactResponses(float.responses, float.nStimuli, float.nNeurons));
  let sd = 0;
  for (const v of float.responses) sd += v * v;
  sd = Math.sqrt(sd / float.responses.length);

  const {nStimuli, nNeurons} = float;
  const [ra, rb] = [float, compact].map((d) => upperTriangle(rdm(d.responses, nStimuli, nNeurons), nStimuli));
  const rdmSpearman = correlate(ra, rb, {method: "spearman"});
  const rdmPearson = correlate(ra, rb, {method: "pearson"});

  const [rsaA, rsaB] = [await rsaSummary(float), await rsaSummary(compact)];
  const rsaRows = rsaA.comparisons.map((c, i) => {
    const d = rsaB.comparisons[i];
    return `| ${c.network} · ${c.layer} | ${f(c.estimate)} [${f(c.lo, 3)}, ${f(c.hi, 3)}] | ${f(d.estimate)} | ${e(d.estimate - c.estimate)} |`;
  });
  const [fpA, fpB] = [await fingerprintSummary(float), await fingerprintSummary(compact)];
  const fpRows = fpA.summary.map((l, i) => {
    const m = fpB.summary[i];
    return `| ${l.network} · ${l.layer} | ${f(l.mean)} [${f(l.lo, 3)}, ${f(l.hi, 3)}] | ${f(m.mean)} | ${e(m.mean - l.mean)} |`;
  });
  const decoders = await decoderRows(float, compact);
  const [encA, encB] = [await heldOutR("float32"), await heldOutR("compact")];

  return [
    `V1 data: ${float.source.kind} (${nStimuli} stimuli × ${nNeurons.toLocaleString("en-US")} neurons). Each neuron's`,
    "z-scored responses are mapped linearly from their [min, max] onto 256 codes, with a float32 offset and step per",
    "neuron; the build computes every result from the decoded values, so pages and build agree exactly. Below, each",
    "result computed from the float32 values (before) and from the compact ones (now), side by side in one run.",
    "",
    "### Size of `v1-responses.arrow`",
    "",
    "| layout | raw | gzip -9 | brotli 9 |",
    "| --- | --- | --- | --- |",
    ...sizes(float),
    "",
    "Target: ≤ 9 MB on the wire.",
    "",
    "### Reconstruction error (z-score units; the responses' RMS is " + f(sd, 3) + ")",
    "",
    "| max | RMS |",
    "| --- | --- |",
    `| ${f(err.max)} | ${f(err.rms)} |`,
    "",
    "### Headline results",
    "",
    `V1 RDM (correlation distance, ${nStimuli} × ${nStimuli}) from compact vs float32 values: Spearman ρ = ${f(rdmSpearman, 6)}, Pearson r = ${f(rdmPearson, 6)} (target ≥ 0.999).`,
    "",
    `Noise ceiling (split-half reliability of the V1 RDM): ${f(rsaA.ceiling.reliability)} float32, ${f(rsaB.ceiling.reliability)} compact (difference ${e(rsaB.ceiling.reliability - rsaA.ceiling.reliability)}).`,
    "",
    "RSA, each layer against V1 (the page's defaults; float32 with its bootstrap interval):",
    "",
    "| layer | float32 | compact | difference |",
    "| --- | --- | --- | --- |",
    ...rsaRows,
    "",
    "Fingerprints, mean score per layer over all neurons (float32 with its 95% interval):",
    "",
    "| layer | float32 | compact | difference |",
    "| --- | --- | --- | --- |",
    ...fpRows,
    "",
    `Build-time decoders (every recipe, seed ${TRAINING_SEED}), next to the largest change that another random seed (split and initial weights: seeds ${OTHER_SEEDS.join(", ")}) makes on float32 values. The test MSE is not wrap-aware (a 359° answer to a 1° grating counts 358²), so for the circular decoder a few stimuli near 0°/360° decide it; its wrap-aware median error is the measure that decoder is trained for.`,
    "",
    "| recipe | metric | float32 | compact | compact − float32 | largest other-seed change | within the seeds' spread |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...decoders,
    "",
    `Encoding model, mean held-out correlation over its 100 neurons: ${f(encA)} float32, ${f(encB)} compact (difference ${e(encB - encA)}).`,
  ].join("\n");
}
