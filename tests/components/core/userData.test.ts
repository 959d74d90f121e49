import {describe, expect, it} from "vitest";
import {
  bytesFile,
  datasetSummaries,
  detectFormat,
  readUserDataset,
  MAX_GRAM_STIMULI,
} from "../../../src/components/core/userData.ts";
import {readGram, readNeurons, sourceLabel} from "../../../src/components/core/v1.ts";
import {v1GramArrow, v1NeuronsArrow, v1ResponsesFloat32Arrow} from "../../../data-loaders/v1Arrow.ts";
import {npyBytes, npzBytes} from "../../data-loaders/fixtures.ts";

// 4 stimuli × 3 neurons, stimulus-major, and their orientations.
const resp = [1, 0, 2, 3, 0, 2, 5, 4, 2, 7, 8, 6];
const stimuli = [0, 90, 180, 270];
const enc = (text: string) => new TextEncoder().encode(text);

// The same values z-scored by hand, column by column (population SD over the 4 stimuli).
function zscored(): number[] {
  const out = resp.slice();
  for (let j = 0; j < 3; j++) {
    const col = [0, 1, 2, 3].map((i) => resp[i * 3 + j]);
    const mean = col.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    for (let i = 0; i < 4; i++) out[i * 3 + j] = sd > 0 ? (resp[i * 3 + j] - mean) / sd : 0;
  }
  return out;
}

const npz = () => npzBytes({resp: npyBytes("<f8", [4, 3], resp), stimuli: npyBytes("<f4", [4], stimuli)});

const csv = [
  "orientation,a,b,c",
  ...stimuli.map((s, i) => [s, resp[i * 3], resp[i * 3 + 1], resp[i * 3 + 2]].join(",")),
].join("\n");

describe("detectFormat", () => {
  it("detectFormat(bytes) tells npz (PK), Arrow (ARROW1) and text apart by the first bytes, not the name", () => {
    expect(detectFormat(npz().subarray(0, 8), "x.csv")).toBe("npz");
    expect(detectFormat(enc("ARROW1\0\0"), "x.bin")).toBe("arrow");
    expect(detectFormat(enc("orientation,a"), "x.txt")).toBe("csv");
  });

  it("detectFormat rejects an .npz that is not a zip, an .arrow without its magic and binary junk", () => {
    expect(() => detectFormat(enc("<html>"), "rec.npz")).toThrow("rec.npz: not a zip archive, so not an npz file");
    expect(() => detectFormat(enc("a,b"), "rec.arrow")).toThrow("rec.arrow: not an Arrow IPC file");
    expect(() => detectFormat(new Uint8Array([1, 0, 2, 3]), "rec.dat")).toThrow("rec.dat: not an npz, Arrow or CSV");
  });
});

describe("readUserDataset", () => {
  it("reads an npz, z-scores each neuron, and names the file and shape in the source", async () => {
    const d = await readUserDataset(bytesFile("mine.npz", npz()));
    expect(d.nStimuli).toBe(4);
    expect(d.nNeurons).toBe(3);
    expect(Array.from(d.stimuli)).toEqual(stimuli);
    Array.from(d.responses).forEach((v, i) => expect(v).toBeCloseTo(zscored()[i], 6));
    expect(d.source).toMatchObject({kind: "user", file: "mine.npz", format: "npz", nStimuli: 4, nNeurons: 3});
    expect(sourceLabel(d.source)).toBe("your data: mine.npz, 4 stimuli × 3 neurons");
  });

  it("reads the same values from CSV (in chunks of 5 characters) and from the site's float32 Arrow layout", async () => {
    const fromCsv = await readUserDataset(bytesFile("mine.csv", enc(csv), 5));
    const arrow = v1ResponsesFloat32Arrow({
      responses: Float32Array.from(resp),
      stimuli: Float32Array.from(stimuli),
      nStimuli: 4,
      nNeurons: 3,
      source: {kind: "synthetic", seed: 1},
    });
    const fromArrow = await readUserDataset(bytesFile("mine.arrow", arrow));
    expect(fromCsv.source.format).toBe("csv");
    expect(fromArrow.source.format).toBe("arrow");
    for (const d of [fromCsv, fromArrow]) {
      expect(Array.from(d.stimuli)).toEqual(stimuli);
      Array.from(d.responses).forEach((v, i) => expect(v).toBeCloseTo(zscored()[i], 6));
    }
  });

  it("names the CSV's orientation column as the reader chose it", async () => {
    const d = await readUserDataset(
      bytesFile("m.tsv", enc(csv.replace("orientation", "theta").replaceAll(",", "\t"))),
      {
        orientationColumn: "theta",
      },
    );
    expect(d.nNeurons).toBe(3);
    await expect(readUserDataset(bytesFile("m.csv", enc(csv)), {orientationColumn: "theta"})).rejects.toThrow(
      "m.csv: no column named 'theta'",
    );
  });

  it("rejects orientations outside [0, 360), a single neuron and faults of the npz reader, naming the file", async () => {
    const bad = npzBytes({resp: npyBytes("<f8", [4, 3], resp), stimuli: npyBytes("<f8", [4], [0, 90, 400, 270])});
    await expect(readUserDataset(bytesFile("far.npz", bad))).rejects.toThrow(
      "far.npz: stimulus 2 has orientation 400°; orientations must be in [0, 360)",
    );
    const one = npzBytes({resp: npyBytes("<f8", [4, 1], [1, 2, 3, 4]), stimuli: npyBytes("<f8", [4], stimuli)});
    await expect(readUserDataset(bytesFile("one.npz", one))).rejects.toThrow(
      "one.npz: 1 neuron; at least 2 are needed",
    );
    const noStim = npzBytes({resp: npyBytes("<f8", [4, 3], resp)});
    await expect(readUserDataset(bytesFile("x.npz", noStim))).rejects.toThrow("x.npz: missing 'stimuli'");
    const truncated = npz().subarray(0, 60);
    await expect(readUserDataset(bytesFile("cut.npz", truncated))).rejects.toThrow(/^cut\.npz/);
  });

  it("rejects an Arrow file in another layout with the reason", async () => {
    await expect(readUserDataset(bytesFile("t.arrow", enc("ARROW1\0\0garbage")))).rejects.toThrow(
      /^t\.arrow: not the site's V1 Arrow layout/,
    );
  });
});

describe("datasetSummaries", () => {
  it("per-neuron tuning and the Gram matrix equal the build's artifacts (v1-neurons.arrow, v1-gram.arrow) on the same data", async () => {
    // 36 stimuli at 10°, 5 neurons with different preferred orientations.
    const n = 36;
    const p = 5;
    const r: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < p; j++) r.push(Math.cos(((i * 10 - j * 40) * Math.PI) / 90) + 0.3 * Math.sin(i * j));
    const file = npzBytes({
      resp: npyBytes("<f8", [n, p], r),
      stimuli: npyBytes(
        "<f8",
        [n],
        [...Array(n).keys()].map((i) => i * 10),
      ),
    });
    const d = await readUserDataset(bytesFile("tuned.npz", file));
    const s = datasetSummaries(d);
    const built = readNeurons(v1NeuronsArrow({...d, source: {kind: "synthetic"}}));
    expect(Array.from(s.neurons.preferred)).toEqual(Array.from(built.preferred));
    expect(Array.from(s.neurons.osi)).toEqual(Array.from(built.osi));
    const gram = readGram(v1GramArrow({...d, source: {kind: "synthetic"}}));
    expect(Array.from(s.gram!)).toEqual(Array.from(gram.gram));
    // Independent check of one Gram entry: the dot product of two z-scored rows.
    let dot = 0;
    for (let j = 0; j < p; j++) dot += d.responses[2 * p + j] * d.responses[7 * p + j];
    expect(s.gram![2 * n + 7]).toBeCloseTo(dot, 9);
  });

  it("skips the Gram matrix beyond MAX_GRAM_STIMULI stimuli", () => {
    const nStimuli = MAX_GRAM_STIMULI + 1;
    const s = datasetSummaries({
      responses: new Float32Array(nStimuli * 2),
      stimuli: Float32Array.from({length: nStimuli}, (_, i) => (i * 360) / nStimuli),
      nStimuli,
      nNeurons: 2,
    });
    expect(s.gram).toBeNull();
    expect(s.neurons.preferred.length).toBe(2);
  });
});
