import {tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {v1GramArrow, v1NeuronsArrow, v1ResponsesArrow, v1ResponsesFloat32Arrow} from "../../data-loaders/v1Arrow.ts";
import {compactResponses, expandResponses} from "../../src/components/core/v1Compact.ts";
import {readGram, readNeurons, readV1, type V1Dataset} from "../../src/components/core/v1.ts";

// 3 stimuli × 4 neurons with distinct values.
const dataset: V1Dataset = {
  responses: Float32Array.from({length: 12}, (_, i) => i * 0.5 - 2),
  stimuli: Float32Array.of(0.5, 120.5, 240.5),
  nStimuli: 3,
  nNeurons: 4,
  source: {kind: "synthetic", seed: 9, params: {nNeurons: 4, tunedFraction: 0.7}},
};
/** The IPC bytes as a fresh ArrayBuffer, as a page's FileAttachment.arrayBuffer() returns them. */
function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

describe("v1ResponsesArrow / readV1 (compact layout)", () => {
  it("readV1(v1ResponsesArrow(dataset)) gives stimuli and shape exactly, responses within half a step", () => {
    const back = readV1(asArrayBuffer(v1ResponsesArrow(dataset)));
    expect([back.nStimuli, back.nNeurons]).toEqual([3, 4]);
    expect(Array.from(back.stimuli)).toEqual(Array.from(dataset.stimuli));
    // Each neuron's three values are v, v + 2, v + 4: a step of 4/255.
    back.responses.forEach((v, k) =>
      expect(Math.abs(v - dataset.responses[k])).toBeLessThanOrEqual(4 / 255 / 2 + 1e-6),
    );
    expect(back.responses).toEqual(expandResponses(compactResponses(dataset.responses, 3, 4)));
  });

  it("writes a dataset's own codes when it carries them, and readV1 returns them as they were", () => {
    const compact = compactResponses(dataset.responses, 3, 4);
    const withCodes = {...dataset, responses: expandResponses(compact), compact};
    const back = readV1(asArrayBuffer(v1ResponsesArrow(withCodes)));
    expect(back.compact!.codes).toEqual(compact.codes);
    expect(back.responses).toEqual(withCodes.responses);
  });

  it("readV1 round-trips the source in the schema metadata", () => {
    expect(readV1(asArrayBuffer(v1ResponsesArrow(dataset))).source).toEqual(dataset.source);
  });

  it("v1ResponsesArrow writes one row per neuron: offset, scale and FixedSizeList<Uint8>[nStimuli] codes", () => {
    const table = tableFromIPC(v1ResponsesArrow(dataset));
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "offset: Float32",
      "scale: Float32",
      "codes: FixedSizeList[3]<Uint8>",
    ]);
    expect(table.numRows).toBe(4);
    expect(JSON.parse(table.schema.metadata.get("v1.stimuli")!)).toEqual([0.5, 120.5, 240.5]);
  });

  it("v1ResponsesArrow records the bin width in the metadata", () => {
    const table = tableFromIPC(v1ResponsesArrow(dataset, {binWidth: 10}));
    expect(table.schema.metadata.get("v1.binWidth")).toBe("10");
  });

  it("is (nStimuli + 8) / (4 nStimuli) of the float32 file: a quarter plus the per-neuron offset and scale", () => {
    const big: V1Dataset = {
      ...dataset,
      nStimuli: 36,
      stimuli: Float32Array.from({length: 36}, (_, i) => i * 10 + 5),
      nNeurons: 2000,
      responses: Float32Array.from({length: 72_000}, (_, i) => Math.sin(i)),
    };
    const ratio = v1ResponsesArrow(big).length / v1ResponsesFloat32Arrow(big).length;
    // One byte per value plus 8 bytes of offset and scale per neuron, against 4 bytes per value: (36 + 8) / (4 × 36).
    expect(ratio).toBeCloseTo(44 / 144, 2);
  });
});

describe("v1ResponsesFloat32Arrow / readV1 (float32 layout)", () => {
  it("round-trips responses exactly, as a view into the Arrow buffer (no copy)", () => {
    const buffer = asArrayBuffer(v1ResponsesFloat32Arrow(dataset));
    const back = readV1(buffer);
    expect([back.nStimuli, back.nNeurons]).toEqual([3, 4]);
    expect(Array.from(back.responses)).toEqual(Array.from(dataset.responses));
    expect(Array.from(back.stimuli)).toEqual(Array.from(dataset.stimuli));
    expect(back.responses.buffer).toBe(buffer);
    expect(back.compact).toBeUndefined();
  });

  it("writes one FixedSizeList<Float32>[nNeurons] column and a stimulus column", () => {
    const table = tableFromIPC(v1ResponsesFloat32Arrow(dataset));
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "stimulus: Float32",
      "responses: FixedSizeList[4]<Float32>",
    ]);
    expect(table.numRows).toBe(3);
  });
});

describe("v1NeuronsArrow / readNeurons", () => {
  it("readNeurons(v1NeuronsArrow(dataset)) has one row per neuron with values in range", () => {
    const n = readNeurons(asArrayBuffer(v1NeuronsArrow(dataset)));
    expect(n.nNeurons).toBe(4);
    for (const v of n.preferred) expect(v >= 0 && v < 360).toBe(true);
    for (const v of [...n.osi, ...n.dsi]) expect(v >= 0 && v <= 1).toBe(true);
    expect(n.source).toEqual(dataset.source);
  });

  it("readNeurons recovers the preferred orientation of a hand-made tuned neuron", () => {
    // 8 stimuli; neuron 0 peaks at 90°, neuron 1 at 270°.
    const stimuli = Float32Array.from({length: 8}, (_, i) => i * 45);
    const responses = new Float32Array(16);
    stimuli.forEach((s, i) => {
      responses[i * 2] = Math.cos(((s - 90) * Math.PI) / 180);
      responses[i * 2 + 1] = Math.cos(((s - 270) * Math.PI) / 180);
    });
    const n = readNeurons(asArrayBuffer(v1NeuronsArrow({...dataset, responses, stimuli, nStimuli: 8, nNeurons: 2})));
    expect(n.preferred[0]).toBeCloseTo(90, 3);
    expect(n.preferred[1]).toBeCloseTo(270, 3);
  });
});

describe("v1GramArrow / readGram", () => {
  it("readGram(v1GramArrow(dataset)) holds the stimuli's inner products", () => {
    const g = readGram(asArrayBuffer(v1GramArrow(dataset)));
    expect(g.nStimuli).toBe(3);
    // Entry (0, 2): the dot product of rows 0 and 2, worked out from the fixture's formula.
    const row = (s: number) => Array.from(dataset.responses.subarray(s * 4, s * 4 + 4));
    const dot = row(0).reduce((a, v, k) => a + v * row(2)[k], 0);
    expect(g.gram[0 * 3 + 2]).toBeCloseTo(dot, 5);
    expect(g.gram[2 * 3 + 0]).toBeCloseTo(dot, 5);
    expect(g.source).toEqual(dataset.source);
  });
});
