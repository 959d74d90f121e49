import {describe, expect, it} from "vitest";
import {parseResponsesCsv} from "../../../src/components/core/csvResponses.js";

const parse = (text: string | string[], options: Partial<Parameters<typeof parseResponsesCsv>[1]> = {}) =>
  parseResponsesCsv(typeof text === "string" ? [text] : text, {name: "mine.csv", ...options});

describe("parseResponsesCsv", () => {
  it("reads a small CSV: orientations from their column, neurons in header order, stimulus-major", async () => {
    const r = await parse("n0,orientation,n1\n1.5,0,-2\n3,90,4e-1\n");
    expect(r.nStimuli).toBe(2);
    expect(r.nNeurons).toBe(2);
    expect(r.neurons).toEqual(["n0", "n1"]);
    expect(Array.from(r.stimuli)).toEqual([0, 90]);
    expect(Array.from(r.responses)).toEqual([1.5, -2, 3, Math.fround(0.4)]);
  });

  it("gives the same result whatever the chunks: split mid-number, mid-line and one character at a time", async () => {
    const text = "orientation,a,b,c\r\n0,1,2,3\r\n45,4,5,6\r\n90,7.25,8,9";
    const whole = await parse(text);
    for (const size of [1, 2, 3, 7, 100]) {
      const chunks = Array.from({length: Math.ceil(text.length / size)}, (_, k) =>
        text.slice(k * size, (k + 1) * size),
      );
      const r = await parse(chunks);
      expect(Array.from(r.responses)).toEqual(Array.from(whole.responses));
      expect(Array.from(r.stimuli)).toEqual([0, 45, 90]);
    }
  });

  it("streams a file bigger than one chunk and reports progress by rows", async () => {
    const nNeurons = 300;
    const nStimuli = 500;
    const lines = [["ori", ...Array.from({length: nNeurons}, (_, j) => `n${j}`)].join("\t")];
    for (let i = 0; i < nStimuli; i++)
      lines.push([i * 0.72, ...Array.from({length: nNeurons}, (_, j) => (i * 7 + j) % 13)].join("\t"));
    const text = lines.join("\n") + "\n";
    const chunks = Array.from({length: Math.ceil(text.length / 65536)}, (_, k) =>
      text.slice(k * 65536, (k + 1) * 65536),
    );
    expect(chunks.length).toBeGreaterThan(5);
    const progress: number[] = [];
    const r = await parse(chunks, {orientationColumn: "ori", onProgress: (n) => progress.push(n)});
    expect([r.nStimuli, r.nNeurons]).toEqual([nStimuli, nNeurons]);
    expect(r.responses[123 * nNeurons + 45]).toBe((123 * 7 + 45) % 13);
    expect(r.stimuli[499]).toBeCloseTo(499 * 0.72, 3);
    expect(progress.length).toBe(chunks.length);
    expect(progress.at(-1)).toBeLessThanOrEqual(nStimuli);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // never goes back
  });

  it("detects tabs, takes quoted header names and skips blank lines", async () => {
    const r = await parse('"orientation"\t"cell 1"\t"cell 2"\n\n10\t1\t2\n20\t3\t4\n\n');
    expect(r.neurons).toEqual(["cell 1", "cell 2"]);
    expect(Array.from(r.stimuli)).toEqual([10, 20]);
  });

  it("reads neuron positions from rows labelled x, y (and z) in the orientation column", async () => {
    const r = await parse("orientation,a,b\nx,10,20\n0,1,2\ny,5,6\n90,3,4\n");
    expect(r.nStimuli).toBe(2);
    expect(Array.from(r.stimuli)).toEqual([0, 90]);
    expect(Array.from(r.responses)).toEqual([1, 2, 3, 4]);
    expect(r.positions?.dims).toBe(2);
    expect(Array.from(r.positions!.data)).toEqual([10, 5, 20, 6]);
    const three = await parse('orientation,a,b\n"X",1,2\nY,3,4\nz,5,6\n0,1,2\n90,3,4\n');
    expect(three.positions?.dims).toBe(3);
    expect(Array.from(three.positions!.data)).toEqual([1, 3, 5, 2, 4, 6]);
    expect((await parse("orientation,a,b\n0,1,2\n90,3,4\n")).positions).toBeUndefined();
  });

  it("names the faults of position rows: a missing axis, a repeated one, a value that is not a number", async () => {
    await expect(parse("orientation,a,b\nx,1,2\n0,1,2\n90,3,4\n")).rejects.toThrow(
      /mine\.csv: neuron positions need both an 'x' and a 'y' row \(found: x\)/,
    );
    await expect(parse("orientation,a,b\nx,1,2\nx,3,4\n")).rejects.toThrow(
      /mine\.csv: line 3: a second 'x' row \(the first is line 2\)/,
    );
    await expect(parse("orientation,a,b\nx,1,NaN\ny,1,2\n0,1,2\n90,3,4\n")).rejects.toThrow(
      /line 2 \('x' positions\), column 'b': "NaN" is not a finite number/,
    );
  });

  it("names the fault, the line and the column", async () => {
    await expect(parse("")).rejects.toThrow("mine.csv: the file is empty (no header line)");
    await expect(parse("theta,a,b\n0,1,2\n1,2,3\n")).rejects.toThrow(
      "mine.csv: no column named 'orientation' for the orientations (found: theta, a, b)",
    );
    await expect(parse("orientation,a,b\n0,1,2\n1,2\n")).rejects.toThrow(
      "mine.csv: line 3 has 2 cells; the header has 3",
    );
    await expect(parse("orientation,a,b\n0,1,2\n1,2,x7\n")).rejects.toThrow(
      `mine.csv: line 3, column 'b': "x7" is not a finite number`,
    );
    await expect(parse("orientation,a,b\n0,1,NaN\n1,2,3\n")).rejects.toThrow(
      `line 2, column 'b': "NaN" is not a finite number`,
    );
    await expect(parse("orientation,a,b\n0,1,\n1,2,3\n")).rejects.toThrow(
      `line 2, column 'b': "" is not a finite number`,
    );
    await expect(parse("orientation,a\n0,1\n1,2\n")).rejects.toThrow(
      "mine.csv: 1 neuron column; at least 2 are needed",
    );
    await expect(parse("orientation,a,b\n0,1,2\n")).rejects.toThrow("mine.csv: 1 stimulus row; at least 2 are needed");
  });
});
