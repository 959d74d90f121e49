/**
 * An input for drawing a 1-D function with the mouse, pen or finger: drag across the pad and the curve follows.
 * It behaves like an Observable input: `value` holds f at the sample points and an `input` event fires when a
 * stroke ends, so `view(DrawFunction(xs, initial))` re-runs the cells that use the drawing.
 */

/** Options of {@link DrawFunction}. */
export interface DrawFunctionOptions {
  /** Width and height in CSS pixels (defaults 640 × 220). */
  width?: number;
  height?: number;
  /** Range of f shown on the pad (default [-1.5, 1.5]). */
  range?: [number, number];
}

/**
 * A drawing pad over the sample points `xs` (increasing, within [-1, 1]), starting from `initial` values.
 * Returns the element; its `value` is a Float32Array of f(xs).
 */
export function DrawFunction(
  xs: Float32Array,
  initial: Float32Array,
  {width = 640, height = 220, range = [-1.5, 1.5]}: DrawFunctionOptions = {},
): HTMLElement & {value: Float32Array} {
  const values = initial.slice();
  const root = document.createElement("div") as unknown as HTMLElement & {value: Float32Array};
  const canvas = document.createElement("canvas");
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = width * dpr;
  canvas.height = height * dpr;
  Object.assign(canvas.style, {width: `${width}px`, height: `${height}px`, touchAction: "none", cursor: "crosshair"});
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", "Drawing pad: drag to draw the function to fit");
  const hint = document.createElement("div");
  hint.textContent = "Drag across the pad to draw f(x); the network refits when you let go.";
  hint.style.font = "12px var(--sans-serif, sans-serif)";
  root.append(canvas, hint);
  const context = canvas.getContext("2d")!;
  const toPx = (x: number, y: number) => [((x + 1) / 2) * width, ((range[1] - y) / (range[1] - range[0])) * height];
  const fromPx = (px: number, py: number) => [(px / width) * 2 - 1, range[1] - (py / height) * (range[1] - range[0])];

  function draw() {
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.clearRect(0, 0, width, height);
    context.fillStyle = "#f8f8f8";
    context.fillRect(0, 0, width, height);
    context.strokeStyle = "#ccc";
    context.beginPath();
    const [, zero] = toPx(0, 0);
    context.moveTo(0, zero);
    context.lineTo(width, zero);
    context.stroke();
    context.strokeStyle = "#222";
    context.lineWidth = 2;
    context.beginPath();
    xs.forEach((x, i) => {
      const [px, py] = toPx(x, values[i]);
      if (i === 0) context.moveTo(px, py);
      else context.lineTo(px, py);
    });
    context.stroke();
  }

  let previous: [number, number] | null = null;
  // Sets every sample between the previous pointer position and this one, so fast strokes leave no gaps.
  function paint(event: PointerEvent) {
    const rect = canvas.getBoundingClientRect();
    const [x, y] = fromPx(event.clientX - rect.left, event.clientY - rect.top);
    const [x0, y0] = previous ?? [x, y];
    // Half a sample either side, so a stroke that stops short of the edge still sets the last sample.
    const half = xs.length > 1 ? (xs[1] - xs[0]) / 2 : 1;
    const [a, b] = x0 <= x ? [x0 - half, x + half] : [x - half, x0 + half];
    xs.forEach((xi, i) => {
      if (xi >= a && xi <= b) values[i] = x !== x0 ? y0 + ((y - y0) * (xi - x0)) / (x - x0) : y;
    });
    previous = [x, y];
    draw();
  }
  canvas.addEventListener("pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    previous = null;
    paint(event);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (canvas.hasPointerCapture(event.pointerId)) paint(event);
  });
  canvas.addEventListener("pointerup", () => {
    previous = null;
    root.value = values.slice();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.value = values.slice();
  draw();
  return root;
}
