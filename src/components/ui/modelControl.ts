/**
 * "Use your model": the control on the brain-vs-network pages that lets a reader bring an ONNX image network. The
 * compute worker reads the file (runtime/modelJobs.ts); the control lists its candidate layers (a handful spread over
 * depth ticked), the input size where the model leaves it open, the normalisation and a preview of the grating as
 * the network gets it; "Add to the analyses" runs the model on the gratings and its layers join the site's networks
 * as "your model". The choice is kept in this browser (IndexedDB, remembered across pages and visits) until the
 * reader removes it; a bad file gets its message here and changes nothing. Nothing is uploaded.
 */
import {defaultLayers, type OnnxSummary} from "@brain-nets/models";
import type {JobClient} from "../core/workerProtocol.js";
import {
  MAX_LAYER_UNITS,
  modelGratings,
  NORMALISATION_LABELS,
  NORMALISATIONS,
  poolBlocks,
  type ModelLayerInfo,
  type ModelStimulusSpec,
  type Normalisation,
} from "../core/userModel.js";
import type {LayersMeta} from "../runtime/computeJobs.js";
import type {ModelInfo, ModelLayersUpdate} from "../runtime/modelJobs.js";
import type {Backend} from "../runtime/backend.js";
import {actionButton, fileCard, remembered} from "./fileControl.js";

/** Which networks a page compares: the site's own, or those and the reader's model. */
export type ModelChoice = {kind: "builtin"} | {kind: "model"; info: ModelInfo};

const store = remembered<ModelInfo>("brainNets.model");
const MB = 2 ** 20;

/**
 * The layers the page's analyses use for `choice`: the built-in ones with the reader's model's appended (restored
 * from this browser's storage when the worker does not hold them), or the built-in ones alone.
 */
export async function layersFor(choice: ModelChoice, client: JobClient, builtin: LayersMeta): Promise<LayersMeta> {
  void builtin; // the built-in layers are in the worker first (the page awaits them before calling this)
  if (choice.kind === "builtin") return client.run<LayersMeta>("dropModel", {});
  try {
    return (await client.run<{meta: LayersMeta}>("storedModel", {})).meta;
  } catch (e) {
    store.keep(null);
    throw e;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) (node as unknown as Record<string, unknown>)[k] = v;
  return node;
}

/** The grating at 45° as the model gets it, drawn in the value range of its normalisation (grey or RGB). */
function preview(spec: ModelStimulusSpec): HTMLCanvasElement {
  const {width, height, channels} = spec;
  const canvas = el("canvas", {width, height});
  canvas.style.cssText = `width:${Math.min(128, width * 2)}px;image-rendering:pixelated;border:1px solid #ccc`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `The 45° grating at ${width} × ${height} pixels, as the model gets it`);
  const x = modelGratings([45], {...spec, layout: "NCHW"});
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  const image = new ImageData(width, height);
  const size = width * height;
  for (let p = 0; p < size; p++)
    for (let c = 0; c < 3; c++)
      image.data[p * 4 + c] = Math.round((255 * (x[(channels === 3 ? c : 0) * size + p] - lo)) / (hi - lo || 1));
  for (let p = 0; p < size; p++) image.data[p * 4 + 3] = 255;
  canvas.getContext("2d")?.putImageData(image, 0, 0);
  return canvas;
}

/** Which layers were averaged down to fit ({@link MAX_LAYER_UNITS}) and how, for the control's done line. */
export function pooledNote(layers: readonly ModelLayerInfo[]): string {
  const pooled = layers
    .filter((l) => l.pool > 1)
    .map((l) => `${l.label} (${poolBlocks(l.dims, l.pool)}, ${l.units.toLocaleString("en-US")} units)`);
  return pooled.length
    ? ` Averaged to at most ${MAX_LAYER_UNITS.toLocaleString("en-US")} units per grating: ${pooled.join(", ")}.`
    : "";
}

/**
 * The control. Its `value` is a {@link ModelChoice}; it dispatches `input` when the choice changes (Framework's
 * `view()`). `client` gives the page's compute client; `backend` the backend the page's analyses run on now.
 */
export function modelControl({
  client,
  backend,
  prepare,
}: {
  client: () => JobClient;
  backend: () => Backend;
  /** What the worker needs before the model runs, where the page has not sent it (the built-in layers' stimuli). */
  prepare?: () => Promise<unknown>;
}): HTMLElement & {
  value: ModelChoice;
} {
  const card = fileCard({
    className: "model-control",
    id: "use-your-model",
    title: "Use your model",
    accept: ".onnx",
    ariaLabel: "Use your model: choose an .onnx image network",
    dropText: "or drop an .onnx file here",
    note:
      "An ONNX image network (PyTorch's torch.onnx.export, tf2onnx; weights embedded) with a 1- or 3-channel image input. " +
      "It runs in this browser on the page's gratings and is never uploaded; its layers join the site's networks as “your model”.",
    onFile: (file) => void choose(file),
  });
  const {status, progress, error} = card;
  const root = card.root as HTMLElement & {value: ModelChoice};
  const setup = el("div", {className: "model-setup"});
  root.insertBefore(setup, progress);
  const saved = store.recall();
  root.value = saved ? {kind: "model", info: saved} : {kind: "builtin"};

  const set = (value: ModelChoice) => {
    root.value = value;
    draw();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };

  function draw(): void {
    const v = root.value;
    if (v.kind === "model") {
      const badge = el("span", {className: "model-badge"});
      badge.style.cssText = "padding:0.1em 0.5em;border-radius:4px;background:#e8f5e9;color:#1b5e20;font-weight:600";
      badge.textContent = `your model: ${v.info.file}, ${v.info.layers.length} layer${v.info.layers.length === 1 ? "" : "s"} (${v.info.layers.map((l) => l.label).join(", ")})`;
      status.replaceChildren(
        badge,
        document.createTextNode(
          `kept in this browser: ${v.info.bytes < MB / 10 ? `${Math.ceil(v.info.bytes / 1024)} kB` : `${(v.info.bytes / MB).toFixed(1)} MB`}`,
        ),
        actionButton("Remove your model", () => {
          store.keep(null);
          set({kind: "builtin"});
          void client()
            .run("dropModel", {forget: true})
            .catch(() => {});
        }),
      );
    } else status.replaceChildren(document.createTextNode("The analyses compare the site's own networks with V1."));
  }

  /** The inputs for a read model: layers, size (where open), normalisation, preview, and the button that runs it. */
  function showSetup(file: File, summary: OnnxSummary): void {
    const {input: image} = summary;
    const picked = new Set(defaultLayers(summary.candidates));
    const list = el("div", {className: "model-layers"});
    list.style.cssText = "max-height:12em;overflow:auto;columns:2 16em;border:1px solid #ddd;padding:0.3rem";
    for (const c of summary.candidates) {
      const box = el("input", {type: "checkbox", checked: picked.has(c.tensor), value: c.tensor});
      box.addEventListener("change", () => (box.checked ? picked.add(c.tensor) : picked.delete(c.tensor)));
      const label = el("label");
      label.style.cssText = "display:block;break-inside:avoid";
      label.append(box, ` ${c.label}`);
      list.append(label);
    }
    const dynamic = image.height === null || image.width === null;
    const size = el("input", {type: "number", min: "16", max: "512", step: "1", value: "64"});
    size.setAttribute("aria-label", "Input size (pixels)");
    const norm = el("select");
    norm.setAttribute("aria-label", "Normalisation");
    for (const n of NORMALISATIONS) norm.append(el("option", {value: n, textContent: NORMALISATION_LABELS[n]}));
    norm.value = image.channels === 3 ? "imagenet" : "unit";
    const spec = (): ModelStimulusSpec => {
      const side = Math.max(16, Math.min(512, Math.round(Number(size.value)) || 64));
      return {
        height: image.height ?? side,
        width: image.width ?? side,
        channels: image.channels,
        layout: image.layout,
        normalisation: norm.value as Normalisation,
      };
    };
    const view = el("span");
    const redraw = () => view.replaceChildren(preview(spec()));
    size.addEventListener("input", redraw);
    norm.addEventListener("input", redraw);
    redraw();
    // In the network's order, however the reader ticked them.
    const chosen = () => summary.candidates.filter((c) => picked.has(c.tensor)).map((c) => c.tensor);
    const add = actionButton("Add to the analyses", () => void run(file, chosen(), spec()));
    add.className = "model-add";
    const row = el("div");
    row.style.cssText = "display:flex;gap:1rem;flex-wrap:wrap;align-items:center";
    const sizeLabel = el("label");
    sizeLabel.append("Input size: ", size, " px");
    const normLabel = el("label");
    normLabel.append("Normalisation: ", norm);
    row.append(...(dynamic ? [sizeLabel] : []), normLabel, view, add);
    const shape =
      image.layout === "NCHW"
        ? [image.channels, image.height ?? "H", image.width ?? "W"]
        : [image.height ?? "H", image.width ?? "W", image.channels];
    const about = el("div", {className: "model-summary"});
    about.textContent = `${file.name}: input ${image.name} ${shape.join(" × ")} (${image.layout}${typeof image.batch === "number" ? `, batch ${image.batch}` : ", any batch"}), ${summary.nodes} nodes, ${summary.parameters.toLocaleString("en-US")} weights, opset ${summary.opset}${summary.producer ? `, from ${summary.producer}` : ""}. Pick its layers:`;
    setup.replaceChildren(about, list, row);
  }

  let reading = 0;
  const fail = (e: unknown) => {
    progress.textContent = "";
    const now =
      root.value.kind === "model"
        ? `your model ${root.value.info.file} and the site's networks`
        : "the site's networks";
    error.textContent = `${(e as Error).message}. Still using ${now}.`;
  };

  async function choose(file: File): Promise<void> {
    const ticket = ++reading;
    error.textContent = "";
    setup.replaceChildren();
    progress.textContent = `Reading ${file.name} (${(file.size / MB).toFixed(1)} MB)…`;
    try {
      const summary = await client().run<OnnxSummary>("inspectModel", {file}, {replace: "model"});
      if (ticket !== reading) return;
      progress.textContent = "";
      showSetup(file, summary);
    } catch (e) {
      if (ticket === reading) fail(e);
    }
  }

  async function run(file: File, layers: string[], spec: ModelStimulusSpec): Promise<void> {
    const ticket = ++reading;
    error.textContent = "";
    const bar = el("progress", {max: 1, value: 0});
    const text = el("span", {textContent: ` Opening ${file.name} in ONNX Runtime…`});
    progress.replaceChildren(bar, text);
    try {
      await prepare?.();
      const {info} = await client().run<{info: ModelInfo}>(
        "modelLayers",
        {layers, spec, backend: backend()},
        {
          replace: "model",
          onUpdate: (update) => {
            const u = update as ModelLayersUpdate;
            if (u.stage === "stimuli")
              ((bar.value = u.done / u.total), (text.textContent = ` ${file.name}: ${u.done} of ${u.total} gratings…`));
            else if (u.stage === "grams") text.textContent = " Each layer's stimulus Gram matrix…";
          },
        },
      );
      if (ticket !== reading) return;
      progress.textContent = `${file.name}: ${info.layers.length} layers on ${spec.width} × ${spec.height} gratings in ${(info.ms / 1000).toFixed(1)} s.${pooledNote(info.layers)}`;
      setup.replaceChildren();
      store.keep(info);
      set({kind: "model", info});
    } catch (e) {
      if (ticket === reading) fail(e);
    }
  }

  draw();
  return root;
}
