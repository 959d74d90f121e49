// "Your model": a test-built ONNX network (residual block with BatchNormalization, GlobalAveragePool, 3 × 64 × 64
// input, dynamic batch) chosen on /rsa adds its layers to the RDM grid and the bars, survives a reload and can be
// removed; bad files get their message while the page keeps its networks.
import {readFileSync} from "node:fs";
import onnxProto from "onnx-proto";
import {beforeAll, describe, expect, it} from "vitest";
import type {Page} from "playwright-core";
import {cellErrors, openPage, poll, screenshot, scrollToText, shown, useSite, WAIT} from "./harness.js";
import {OnnxBuilder, residualNet, vggLike} from "../models/onnxFixtures.js";

const site = useSite();
let page: Page;

const picker = () => page.locator(".model-control input[type=file]");
const error = () => page.locator(".model-control .model-error");
const badge = () => page.locator(".model-control .model-badge");
const choose = (name: string, bytes: Uint8Array) =>
  picker().setInputFiles({name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes)});
// An RDM heatmap's title.
const heading = (label: string) => page.locator("h2", {hasText: `your model · ${label}`});
const STILL = "Still using the site's networks.";
// The five layers the control ticks by default (models/ defaultLayers on this network).
const PICKS = [
  "/stem/relu/Relu",
  "/layer1/relu1/Relu",
  "/layer1/relu2/Relu",
  "/avgpool/GlobalAveragePool",
  "/Gemm_13 (Gemm)",
];

beforeAll(async () => {
  ({page} = await openPage(site.browser(), `${site.url()}/rsa?backend=wasm`, {width: 1200, height: 1000}));
  await shown(picker(), WAIT.startUp);
});

describe("your model on /rsa", () => {
  it("bad files get their message and change nothing", async () => {
    await choose("notes.onnx", new TextEncoder().encode("these are my notes, not a network\n"));
    await poll(() => error().innerText()).toMatch(
      /^notes\.onnx is not an ONNX model .*Still using the site's networks\.$/,
    );
    const bytes = residualNet();
    await choose("cut.onnx", bytes.subarray(0, bytes.length >> 1));
    await poll(() => error().innerText()).toMatch(/^cut\.onnx ends early: .*Still using the site's networks\.$/);
    const {onnx} = onnxProto;
    const model = onnx.ModelProto.decode(vggLike());
    const w = model.graph!.initializer![0];
    w.rawData = new Uint8Array(0);
    w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    w.externalData = [onnx.StringStringEntryProto.create({key: "location", value: "big.onnx.data"})];
    await choose("big.onnx", onnx.ModelProto.encode(model).finish());
    await poll(() => error().innerText()).toContain(
      "big.onnx keeps 1 weight tensor in a separate file (big.onnx.data)",
    );
    expect(await error().innerText()).toContain(STILL);
    // No image input; an op of a custom domain; an op ONNX Runtime Web has no kernel for (its session says so).
    const b = new OnnxBuilder(6);
    b.output(b.node("Relu", [b.linear(b.input("features", ["N", 20]), 20, 5)]), ["N", 5]);
    await choose("tabular.onnx", b.bytes());
    await poll(() => error().innerText()).toMatch(/^tabular\.onnx has no 4-D image input.*features \[N, 20\]/);
    const custom = onnx.ModelProto.decode(vggLike());
    custom.graph!.node![1].domain = "com.example";
    custom.graph!.node![1].opType = "FancyRelu";
    await choose("custom.onnx", onnx.ModelProto.encode(custom).finish());
    await poll(() => error().innerText()).toContain(
      "custom.onnx uses an op that ONNX Runtime Web cannot run on WebGPU or WASM: FancyRelu (domain com.example)",
    );
    const unknown = onnx.ModelProto.decode(vggLike());
    unknown.graph!.node![1].opType = "NoSuchOp";
    await choose("unknown.onnx", onnx.ModelProto.encode(unknown).finish());
    // Its structure reads; ONNX Runtime refuses it when the page starts a session, on Add.
    await shown(page.locator(".model-control .model-add"));
    await page.locator(".model-control .model-add").click();
    await poll(() => error().innerText(), WAIT.run).toMatch(
      /^unknown\.onnx uses NoSuchOp.*Still using the site's networks\.$/,
    );
    expect(await badge().count()).toBe(0);
  });

  it("a residual network's layers join the RDM grid and the bars", async () => {
    await choose("resnet.onnx", residualNet());
    await shown(page.locator(".model-control .model-add"));
    expect(await page.locator(".model-control .model-summary").innerText()).toMatch(
      /resnet\.onnx: input pixel_values 3 × 64 × 64 \(NCHW, any batch\)/,
    );
    expect(await page.locator(".model-layers input:checked").count()).toBe(5);
    expect(await page.locator(".model-layers input").count()).toBe(10);
    await screenshot(page, "user-model-setup");
    // Changing the Backend input re-makes the page's decider, not the control: the chosen file and its layer
    // choices stay where the reader left them.
    const tensor = await page.locator(".model-layers input:checked").first().getAttribute("value");
    const box = page.locator(`.model-layers input[value="${tensor}"]`);
    await box.uncheck();
    await page.locator(".model-control").evaluate((el) => ((el as HTMLElement).dataset.kept = "1"));
    const why = () => page.locator(".backend-badge").first().innerText();
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await page.getByRole("radio", {name: "fastest here (measured)"}).check();
    await poll(why, WAIT.run).toMatch(/timed on this device|measured now/);
    await page.getByRole("radio", {name: "WASM"}).check();
    await poll(why, WAIT.run).toMatch(/WASM: chosen on the page/);
    expect(await page.locator(".model-control[data-kept]").count()).toBe(1);
    expect(await page.locator(".model-layers input:checked").count()).toBe(4);
    await box.check();
    await page.locator(".model-control .model-add").click();
    await poll(() => badge().innerText(), WAIT.run).toMatch(/^your model: resnet\.onnx, 5 layers/);
    await scrollToText(page, "Each square below is one RDM");
    await shown(page.locator("#rsa-ready"), WAIT.run);
    for (const label of PICKS) await shown(heading(label));
    // The bars: one per layer (11 built-in + 5), "your model" in the legend.
    await poll(() => page.locator("svg [aria-label='bar'] rect").count()).toBe(16);
    await shown(page.locator(".card", {hasText: "Layer RDMs vs V1's RDM"}).getByText("your model").first());
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-model-rsa");
  });

  it("on /fingerprints the model's layers are scored for every V1 neuron", async () => {
    await page.goto(`${site.url()}/fingerprints?backend=wasm`, {waitUntil: "load"});
    await poll(() => badge().innerText(), WAIT.startUp).toMatch(/^your model: resnet\.onnx, 5 layers/);
    await scrollToText(page, "Each row is one target");
    await shown(page.locator("#fp-check"), WAIT.run);
    // The build's layers still match the build exactly; the model's follow.
    expect(Number(await page.locator("#fp-check").getAttribute("data-max-diff"))).toBeLessThan(2e-3);
    const means = JSON.parse((await page.locator(".fp-status").getAttribute("data-means"))!) as number[];
    expect(means).toHaveLength(16);
    means.forEach((m) => expect(Number.isFinite(m)).toBe(true));
    const [download] = await Promise.all([
      page.waitForEvent("download", {timeout: WAIT.redraw}),
      page.getByRole("button", {name: "⬇ Scores (CSV)"}).click(),
    ]);
    const rows = readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\n");
    const header = rows[0].split(",");
    expect(header.slice(-5)).toEqual(PICKS.map((p) => `your model · ${p}`));
    const targets = Number(
      (await page.locator(".fp-status").innerText()).match(/^Scored ([\d,]+)/)![1].replace(/,/g, ""),
    );
    expect(rows.length - 1).toBe(targets);
    rows.slice(1, 50).forEach((r) =>
      r
        .split(",")
        .slice(-5)
        .forEach((v) => expect(Number.isFinite(Number(v))).toBe(true)),
    );
    expect(await cellErrors(page)).toEqual([]);
    await screenshot(page, "user-model-fingerprints");
    await page.goto(`${site.url()}/rsa?backend=wasm`, {waitUntil: "load"});
  });

  it("a reload keeps the model; removing it leaves the site's networks", async () => {
    await page.reload();
    await poll(() => badge().innerText(), WAIT.startUp).toMatch(/^your model: resnet\.onnx, 5 layers/);
    await scrollToText(page, "Each square below is one RDM");
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await shown(heading(PICKS[0]));
    await page.getByRole("button", {name: "Remove your model"}).click();
    await poll(() => badge().count()).toBe(0);
    await shown(page.locator("#rsa-ready"), WAIT.run);
    await poll(() => heading(PICKS[0]).count()).toBe(0);
    await poll(() => page.locator("svg [aria-label='bar'] rect").count()).toBe(11);
    expect(await cellErrors(page)).toEqual([]);
  });
});
