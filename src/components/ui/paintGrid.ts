/**
 * A small pixel editor that works as an Observable view (`view(PaintGrid(...))`): its `value` is a row-major
 * Float32Array and it dispatches `input` events as the reader draws. Pointer: press and drag to paint the
 * current value (right button or Shift erases to 0). Keyboard: focus the grid, move the cursor with the
 * arrow keys, Space or Enter paints, Backspace/Delete erases. In "cycle" mode a click steps a cell through
 * +1 → −1 → 0 (used for hand-drawn kernels).
 */

/** Options of {@link PaintGrid}. */
export interface PaintGridOptions {
  /** Rows. */
  height: number;
  /** Columns. */
  width: number;
  /** Cell size in CSS pixels (default 12). */
  cell?: number;
  /** "paint" draws `ink` values with a drag; "cycle" steps one cell through +ink, −ink, 0 per click. */
  mode?: "paint" | "cycle";
  /** The value a stroke paints (default 0.5, the bright level of a grating). */
  ink?: number;
  /** Value of an erased cell (default −0.5 in paint mode, 0 in cycle mode). */
  background?: number;
  /** Label shown above the grid. */
  label?: string;
}

/** A drawable grid whose value is the image; see {@link PaintGridOptions}. */
export function PaintGrid(initial: ArrayLike<number>, options: PaintGridOptions): HTMLElement & {value: Float32Array} {
  const {height, width, cell = 12, mode = "paint", ink = 0.5, label} = options;
  const background = options.background ?? (mode === "paint" ? -0.5 : 0);
  if (initial.length !== height * width)
    throw new RangeError(`PaintGrid: ${initial.length} values for ${height} × ${width}`);
  const values = Float32Array.from(initial);
  const root = document.createElement("div") as unknown as HTMLElement & {value: Float32Array};
  root.className = "paint-grid";
  root.style.cssText = "display:inline-flex;flex-direction:column;gap:4px;font:13px var(--sans-serif);";
  if (label) {
    const l = document.createElement("span");
    l.textContent = label;
    root.append(l);
  }
  const canvas = document.createElement("canvas");
  canvas.width = width * cell;
  canvas.height = height * cell;
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `${label ?? "Drawing grid"}: ${height} by ${width} cells; arrow keys move, Space paints, Delete erases`,
  );
  canvas.style.cssText = "cursor:crosshair;touch-action:none;border:1px solid var(--theme-foreground-faint,#ccc);";
  root.append(canvas);
  const ctx = canvas.getContext("2d")!;
  let cursor = {x: Math.floor(width / 2), y: Math.floor(height / 2)};
  let focused = false;

  const extent = Math.max(Math.abs(ink), Math.abs(background), 1e-9);
  function colour(v: number): string {
    if (mode === "paint") {
      const g = Math.round(255 * Math.min(1, Math.max(0, (v - background) / (ink - background || 1))));
      return `rgb(${g},${g},${g})`;
    }
    const t = Math.min(1, Math.abs(v) / extent);
    return v > 0
      ? `rgb(${Math.round(255 - 152 * t)},${Math.round(255 - 135 * t)},255)`
      : v < 0
        ? `rgb(255,${Math.round(255 - 170 * t)},${Math.round(255 - 170 * t)})`
        : "#fff";
  }
  function draw(): void {
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        ctx.fillStyle = colour(values[y * width + x]);
        ctx.fillRect(x * cell, y * cell, cell, cell);
      }
    if (mode === "cycle") {
      ctx.strokeStyle = "rgba(0,0,0,0.15)";
      for (let i = 0; i <= width; i++) ctx.strokeRect(i * cell, 0, 0, height * cell);
      for (let i = 0; i <= height; i++) ctx.strokeRect(0, i * cell, width * cell, 0);
    }
    if (focused) {
      ctx.strokeStyle = "#e8590c";
      ctx.lineWidth = 2;
      ctx.strokeRect(cursor.x * cell + 1, cursor.y * cell + 1, cell - 2, cell - 2);
      ctx.lineWidth = 1;
    }
  }
  function emit(): void {
    root.value = Float32Array.from(values);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function set(x: number, y: number, erase: boolean): boolean {
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    const i = y * width + x;
    const next =
      mode === "cycle" && !erase ? (values[i] > 0 ? -ink : values[i] < 0 ? 0 : ink) : erase ? background : ink;
    if (values[i] === next) return false;
    values[i] = next;
    return true;
  }
  function cellAt(e: PointerEvent): {x: number; y: number} {
    const r = canvas.getBoundingClientRect();
    return {
      x: Math.floor(((e.clientX - r.left) / r.width) * width),
      y: Math.floor(((e.clientY - r.top) / r.height) * height),
    };
  }
  let drawing: {erase: boolean} | null = null;
  canvas.addEventListener("pointerdown", (e) => {
    canvas.setPointerCapture(e.pointerId);
    drawing = {erase: e.button === 2 || e.shiftKey};
    const c = cellAt(e);
    cursor = c;
    if (set(c.x, c.y, drawing.erase)) (draw(), emit());
    if (mode === "cycle") drawing = null; // one click, one step
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const c = cellAt(e);
    if (set(c.x, c.y, drawing.erase)) (draw(), emit());
  });
  canvas.addEventListener("pointerup", () => (drawing = null));
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());
  canvas.addEventListener("focus", () => ((focused = true), draw()));
  canvas.addEventListener("blur", () => ((focused = false), draw()));
  canvas.addEventListener("keydown", (e) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      cursor = {
        x: Math.min(width - 1, Math.max(0, cursor.x + dx)),
        y: Math.min(height - 1, Math.max(0, cursor.y + dy)),
      };
      draw();
    } else if (e.key === " " || e.key === "Enter" || e.key === "Backspace" || e.key === "Delete") {
      if (set(cursor.x, cursor.y, e.key === "Backspace" || e.key === "Delete")) emit();
      draw();
    } else return;
    e.preventDefault();
  });
  root.value = Float32Array.from(values);
  draw();
  return root;
}
