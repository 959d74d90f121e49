/**
 * A reader's own responses as CSV or TSV, parsed as a stream: one row per stimulus, a header naming the columns,
 * one column of orientations (degrees; its name is the reader's choice) and one column per neuron. The text arrives
 * in chunks of any size (a file's `stream()` through a TextDecoderStream, or strings in tests) and the values go
 * straight into one growing Float32Array, so a 2,000-neuron × 5,000-stimulus file never exists as a table of strings.
 * Rows whose orientation cell reads `x`, `y` or `z` instead of a number give the neurons' positions (µm), for the
 * searchlight page: `x` and `y` (and `z` for a 3-D layout), each at most once, anywhere in the file.
 * Every fault names the file, the line and the column. Isomorphic: no DOM, no Node APIs.
 */

/** What {@link parseResponsesCsv} returns: stimulus-major responses, the orientations and the neuron columns' names. */
export interface CsvResponses {
  /** nStimuli × nNeurons, row = stimulus, as written (not z-scored). */
  responses: Float32Array;
  /** Orientation of each row in degrees. */
  stimuli: Float32Array;
  nStimuli: number;
  nNeurons: number;
  /** The header's names of the neuron columns, in order. */
  neurons: string[];
  /** Neuron positions (µm, neurons × dims) from the rows labelled x, y (and z), when the file has them. */
  positions?: {data: Float32Array; dims: 2 | 3};
}

/** Orientation-column labels of the rows that hold neuron positions, one per axis. */
export const POSITION_ROWS = ["x", "y", "z"] as const;

/** Options of {@link parseResponsesCsv}. */
export interface CsvOptions {
  /** The file's name, put in every error message. */
  name: string;
  /** Header name of the orientation column (default "orientation"). */
  orientationColumn?: string;
  /** Cell separator; "auto" (default) takes a tab when the header line has one, else a comma. */
  delimiter?: "," | "\t" | ";" | "auto";
  /** Called with the number of data rows read so far, after each chunk. */
  onProgress?: (rows: number) => void;
}

const unquote = (cell: string): string => {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"') : t;
};

/** A number as CSV writers write one (`1.5`, `-2e-3`, `.5`), or null for anything else (text, empty, `NaN`, `inf`). */
function numberOf(cell: string): number | null {
  const t = unquote(cell);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * Parses CSV/TSV text chunks into {@link CsvResponses}. Throws an Error naming the file and the fault: no header or no
 * data rows, no orientation column (listing the columns found), a row with more or fewer cells than the header (its
 * line), a cell that is not a finite number (its line and column name), fewer than 2 neurons or 2 stimuli.
 */
export async function parseResponsesCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  {name, orientationColumn = "orientation", delimiter = "auto", onProgress}: CsvOptions,
): Promise<CsvResponses> {
  const fail = (fault: string): never => {
    throw new Error(`${name}: ${fault}`);
  };
  let header: string[] | null = null;
  let sep = ",";
  let orientationIndex = -1;
  let nNeurons = 0;
  let values = new Float32Array(0);
  const stimuli: number[] = [];
  let rows = 0;
  let line = 0;
  const axes = new Map<string, {line: number; values: Float32Array}>();

  const row = (text: string) => {
    line++;
    if (text.trim() === "") return;
    if (!header) {
      sep = delimiter !== "auto" ? delimiter : text.includes("\t") ? "\t" : ",";
      header = text.split(sep).map(unquote);
      orientationIndex = header.indexOf(orientationColumn);
      if (orientationIndex < 0)
        fail(
          `no column named '${orientationColumn}' for the orientations (found: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""})`,
        );
      nNeurons = header.length - 1;
      values = new Float32Array(Math.max(1, nNeurons) * 64);
      return;
    }
    const cells = text.split(sep);
    if (cells.length !== header.length) fail(`line ${line} has ${cells.length} cells; the header has ${header.length}`);
    const label = unquote(cells[orientationIndex]).toLowerCase();
    if ((POSITION_ROWS as readonly string[]).includes(label)) {
      if (axes.has(label)) fail(`line ${line}: a second '${label}' row (the first is line ${axes.get(label)!.line})`);
      const coords = new Float32Array(nNeurons);
      for (let c = 0, j = 0; c < cells.length; c++) {
        if (c === orientationIndex) continue;
        const v = numberOf(cells[c]);
        if (v === null)
          fail(
            `line ${line} ('${label}' positions), column '${header[c]}': ${JSON.stringify(unquote(cells[c]).slice(0, 20))} is not a finite number`,
          );
        coords[j++] = v!;
      }
      axes.set(label, {line, values: coords});
      return;
    }
    if ((rows + 1) * nNeurons > values.length) {
      const grown = new Float32Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    let j = 0;
    for (let c = 0; c < cells.length; c++) {
      const v = numberOf(cells[c]);
      if (v === null)
        fail(
          `line ${line}, column '${header[c]}': ${JSON.stringify(unquote(cells[c]).slice(0, 20))} is not a finite number`,
        );
      if (c === orientationIndex) stimuli.push(v!);
      else values[rows * nNeurons + j++] = v!;
    }
    rows++;
  };

  // The pieces of a line that spans chunks, joined once its end arrives (a 100,000-neuron row is megabytes long).
  const pending: string[] = [];
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      pending.push(chunk.slice(start, nl));
      row(pending.join("").replace(/\r$/, ""));
      pending.length = 0;
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
    onProgress?.(rows);
  }
  if (pending.length) row(pending.join("").replace(/\r$/, ""));
  if (!header) fail("the file is empty (no header line)");
  if (nNeurons < 2) fail(`${nNeurons} neuron column${nNeurons === 1 ? "" : "s"}; at least 2 are needed`);
  if (rows < 2) fail(`${rows} stimulus row${rows === 1 ? "" : "s"}; at least 2 are needed`);
  const neurons = header!.filter((_, c) => c !== orientationIndex);
  const out: CsvResponses = {
    responses: values.slice(0, rows * nNeurons),
    stimuli: Float32Array.from(stimuli),
    nStimuli: rows,
    nNeurons,
    neurons,
  };
  if (axes.size) {
    if (!axes.has("x") || !axes.has("y"))
      fail(`neuron positions need both an 'x' and a 'y' row (found: ${[...axes.keys()].join(", ")})`);
    const dims = axes.has("z") ? 3 : 2;
    const data = new Float32Array(nNeurons * dims);
    POSITION_ROWS.slice(0, dims).forEach((axis, d) => {
      const v = axes.get(axis)!.values;
      for (let j = 0; j < nNeurons; j++) data[j * dims + d] = v[j];
    });
    out.positions = {data, dims};
  }
  return out;
}
