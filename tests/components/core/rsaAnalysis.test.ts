import {describe, expect, it} from "vitest";
import {layerGram} from "../../../src/components/core/layerGrams.js";
import {seededNormal, seededSource} from "../../../src/components/core/random.js";
import {RSA_DEFAULTS, layerRdms, summarize, v1Rdm, v1View} from "../../../src/components/core/rsaAnalysis.js";

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
});
