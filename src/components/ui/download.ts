/**
 * Downloads with visible progress, for artifacts big enough to keep a reader waiting (the V1 responses, 8.5 MB):
 * a one-line progress bar that turns into a short "loaded" note, so the page does not jump when it finishes. And
 * the other way, {@link saveFile}: bytes made in the page saved as a file.
 */
import type {JobClient} from "../core/workerProtocol.js";
import type {V1Meta} from "../runtime/computeJobs.js";
import {readV1, type V1Dataset} from "../core/v1.js";

/** A download in progress: the element to display and the bytes to await. */
export interface Download {
  /** A line with a <progress> bar and the bytes loaded so far. */
  element: HTMLElement;
  /** The downloaded bytes; rejects (and the element says why) when the request fails. */
  buffer: Promise<ArrayBuffer>;
}

const MB = 2 ** 20;

/** The browser cache (Cache API) the site keeps its big data artifacts in, across pages and visits. */
export const ARTIFACT_CACHE = "brain-nets-artifacts";

/** A file name without Framework's content hash (`v1-responses.5a6b7c8d.arrow` → `v1-responses.arrow`). */
export function unhashed(url: string): string {
  const path = new URL(url, "http://x").pathname;
  return path.replace(/\.[0-9a-f]{8}(\.[^./]+)$/, "$1");
}

/**
 * The cached bytes of `url` in {@link ARTIFACT_CACHE}, or null (no Cache API, e.g. an insecure origin, or a miss).
 * Framework names built files by their content hash, so a URL's bytes never change and a hit is always current.
 */
async function fromCache(url: string): Promise<ArrayBuffer | null> {
  try {
    const hit = await (await globalThis.caches?.open(ARTIFACT_CACHE))?.match(url);
    return hit ? await hit.arrayBuffer() : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `bytes` for `url`, and drops older versions of the same file (other hashes). Never fails the download.
 * The Response copies the bytes before the first `await`, so the caller may hand the buffer on (e.g. move it to
 * the compute worker) as soon as this returns.
 */
async function keep(url: string, bytes: Uint8Array, type: string | null): Promise<void> {
  let body: Response;
  try {
    body = new Response(bytes as BlobPart, {headers: type ? {"content-type": type} : {}});
  } catch {
    return;
  }
  try {
    const cache = await globalThis.caches?.open(ARTIFACT_CACHE);
    if (!cache) return;
    const absolute = new URL(url, globalThis.location?.href).href;
    for (const old of await cache.keys())
      if (old.url !== absolute && unhashed(old.url) === unhashed(absolute)) await cache.delete(old);
    await cache.put(url, body);
  } catch {
    // Quota, private browsing: the page works without the cache.
  }
}

/**
 * Fetches `url`, reporting progress in {@link Download.element}. `label` names what is loading. With `cache`, the
 * bytes are kept in the browser ({@link ARTIFACT_CACHE}) and later pages and visits read them from there instead of
 * the network: one download per dataset per reader.
 */
export function downloadWithProgress(
  url: string,
  {label = "data", cache = false}: {label?: string; cache?: boolean} = {},
): Download {
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
    const cached = cache ? await fromCache(url) : null;
    if (cached) {
      bar.max = bar.value = 1;
      text.textContent = `Loaded ${label} from this browser's cache: ${(cached.byteLength / MB).toFixed(1)} MB.`;
      return cached;
    }
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${label}: HTTP ${response.status} for ${url}`);
    // A compressed response states its compressed length, while the stream gives the decoded bytes.
    const total = response.headers.get("content-encoding") ? 0 : Number(response.headers.get("content-length")) || 0;
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
    // Kept in the background: the page should not wait for the cache write before drawing.
    if (cache) void keep(url, bytes, response.headers.get("content-type"));
    return bytes.buffer;
  })();
  buffer.catch((e: Error) => {
    bar.remove();
    text.textContent = `Could not load ${label}: ${e.message}`;
    text.setAttribute("role", "alert");
  });
  return {element, buffer};
}

/**
 * The bytes of a built file (`FileAttachment(...).href`), from the browser's cache ({@link ARTIFACT_CACHE}) when an
 * earlier page or visit fetched them, else from the network (and then kept): for the artifacts several pages share
 * (the V1 neuron table and Gram matrix, the network layers' Gram matrices).
 */
export async function fetchCached(url: string): Promise<ArrayBuffer> {
  const cached = await fromCache(url);
  if (cached) return cached;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  void keep(url, bytes, response.headers.get("content-type"));
  return bytes.buffer;
}

/**
 * The V1 responses every V1 page loads (`FileAttachment("data/v1-responses.arrow").href`): shown with a progress line
 * (handed to the cell's `display`), kept in the browser's cache for the other pages and later visits, decoded once.
 */
export async function loadV1Responses(href: string, display: (element: HTMLElement) => unknown): Promise<V1Dataset> {
  const download = downloadWithProgress(href, {label: "the V1 responses", cache: true});
  display(download.element);
  return readV1(await download.buffer);
}

/**
 * The V1 responses for a page whose analyses run in the compute worker: downloaded as {@link loadV1Responses}
 * does, then moved (not copied) to the worker, which decodes and keeps them; the page gets what it draws with.
 */
export async function loadV1InWorker(
  client: JobClient,
  href: string,
  display: (element: HTMLElement) => unknown,
): Promise<V1Meta> {
  const download = downloadWithProgress(href, {label: "the V1 responses", cache: true});
  display(download.element);
  return sendBytes<V1Meta>(client, "v1", await download.buffer);
}

/** Runs `job` on `{bytes}`, moving the buffer to the worker. */
export function sendBytes<T>(client: JobClient, job: string, bytes: ArrayBuffer): Promise<T> {
  return client.run<T>(job, {bytes}, {transfer: [bytes]});
}

/** Saves `bytes` as a file named `filename` through the browser's download (nothing leaves the machine). */
export function saveFile(bytes: Uint8Array, filename: string, type = "application/octet-stream"): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], {type}));
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
