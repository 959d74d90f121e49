import {describe, expect, it} from "vitest";
import {layerGram} from "../../../src/components/core/layerGrams.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {
  RSA_DEFAULTS,
  layerRdms,
  rsaStages,
  summarize,
  v1Rdm,
  v1View,
  type RsaProgress,
} from "../../../src/components/core/rsaAnalysis.js";

const z = seededNormal(seededSource(6));
const nStimuli = 36;
const nNeurons = 60;
const stimuli = Float32Array.from({length: nStimuli}, (_, i) => i * 10 + 5);
// Orientation-tuned neurons with noise.
const responses = Float32Array.from({length: nStimuli * nNeurons}, (_, k) => {
  const i = Math.floor(k / nNeurons);
  const j = k % nNeurons;
  return Math.cos(((stimuli[i] - j * 6) * Math.PI) / 90) + 0.3 * z();
});
const v1 = {responses, stimuli, nStimuli, nNeurons};
const options = {...RSA_DEFAULTS, binWidth: 20, neurons: 40, samples: 50, splits: 4};

describe("rsaAnalysis", () => {
  it("v1View keeps `neurons` neurons and bins the stimuli", () => {
    const view = v1View(v1, options);
    expect(view.nNeurons).toBe(40);
    expect(view.nStimuli).toBe(18);
  });

  it("a layer whose activations are the V1 view itself matches V1 perfectly", () => {
    const view = v1View(v1, {...options, binWidth: 1});
    const self = layerGram(
      {network: "copy", layer: "v1", activations: view.responses, nUnits: view.nNeurons},
      nStimuli,
    );
    const [l] = layerRdms([self], stimuli, {...options, binWidth: 1});
    const summary = summarize(view, v1Rdm(view, options), [l], {...options, binWidth: 1});
    expect(summary.comparisons[0].estimate).toBeCloseTo(1, 10);
    expect(summary.comparisons[0].lo).toBeCloseTo(1, 10);
  });

  it("summarize reports a noise ceiling between 0 and 1 and one MDS per RDM", () => {
    const view = v1View(v1, options);
    const noise = layerGram(
      {network: "noise", layer: "l", activations: Float32Array.from({length: nStimuli * 5}, () => z()), nUnits: 5},
      nStimuli,
    );
    const layers = layerRdms([noise], stimuli, options);
    const s = summarize(view, v1Rdm(view, options), layers, options);
    expect(s.ceiling.ceiling).toBeGreaterThan(0.5);
    expect(s.ceiling.ceiling).toBeLessThanOrEqual(1);
    expect(s.mds.map((m) => m.name)).toEqual(["V1", "noise · l"]);
    expect(s.mds[0].coords).toHaveLength(2 * view.nStimuli);
  });

  it("rsaStages draws point estimates first, then streams the ceiling and bootstrap, and ends with summarize's result", async () => {
    const view = v1View(v1, options);
    const grams = [0.2, 1, 3].map((noise, k) =>
      layerGram(
        {
          network: "net",
          layer: `l${k}`,
          activations: Float32Array.from(
            {length: nStimuli * 8},
            (_, i) => view.responses[i % view.responses.length] + noise * z(),
          ),
          nUnits: 8,
        },
        nStimuli,
      ),
    );
    const layers = layerRdms(grams, stimuli, options);
    const seen: RsaProgress[] = [];
    // A "device" RDM that is the TypeScript one, counted: V1 always goes through it, the small halves do not.
    let deviceCalls = 0;
    const largeRdm = (x: Float32Array, n: number, p: number, o: {metric: "correlation" | "euclidean" | "cosine"}) => {
      deviceCalls++;
      return v1Rdm({responses: x, nStimuli: n, nNeurons: p, stimuli: view.stimuli}, o);
    };
    const steps = rsaStages(view, layers, options, {largeRdm});
    let step = await steps.next();
    while (!step.done) {
      seen.push(step.value);
      step = await steps.next();
    }
    const expected = summarize(view, v1Rdm(view, options), layers, options);
    expect(step.value).toEqual(expected); // the same numbers, bit for bit, as the one-shot path
    expect(deviceCalls).toBe(1);
    expect(seen.map((s) => s.stage)).toEqual([
      "point",
      ...Array(options.splits).fill("ceiling"),
      ...Array(options.samples).fill("bootstrap"),
    ]);
    const point = seen[0] as Extract<RsaProgress, {stage: "point"}>;
    expect(point.estimates).toEqual(expected.comparisons.map((c) => c.estimate));
    expect(point.mds).toEqual(expected.mds);
    expect(Array.from(point.v1Rdm)).toEqual(Array.from(v1Rdm(view, options)));
    expect(seen.at(-1)).toEqual({stage: "bootstrap", done: options.samples, total: options.samples});
  });

  it("rsaStages sends large split halves through the large-RDM routine too", async () => {
    const view = v1View(v1, options);
    let calls = 0;
    const largeRdm = (x: Float32Array, n: number, p: number, o: {metric: "correlation" | "euclidean" | "cosine"}) => {
      calls++;
      return v1Rdm({responses: x, nStimuli: n, nNeurons: p, stimuli: view.stimuli}, o);
    };
    const steps = rsaStages(view, [], {...options, samples: 1}, {largeRdm, largeAbove: 0});
    let step = await steps.next();
    while (!step.done) step = await steps.next();
    expect(calls).toBe(1 + 2 * options.splits);
    expect(step.value.ceiling).toEqual(summarize(view, v1Rdm(view, options), [], {...options, samples: 1}).ceiling);
  });
});
