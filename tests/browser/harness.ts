/**
 * Browser-test harness: serves the built `dist/` on 127.0.0.1 and drives Debian's Chromium through
 * playwright-core. Every page opened through `openPage` records console errors, page errors and failed
 * requests so a test can assert there were none. Screenshots go to `screenshots/` (git-ignored).
 */
import {createServer, type Server} from "node:http";
import {createReadStream, existsSync, mkdirSync, statSync} from "node:fs";
import {extname, join, normalize, resolve} from "node:path";
import type {AddressInfo} from "node:net";
import {chromium, type Browser, type Locator, type Page} from "playwright-core";
import {afterAll, beforeAll, expect} from "vitest";

/** Chromium flags that work on these machines (WebGPU on SwiftShader, no background network). */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--enable-unsafe-webgpu",
  "--use-webgpu-adapter=swiftshader",
  "--enable-unsafe-swiftshader",
];

/**
 * How long a browser test waits for a state the page announces (a `data-status`, a `data-step`, a rendered
 * element). Sized for a busy 2-core machine whose WebGPU is SwiftShader, a CPU emulation: tens of seconds, never a
 * library's default (vitest's `expect.poll` gives up after 1 s, playwright after 30 s). Every wait in
 * `tests/browser/` goes through the helpers below ({@link poll}, {@link shown}, {@link until}, {@link frames}) or
 * through a page opened with {@link openPage}, whose actions get {@link WAIT}.redraw; `tests/lint/browserWaits.test.ts`
 * checks that. `BN_WAIT_SCALE` multiplies every wait (e.g. 2 on a slower machine).
 */
const SCALE = Number(process.env.BN_WAIT_SCALE ?? 1) || 1;
export const WAIT = {
  /** Cells re-running after an input or a click, an element appearing: a minute. */
  redraw: 60_000 * SCALE,
  /** A page's start-up: data, ONNX Runtime, the first inference or analysis. */
  startUp: 120_000 * SCALE,
  /** A whole training run or an analysis on every layer. */
  run: 240_000 * SCALE,
} as const;

/**
 * Polls `read()` every 100 ms until the assertion chained after it holds, for at most `timeout` ms:
 * `await poll(() => status.getAttribute("data-status")).toBe("done")`.
 */
export function poll<T>(read: () => T | Promise<T>, timeout: number = WAIT.redraw) {
  return expect.poll(read, {timeout, interval: 100});
}

/** Waits until `locator` is visible (or only `attached`), for at most `timeout` ms; returns it. */
export async function shown(
  locator: Locator,
  timeout: number = WAIT.redraw,
  state: "visible" | "attached" = "visible",
): Promise<Locator> {
  await locator.waitFor({state, timeout});
  return locator;
}

/**
 * Waits until `predicate`, run in the page with `arg`, returns a truthy value (polled on animation frames), for at
 * most `timeout` ms.
 */
export async function until<A>(
  page: Page,
  predicate: string | ((arg: A) => unknown),
  arg?: A,
  timeout: number = WAIT.redraw,
): Promise<void> {
  // (Playwright types its argument as Unboxed<A>; a function or its source text both work.)
  await page.waitForFunction(predicate as string, arg, {timeout});
}

/**
 * Waits until the page has painted `count` more frames: after a scroll, intersection observers (which start the
 * sections a reader scrolls to) and the layout have run. A state of the page, not a fixed sleep.
 */
export async function frames(page: Page, count = 2): Promise<void> {
  // Source text: tools that transpile this file (tsx, for the benchmarks) may wrap functions in helpers the page lacks.
  await page.evaluate(
    `new Promise((done) => { let n = ${count}; const tick = () => (--n <= 0 ? done() : requestAnimationFrame(tick)); requestAnimationFrame(tick); })`,
  );
}

/** The built site: `dist/`, or the folder named by BN_OUTPUT (as in observablehq.config.ts). */
export const DIST = resolve(import.meta.dirname, "../..", process.env.BN_OUTPUT ?? "dist");
export const SCREENSHOTS = resolve(import.meta.dirname, "../../screenshots");

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".onnx": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A plain static file server over `root`, like any static host: `/x` serves `x.html` when it exists. */
export async function serveStatic(
  root: string = DIST,
  {crossOriginIsolated = false, precompressed = false}: {crossOriginIsolated?: boolean; precompressed?: boolean} = {},
): Promise<{url: string; close: () => Promise<void>; server: Server}> {
  if (!existsSync(root)) throw new Error(`serveStatic: ${root} does not exist; run \`npm run build\` first`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    else if (!existsSync(file) && existsSync(file + ".html")) file += ".html";
    if (!existsSync(file)) return void res.writeHead(404).end("not found");
    const headers: Record<string, string> = {"content-type": MIME[extname(file)] ?? "application/octet-stream"};
    if (crossOriginIsolated) {
      headers["cross-origin-opener-policy"] = "same-origin";
      headers["cross-origin-embedder-policy"] = "require-corp";
    }
    // As hosts that serve precompressed siblings do (nginx gzip_static/brotli_static): the .br or .gz file the
    // browser accepts, with its Content-Encoding.
    const accepts = String(req.headers["accept-encoding"] ?? "");
    const encoding = !precompressed
      ? null
      : (["br", "gzip"] as const).find(
          (e) => accepts.includes(e) && existsSync(`${file}.${e === "gzip" ? "gz" : "br"}`),
        );
    if (encoding) {
      headers["content-encoding"] = encoding;
      file = `${file}.${encoding === "gzip" ? "gz" : "br"}`;
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const {port} = server.address() as AddressInfo;
  return {url: `http://127.0.0.1:${port}`, server, close: () => new Promise((ok) => server.close(() => ok()))};
}

/** Launches headless Debian Chromium with the flags above. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
}

/** The served site and browser of a test file, from {@link useSite}. */
export interface Site {
  /** Base URL of the served site (no trailing slash). */
  url(): string;
  /** The shared browser. */
  browser(): Browser;
}

/**
 * Serves the built site and launches one browser for the whole test file: registers vitest `beforeAll` and
 * `afterAll` hooks (call it at the top level of the file or of a `describe`), closing both afterwards. Hooks
 * the file registers after this call run once the site is up (e.g. to open the page every test shares).
 */
export function useSite({
  extraArgs = [],
  crossOriginIsolated = false,
}: {extraArgs?: string[]; crossOriginIsolated?: boolean} = {}): Site {
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveStatic(DIST, {crossOriginIsolated});
    browser = await launchBrowser(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useSite: ${what} is not ready (use it inside a test or a later hook)`);
    return value;
  };
  return {url: () => ready(server, "the server").url, browser: () => ready(browser, "the browser")};
}

/** What went wrong while a page was open. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
}

/**
 * Opens `url` in a fresh context and records every console error, uncaught error and failed request. `init` runs
 * in the page before any of its scripts (e.g. to stub an API). Every action and wait in that context that names
 * no timeout gets {@link WAIT}.redraw.
 */
export async function openPage(
  browser: Browser,
  url: string,
  {width = 1200, height = 900, init}: {width?: number; height?: number; init?: () => void} = {},
): Promise<{page: Page; problems: PageProblems}> {
  const context = await browser.newContext({viewport: {width, height}});
  context.setDefaultTimeout(WAIT.redraw);
  context.setDefaultNavigationTimeout(WAIT.startUp);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems: PageProblems = {consoleErrors: [], pageErrors: [], failedRequests: []};
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => problems.pageErrors.push(String(err)));
  page.on("requestfailed", (req) => problems.failedRequests.push(`${req.url()} ${req.failure()?.errorText ?? ""}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.url()} HTTP ${res.status()}`);
  });
  await page.goto(url, {waitUntil: "load"});
  return {page, problems};
}

/**
 * Saves a screenshot as `screenshots/<name>.png` and returns its path: the full page when run by hand, only the
 * viewport in CI (CI=true), where nobody looks at it and a full-page capture of a long page costs seconds.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, {recursive: true});
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({path, fullPage: !process.env.CI});
  return path;
}

/** Observable Framework shows cell errors as `.observablehq--error`; returns their text. */
export async function cellErrors(page: Page): Promise<string[]> {
  return page.locator(".observablehq--error").allInnerTexts();
}

/**
 * Scrolls `text` into view the way a reader would reach it: once the page has started (its backend badge shows),
 * so that the content drawn above it on start-up no longer moves it. Sections that start when scrolled to then start.
 */
export async function scrollToText(page: Page, text: string): Promise<void> {
  await shown(page.locator(".backend-badge").first(), WAIT.startUp);
  await frames(page, 2);
  await page.getByText(text).filter({visible: true}).first().scrollIntoViewIfNeeded({timeout: WAIT.redraw});
}
