// "Your data": a reader's own npz drives every V1 page, survives reloads, and nothing leaves the browser. Bad files
// get their message while the dataset in use stays.
import {readFileSync} from "node:fs";
import {beforeAll, describe, expect, it} from "vitest";
import type {Page, Request} from "playwright-core";
import {cellErrors, openPage, poll, screenshot, scrollToText, shown, useSite, WAIT} from "./harness.js";
import {npyBytes, npzBytes} from "../data-loaders/fixtures.js";

const site = useSite();
let page: Page;
const requests: Request[] = [];

// 120 stimuli at 3° spacing × 700 neurons, each a von Mises-like bump around its own preferred orientation, plus
// a small deterministic ripple: a population that carries orientation as V1 does.
const N_STIM = 120;
const N_NEURONS = 700;
function ownNpz(): Buffer {
  const resp: number[] = [];
  for (let i = 0; i < N_STIM; i++) {
    const theta = (i * 3 * Math.PI) / 180;
    for (let j = 0; j < N_NEURONS; j++) {
      const pref = (j * 2 * Math.PI) / N_NEURONS;
      resp.push(Math.exp(2 * Math.cos(2 * (theta - pref))) + 0.2 * Math.sin(7 * i + 13 * j));
    }
  }
  const stimuli = Array.from({length: N_STIM}, (_, i) => i * 3);
  return Buffer.from(
    npzBytes({resp: npyBytes("<f4", [N_STIM, N_NEURONS], resp), stimuli: npyBytes("<f8", [N_STIM], stimuli)}),
  );
}

const LABEL = `your data: mine.npz, ${N_STIM} stimuli × ${N_NEURONS} neurons`;
const picker = () => page.locator(".dataset-control input[type=file]");
const controlBadge = () => page.locator(".dataset-control .v1-source");
const error = () => page.locator(".dataset-control .dataset-error");

/** Clicks the button named `name` and returns the text of the file it saves. */
async function downloaded(name: string): Promise<{file: string; text: string}> {
  const [download] = await Promise.all([
    page.waitForEvent("download", {timeout: WAIT.redraw}),
    page.getByRole("button", {name}).click(),
  ]);
  return {file: download.suggestedFilename(), text: readFileSync((await download.path())!, "utf8")};
}

async function choose(name: string, buffer: Buffer): Promise<void> {
  await picker().setInputFiles({name, mimeType: "application/octet-stream", buffer});
}

beforeAll(async () => {
  ({page} = await openPage(site.browser(), `${site.url()}/data`, {width: 1200, height: 1000}));
  page.on("request", (r) => requests.push(r));
  await shown(page.locator(".v1-response-heatmap canvas"), WAIT.startUp);
});

describe("your data", () => {
  it("an npz chosen on /data becomes the page's dataset: badge, shape, charts", async () => {
    requests.length = 0;
    await choose("mine.npz", ownNpz());
    await poll(() => controlBadge().innerText(), WAIT.startUp).toBe(LABEL);
    await poll(() => page.locator("#v1-summary .v1-source").innerText()).toBe(LABEL);
    await poll(() => page.locator("#v1-summary").innerText()).toMatch(/120 orientations, 0\.0° to 357\.0°/);
    await shown(page.locator(".card h2", {hasText: `· ${N_STIM} stimuli`}));
    await shown(page.locator(".v1-response-heatmap canvas"));
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-data-data");
  });

  it("bad files get their message, naming the file, while the dataset in use stays", async () => {
    await choose("broken.npz", Buffer.from("<html>not found</html>"));
    await poll(() => error().innerText()).toBe(
      "broken.npz: not a zip archive, so not an npz file. Still using mine.npz.",
    );
    // A flipped byte inside the stored `resp` member: the zip's CRC-32 no longer matches.
    const corrupt = ownNpz();
    corrupt[corrupt.length >> 1] ^= 0x40;
    await choose("corrupt.npz", corrupt);
    await poll(() => error().innerText()).toMatch(
      /^corrupt\.npz:resp\.npy: CRC-32 mismatch .*the file is corrupt\. Still using mine\.npz\.$/,
    );
    const ragged = "orientation,a,b\n0,1,2\n3,4\n";
    await choose("ragged.csv", Buffer.from(ragged));
    await poll(() => error().innerText()).toBe(
      "ragged.csv: line 3 has 2 cells; the header has 3. Still using mine.npz.",
    );
    expect(await controlBadge().innerText()).toBe(LABEL);
    expect(await page.locator("#v1-summary .v1-source").innerText()).toBe(LABEL);
  });

  it("a reload keeps the reader's dataset", async () => {
    await page.reload({waitUntil: "load"});
    await poll(() => page.locator("#v1-summary .v1-source").innerText(), WAIT.startUp).toBe(LABEL);
    await shown(page.locator(".v1-response-heatmap canvas"), WAIT.startUp);
  });

  it("/rsa compares the networks with the reader's 120-stimulus RDM", async () => {
    await page.goto(`${site.url()}/rsa?bin=1&backend=wasm`, {waitUntil: "load"});
    await poll(() => page.locator(".v1-source").first().innerText(), WAIT.startUp).toBe(LABEL);
    await scrollToText(page, "Layer RDMs vs V1's RDM");
    await shown(page.locator("h2", {hasText: `${N_STIM} stimuli)`}), WAIT.run);
    await poll(() => page.locator("#rsa-check").innerText(), WAIT.run).toMatch(/from your data\. .*nothing to compare/);
    expect(await page.locator("svg [aria-label='bar']").count()).toBeGreaterThan(0);
    expect(await page.locator("svg [aria-label='dot']").count()).toBeGreaterThan(0);
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-data-rsa");
    // The RDMs as CSV: one row per pair of the 120 stimuli for V1 and each layer.
    const rdms = await downloaded("⬇ RDMs (CSV)");
    expect(rdms.file).toBe("rdms-mine-correlation-bin1.csv");
    const lines = rdms.text.trimEnd().split("\n");
    expect(lines[0]).toBe("representation,i,j,orientation_i,orientation_j,dissimilarity");
    expect(lines[1]).toMatch(/^V1,0,1,0,3,[\d.e-]+$/);
    const representations = new Set(lines.slice(1).map((l) => l.split(",")[0]));
    expect(lines.length - 1).toBe(representations.size * ((N_STIM * (N_STIM - 1)) / 2));
    expect(representations.size).toBeGreaterThan(5);
    const comparisons = await downloaded("⬇ Comparisons with V1 (CSV)");
    expect(comparisons.text.split("\n")[0]).toBe("network,layer,method,estimate,ci_low,ci_high,noise_ceiling");
    expect(comparisons.text.trimEnd().split("\n").length).toBe(representations.size); // header + one per layer
  });

  it("/decoding trains on the reader's data", async () => {
    await page.goto(`${site.url()}/decoding?backend=wasm`, {waitUntil: "load"});
    await poll(() => page.locator(".v1-source").first().innerText(), WAIT.startUp).toBe(LABEL);
    // 0.6 of 120 stimuli train the decoder.
    await shown(page.locator(".untrained-mse", {hasText: "on the 72 training stimuli"}), WAIT.startUp);
    const status = page.locator(".train-status");
    await poll(() => status.getAttribute("data-status"), WAIT.run).toBe("done");
    const losses = JSON.parse((await status.getAttribute("data-losses"))!) as number[];
    expect(losses.length).toBe(50);
    expect(losses[49]).toBeLessThan(losses[0]);
    expect(await status.getAttribute("data-architecture")).toMatch(/^700 → /);
    await page.locator(".build-versus-yours-slot").scrollIntoViewIfNeeded();
    await shown(page.locator(".pretrained-user-data"), WAIT.run);
    expect(await cellErrors(page)).toEqual([]);
  });

  it("/fingerprints fits the networks' layers to the reader's neurons", async () => {
    await page.goto(`${site.url()}/fingerprints?backend=wasm`, {waitUntil: "load"});
    await poll(() => page.locator(".v1-source").first().innerText(), WAIT.startUp).toBe(LABEL);
    await scrollToText(page, "Each row is one target");
    await poll(() => page.locator("#fp-check").innerText(), WAIT.run).toMatch(/to your data\. .*nothing to compare/);
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-data-fingerprints");
    const scores = await downloaded("⬇ Scores (CSV)");
    const rows = scores.text.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^target,pixels · image,/);
    const targets = Number(
      (await page.locator(".fp-status").innerText()).match(/^Scored ([\d,]+)/)![1].replace(/,/g, ""),
    );
    expect(rows.length - 1).toBe(targets);
  });

  it("/encoding, whose model was trained on the built-in recording, says it does not use the reader's data", async () => {
    await page.goto(`${site.url()}/encoding?backend=wasm`, {waitUntil: "load"});
    await poll(() => page.locator(".builtin-only-note").innerText(), WAIT.startUp).toMatch(
      /^You chose your own data \(mine\.npz\) on the V1 pages\./,
    );
  });

  it("no request after the file was chosen carried anything but a GET for the site's own files", () => {
    expect(requests.length).toBeGreaterThan(0);
    const foreign = requests.filter((r) => !r.url().startsWith(site.url()) && !r.url().startsWith("blob:"));
    expect(foreign.map((r) => r.url())).toEqual([]);
    expect(requests.filter((r) => r.method() !== "GET").map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    expect(requests.filter((r) => r.postDataBuffer() !== null).length).toBe(0);
  });

  it("'Back to the built-in data' restores the built-in dataset", async () => {
    await page.goto(`${site.url()}/data`, {waitUntil: "load"});
    await poll(() => page.locator("#v1-summary .v1-source").innerText(), WAIT.startUp).toBe(LABEL);
    await page.getByRole("button", {name: "Back to the built-in data"}).click();
    await poll(() => page.locator("#v1-summary .v1-source").innerText(), WAIT.startUp).toMatch(
      /^(synthetic data \(seed \d+\)|real data)/,
    );
    await poll(() => page.locator("#v1-summary").innerText()).toMatch(/360 orientations/);
    await shown(page.getByRole("button", {name: "Use mine.npz again"}));
    await page.reload({waitUntil: "load"});
    await poll(() => page.locator("#v1-summary .v1-source").innerText(), WAIT.startUp).toMatch(/^(synthetic|real)/);
  });
});
