import {describe, expect, it} from "vitest";
import {MessageChannel} from "node:worker_threads";
import {JobClient, serveJobs, type PortLike} from "../../../src/components/core/workerProtocol.js";
import {
  BACKEND_CHOICES,
  backendDecider,
  backendHandle,
  backendLabel,
  FASTEST,
} from "../../../src/components/ui/backendChoice.js";
import {memoryKey, type AdapterSummary, type Timings} from "../../../src/components/core/backendChoice.js";

const swiftshader: AdapterSummary = {
  vendor: "google",
  architecture: "swiftshader",
  device: "",
  description: "",
  isFallback: false,
};
const gpu: AdapterSummary = {vendor: "nvidia", architecture: "hopper", device: "", description: "", isFallback: false};

/** A fake compute worker: an adapter, timings, and the backend it was last asked for. */
function fakeWorker(adapter: AdapterSummary | null, timings: Timings | Error) {
  const log: string[] = [];
  const {port1, port2} = new MessageChannel();
  serveJobs(port2 as unknown as PortLike, {
    adapter: () => adapter,
    measure: () => {
      log.push("measure");
      if (timings instanceof Error) throw timings;
      return timings;
    },
    backend: (input: {backend: "wasm" | "webgpu"}) => {
      log.push(`backend ${input.backend}`);
      return {requested: input.backend, active: input.backend, adapter: null, notice: null, threads: 1};
    },
  });
  return {client: new JobClient(port1 as unknown as PortLike), log, close: () => (port1.close(), port2.close())};
}

function storage() {
  const m = new Map<string, string>();
  return {getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m};
}

describe("backendDecider", () => {
  it("offers the measured choice first, then the two backends, with readable labels", () => {
    expect(BACKEND_CHOICES.map(backendLabel)).toEqual(["fastest here (measured)", "WebGPU", "WASM"]);
  });

  it("an explicit choice wins: no measurement", async () => {
    const w = fakeWorker(swiftshader, {wasm: 10, webgpu: 1});
    const d = backendDecider("webgpu", "analysis", {client: w.client, storage: storage()});
    const first = await d.ready;
    expect(first).toMatchObject({backend: "webgpu", how: "forced", reason: "WebGPU: chosen on the page"});
    expect(await d.settled).toBe(first);
    expect(w.log).toEqual(["backend webgpu"]);
    w.close();
  });

  it("without a memory: WASM at once, then the measured choice, remembered for the next visit", async () => {
    const w = fakeWorker(gpu, {wasm: 40, webgpu: 4});
    const s = storage();
    const seen: string[] = [];
    const d = backendDecider(FASTEST, "analysis", {client: w.client, storage: s});
    d.watch((x) => seen.push(`${x.how} ${x.backend}`));
    expect((await d.ready).how).toBe("measuring");
    expect(d.latest().backend).toBe("wasm");
    const final = await d.settled;
    expect(final).toMatchObject({backend: "webgpu", how: "measured", timings: {wasm: 40, webgpu: 4}});
    expect(final.reason).toBe("WebGPU: 4.0 ms/run vs WASM 40 ms/run on this device (measured now)");
    expect(d.latest()).toBe(final);
    expect(seen).toEqual(["measuring wasm", "measured webgpu"]);
    expect(w.log).toEqual(["backend wasm", "measure", "backend webgpu"]);
    expect(JSON.parse(s.m.get(memoryKey(gpu, "analysis"))!).backend).toBe("webgpu");

    // The next visit starts on the remembered backend and does not measure.
    const w2 = fakeWorker(gpu, new Error("must not measure"));
    const again = await backendDecider(FASTEST, "analysis", {client: w2.client, storage: s}).ready;
    expect(again).toMatchObject({backend: "webgpu", how: "remembered"});
    expect(again.reason).toMatch(/measured on an earlier visit/);
    expect(w2.log).toEqual(["backend webgpu"]);
    w.close();
    w2.close();
  });

  it("picks WASM on a software adapter and says why", async () => {
    const w = fakeWorker(swiftshader, {wasm: 5, webgpu: 1900});
    const final = await backendDecider(FASTEST, "analysis", {client: w.client, storage: storage()}).settled;
    expect(final.backend).toBe("wasm");
    expect(final.reason).toBe(
      "WASM: 5.0 ms/run vs WebGPU 1,900 ms/run on this device (measured now, swiftshader is a software adapter)",
    );
    w.close();
  });

  it("no WebGPU adapter: WASM without measuring", async () => {
    const w = fakeWorker(null, new Error("must not measure"));
    const d = await backendDecider(FASTEST, "analysis", {client: w.client, storage: storage()}).ready;
    expect(d).toMatchObject({backend: "wasm", how: "no-webgpu", reason: "WASM: WebGPU is not available here"});
    w.close();
  });

  it("a failed measurement keeps WASM, says so, and is not remembered", async () => {
    const w = fakeWorker(gpu, new Error("device lost"));
    const s = storage();
    const final = await backendDecider(FASTEST, "analysis", {client: w.client, storage: s}).settled;
    expect(final.backend).toBe("wasm");
    expect(final.reason).toBe("WASM: timing the backends failed (device lost)");
    expect(s.m.size).toBe(0);
    w.close();
  });
});

describe("backendHandle", () => {
  /** A decider that decides `backend` when `decide` is called. */
  function pending(backend: "wasm" | "webgpu") {
    let decided = false;
    let ok!: () => void;
    const ready = new Promise<void>((resolve) => (ok = resolve));
    const decide = () => ((decided = true), ok());
    // Like backendDecider's: no latest decision before it is ready.
    const latest = () => {
      if (!decided) throw new Error("no decision yet");
      return {backend} as never;
    };
    return {decide, decider: {ready, latest}} as const;
  }

  it("answers WASM until the followed decider has decided, then its pick; a newer decider takes over", async () => {
    const handle = backendHandle();
    expect(handle.get()).toBe("wasm");
    const a = pending("webgpu");
    handle.follow(a.decider as never);
    expect(handle.get()).toBe("wasm"); // not decided yet
    a.decide();
    await a.decider.ready;
    await Promise.resolve();
    expect(handle.get()).toBe("webgpu");
    const b = pending("wasm");
    handle.follow(b.decider as never);
    expect(handle.get()).toBe("wasm");
    b.decide();
    await b.decider.ready;
    await Promise.resolve();
    expect(handle.get()).toBe("wasm");
    // A late decision of the old decider changes nothing.
    const c = pending("webgpu");
    handle.follow(c.decider as never);
    const d = pending("wasm");
    handle.follow(d.decider as never);
    c.decide();
    await c.decider.ready;
    await Promise.resolve();
    expect(handle.get()).toBe("wasm"); // d has not decided: no call to its latest()
    d.decide();
    await d.decider.ready;
    await Promise.resolve();
    expect(handle.get()).toBe("wasm");
  });
});
