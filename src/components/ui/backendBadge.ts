/**
 * The element that says which backend runs a page's networks (and why it is not the one asked for, when it fell
 * back). It knows the state's shape (a type from runtime/), not ONNX Runtime.
 */
import type {BackendState} from "../runtime/runtime.js";

/** Names a backend state for people: "WebGPU (SwiftShader, google)" or "WASM (CPU)". */
export function describeBackend(s: BackendState): string {
  if (s.active === "wasm") return `WASM (CPU, ${s.threads} thread${s.threads === 1 ? "" : "s"})`;
  const a = s.adapter;
  const detail = [a?.description || a?.device || a?.architecture, a?.vendor].filter(Boolean).join(", ");
  return `WebGPU${detail ? ` (${detail})` : ""}`;
}

/**
 * A small element showing which backend runs and, when it fell back, why. `why` is how it was chosen (e.g. the
 * measurement: "WASM: 19 ms/run vs WebGPU 2,200 ms/run on this device"). Pages re-render it on change.
 */
export function backendBadge(s: BackendState, {why}: {why?: string} = {}): HTMLElement {
  const el = document.createElement("div");
  el.className = "backend-badge";
  el.dataset.backend = s.active;
  el.style.cssText = "display:inline-flex;flex-direction:column;gap:2px;font:13px var(--sans-serif);";
  const line = document.createElement("span");
  line.innerHTML = `Backend: <strong></strong>`;
  line.querySelector("strong")!.textContent = describeBackend(s);
  el.append(line);
  if (why) {
    const w = document.createElement("span");
    w.className = "backend-why";
    w.style.cssText = "color:var(--theme-foreground-muted);";
    w.textContent = why;
    el.append(w);
  }
  if (s.notice) {
    const n = document.createElement("span");
    n.className = "backend-notice";
    n.setAttribute("role", "status");
    n.style.cssText = "color:#b45309;";
    n.textContent = `⚠ ${s.notice}`;
    el.append(n);
  }
  return el;
}
