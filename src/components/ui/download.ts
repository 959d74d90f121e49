/**
 * Downloads with visible progress, for artifacts big enough to keep a reader waiting (the V1 responses are 34 MB):
 * a one-line progress bar that turns into a short "loaded" note, so the page does not jump when it finishes. And
 * the other way, {@link saveFile}: bytes made in the page saved as a file.
 */

/** A download in progress: the element to display and the bytes to await. */
export interface Download {
  /** A line with a <progress> bar and the bytes loaded so far. */
  element: HTMLElement;
  /** The downloaded bytes; rejects (and the element says why) when the request fails. */
  buffer: Promise<ArrayBuffer>;
}

const MB = 2 ** 20;

/** Fetches `url`, reporting progress in {@link Download.element}. `label` names what is loading. */
export function downloadWithProgress(url: string, {label = "data"}: {label?: string} = {}): Download {
  const element = document.createElement("div");
  element.className = "download-progress";
  element.style.cssText =
    "display:flex;gap:0.6em;align-items:center;min-height:1.6em;font:13px var(--sans-serif, sans-serif);color:var(--theme-foreground-muted, #666)";
  const bar = document.createElement("progress");
  bar.style.width = "12em";
  const text = document.createElement("span");
  text.textContent = `Loading ${label}…`;
  element.append(bar, text);
  const t0 = performance.now();
  const buffer = (async () => {
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${label}: HTTP ${response.status} for ${url}`);
    const total = Number(response.headers.get("content-length")) || 0;
    if (total) bar.max = total;
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    const reader = response.body.getReader();
    for (;;) {
      const {done, value} = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      if (total) bar.value = loaded;
      text.textContent = `Loading ${label}: ${(loaded / MB).toFixed(1)}${total ? ` of ${(total / MB).toFixed(1)}` : ""} MB…`;
    }
    const bytes = new Uint8Array(loaded);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    bar.max = 1;
    bar.value = 1;
    text.textContent = `Loaded ${label}: ${(loaded / MB).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
    return bytes.buffer;
  })();
  buffer.catch((e: Error) => {
    bar.remove();
    text.textContent = `Could not load ${label}: ${e.message}`;
    text.setAttribute("role", "alert");
  });
  return {element, buffer};
}

/** Saves `bytes` as a file named `filename` through the browser's download (nothing leaves the machine). */
export function saveFile(bytes: Uint8Array, filename: string, type = "application/octet-stream"): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], {type}));
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
