import {tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {v1GramArrow, v1NeuronsArrow, v1ResponsesArrow} from "../../data-loaders/v1Arrow.ts";
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

describe("v1ResponsesArrow / readV1", () => {
  it("readV1(v1ResponsesArrow(dataset)) round-trips responses, stimuli and shape", () => {
    const back = readV1(asArrayBuffer(v1ResponsesArrow(dataset)));
    expect([back.nStimuli, back.nNeurons]).toEqual([3, 4]);
    expect(Array.from(back.responses)).toEqual(Array.from(dataset.responses));
    expect(Array.from(back.stimuli)).toEqual(Array.from(dataset.stimuli));
  });

  it("readV1 round-trips the source in the schema metadata", () => {
    expect(readV1(asArrayBuffer(v1ResponsesArrow(dataset))).source).toEqual(dataset.source);
  });

  it("readV1 returns the responses as a view into the Arrow buffer (no copy)", () => {
    const buffer = asArrayBuffer(v1ResponsesArrow(dataset));
    const back = readV1(buffer);
    expect(back.responses.buffer).toBe(buffer);
    expect(back.responses.byteOffset % 4).toBe(0);
  });

  it("v1ResponsesArrow writes one FixedSizeList<Float32>[nNeurons] column and a stimulus column", () => {
    const table = tableFromIPC(v1ResponsesArrow(dataset));
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "stimulus: Float32",
      "responses: FixedSizeList[4]<Float32>",
    ]);
    expect(table.numRows).toBe(3);
  });

  it("v1ResponsesArrow records the bin width in the metadata", () => {
    const table = tableFromIPC(v1ResponsesArrow(dataset, {binWidth: 10}));
    expect(table.schema.metadata.get("v1.binWidth")).toBe("10");
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
