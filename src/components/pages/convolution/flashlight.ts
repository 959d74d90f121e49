/**
 * The "flashlight" view of a convolution: a kernel slides over an image one output position at a time;
 * at each position the page shows the window it covers, the element-wise products with the kernel, their
 * sum, and the feature map filled in up to that position. Play / Pause / Step / Reset drive it; the arithmetic
 * is the plain cross-correlation of conv2d.ts (the same numbers ONNX Conv computes).
 */
import {interpolateRdBu} from "d3";
import {conv2d, window} from "../../core/conv2d.js";

/** Options of {@link Flashlight}. */
export interface FlashlightOptions {
  /** Image rows. */
  height: number;
  /** Image columns. */
  width: number;
  /** Row-major `k × k` kernel. */
  kernel: Float32Array;
  /** CSS pixels per image pixel (default 10). */
  cell?: number;
  /** Milliseconds between steps while playing (default 40). */
  interval?: number;
}

/** The widget; call `stop()` when the page cell is invalidated. */
export type FlashlightElement = HTMLElement & {stop: () => void; step: () => void};

function rdbu(v: number, max: number): string {
  return interpolateRdBu(0.5 - Math.max(-1, Math.min(1, v / (max || 1))) / 2);
}

/** Builds the flashlight widget for `image` (row-major `height × width`); see {@link FlashlightOptions}. */
export function Flashlight(image: Float32Array, options: FlashlightOptions): FlashlightElement {
  const {height, width, kernel, cell = 10, interval = 40} = options;
  const k = Math.round(Math.sqrt(kernel.length));
  const map = conv2d(image, height, width, kernel);
  const total = map.height * map.width;
  let mapMax = 0;
  for (const v of map.data) mapMax = Math.max(mapMax, Math.abs(v));
  let kMax = 0;
  for (const v of kernel) kMax = Math.max(kMax, Math.abs(v));
  let imgMax = 0;
  for (const v of image) imgMax = Math.max(imgMax, Math.abs(v));

  const root = document.createElement("div") as unknown as FlashlightElement;
  root.className = "flashlight";
  root.style.cssText = "display:flex;flex-direction:column;gap:8px;font:13px var(--sans-serif);";
  const controls = document.createElement("div");
  controls.style.cssText = "display:flex;gap:8px;align-items:center;flex-wrap:wrap;";
  const button = (text: string, label: string) => {
    const b = document.createElement("button");
    b.textContent = text;
    b.setAttribute("aria-label", label);
    controls.append(b);
    return b;
  };
  const play = button("▶ Play", "Play");
  const stepButton = button("Step", "Step one position");
  const reset = button("Reset", "Reset");
  const status = document.createElement("span");
  status.setAttribute("aria-live", "polite");
  status.style.fontVariantNumeric = "tabular-nums";
  controls.append(status);

  const panels = document.createElement("div");
  panels.style.cssText = "display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap;";
  const panel = (title: string, w: number, h: number) => {
    const fig = document.createElement("figure");
    fig.style.cssText = "margin:0;display:flex;flex-direction:column;gap:4px;";
    const cap = document.createElement("figcaption");
    cap.textContent = title;
    const c = document.createElement("canvas");
    c.width = w;
    c.height = h;
    fig.append(cap, c);
    panels.append(fig);
    return {canvas: c, ctx: c.getContext("2d")!, caption: cap};
  };
  const inputPanel = panel(`Input (${height} × ${width}) and the ${k} × ${k} window`, width * cell, height * cell);
  const pcell = Math.max(18, Math.min(34, Math.floor(210 / k)));
  const productPanel = panel("Window × kernel", k * pcell, k * pcell);
  const outputPanel = panel(`Feature map (${map.height} × ${map.width})`, map.width * cell, map.height * cell);
  const sum = document.createElement("div");
  sum.className = "flashlight-sum";
  sum.style.cssText = "font-variant-numeric:tabular-nums;";
  root.append(controls, panels, sum);

  let position = 0; // number of output positions computed so far
  let timer: ReturnType<typeof setInterval> | null = null;

  function drawInput(ox: number, oy: number, showWindow: boolean): void {
    const {ctx} = inputPanel;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const g = Math.round(255 * (0.5 + image[y * width + x] / (2 * (imgMax || 1))));
        ctx.fillStyle = `rgb(${g},${g},${g})`;
        ctx.fillRect(x * cell, y * cell, cell, cell);
      }
    if (!showWindow) return;
    ctx.fillStyle = "rgba(255, 200, 0, 0.25)";
    ctx.fillRect(ox * cell, oy * cell, k * cell, k * cell);
    ctx.strokeStyle = "#e8590c";
    ctx.lineWidth = 2;
    ctx.strokeRect(ox * cell + 1, oy * cell + 1, k * cell - 2, k * cell - 2);
  }
  function drawProducts(products: Float32Array | null): void {
    const {ctx} = productPanel;
    ctx.clearRect(0, 0, k * pcell, k * pcell);
    const pMax = imgMax * kMax;
    ctx.font = `${Math.max(8, Math.floor(pcell / 3))}px sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let y = 0; y < k; y++)
      for (let x = 0; x < k; x++) {
        const v = products ? products[y * k + x] : kernel[y * k + x];
        ctx.fillStyle = rdbu(v, products ? pMax : kMax);
        ctx.fillRect(x * pcell, y * pcell, pcell, pcell);
        ctx.strokeStyle = "rgba(0,0,0,0.15)";
        ctx.strokeRect(x * pcell, y * pcell, pcell, pcell);
        if (pcell >= 24) {
          ctx.fillStyle = Math.abs(v) > 0.6 * (products ? pMax : kMax) ? "#fff" : "#222";
          ctx.fillText(v.toFixed(2).replace("-0.00", "0.00"), x * pcell + pcell / 2, y * pcell + pcell / 2);
        }
      }
  }
  function drawOutput(): void {
    const {ctx} = outputPanel;
    ctx.fillStyle = "#f4f4f4";
    ctx.fillRect(0, 0, map.width * cell, map.height * cell);
    for (let i = 0; i < position; i++) {
      const x = i % map.width,
        y = Math.floor(i / map.width);
      ctx.fillStyle = rdbu(map.data[i], mapMax);
      ctx.fillRect(x * cell, y * cell, cell, cell);
    }
    if (position > 0 && position <= total) {
      const i = position - 1;
      ctx.strokeStyle = "#e8590c";
      ctx.lineWidth = 2;
      ctx.strokeRect((i % map.width) * cell + 1, Math.floor(i / map.width) * cell + 1, cell - 2, cell - 2);
    }
  }
  function render(): void {
    root.dataset.position = String(position);
    if (position === 0) {
      drawInput(0, 0, false);
      drawProducts(null);
      productPanel.caption.textContent = `Kernel (${k} × ${k})`;
      sum.textContent = "Press Play or Step to slide the kernel over the image.";
    } else {
      const i = position - 1;
      const ox = i % map.width,
        oy = Math.floor(i / map.width);
      const w = window(image, height, width, k, ox, oy);
      const products = w.map((v, j) => v * kernel[j]);
      drawInput(ox, oy, true);
      drawProducts(products);
      productPanel.caption.textContent = "Window × kernel";
      let s = 0;
      for (const v of products) s += v;
      sum.textContent = `Output (${ox}, ${oy}) = Σ window × kernel = ${s.toFixed(3)}`;
    }
    drawOutput();
    status.textContent = `Position ${position} of ${total}`;
    play.textContent = timer ? "❚❚ Pause" : position >= total ? "▶ Replay" : "▶ Play";
    play.setAttribute("aria-label", timer ? "Pause" : "Play");
  }
  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    render();
  }
  function step(): void {
    if (position >= total) return stop();
    position++;
    render();
  }
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (position >= total) position = 0;
    timer = setInterval(() => (position >= total ? stop() : step()), interval);
    render();
  });
  stepButton.addEventListener("click", () => {
    if (timer) stop();
    step();
  });
  reset.addEventListener("click", () => {
    if (timer) (clearInterval(timer), (timer = null));
    position = 0;
    render();
  });
  root.stop = stop;
  root.step = step;
  render();
  return root;
}
