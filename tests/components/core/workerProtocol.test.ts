import {describe, expect, it} from "vitest";
import {MessageChannel} from "node:worker_threads";
import {
  Cancelled,
  JobClient,
  isCancelled,
  serveJobs,
  type Job,
  type JobContext,
  type PortLike,
} from "../../../src/components/core/workerProtocol.js";

/** A client and a server joined by a real MessageChannel (structured clone and transfer as in a browser). */
function pair(jobs: Record<string, Job>, options?: {slice?: number}) {
  const {port1, port2} = new MessageChannel();
  serveJobs(port2 as unknown as PortLike, jobs, options);
  const client = new JobClient(port1 as unknown as PortLike);
  const close = () => (port1.close(), port2.close());
  return {client, close};
}

/** A job that counts in steps with a checkpoint after each, and records how far it got. */
function counter(progress: {steps: number; stoppedBy?: string}) {
  return async (input: {steps: number}, ctx: JobContext) => {
    try {
      for (let s = 0; s < input.steps; s++) {
        const t = Date.now();
        while (Date.now() - t < 2); // ~2 ms of work
        progress.steps = s + 1;
        await ctx.checkpoint();
      }
      return progress.steps;
    } catch (e) {
      progress.stoppedBy = (e as Error).name;
      throw e;
    }
  };
}

describe("worker protocol", () => {
  it("returns a job's result and delivers its updates, in order, before it", async () => {
    const seen: number[] = [];
    const {client, close} = pair({
      squares: async (input: {n: number}, ctx: JobContext) => {
        for (let i = 1; i <= input.n; i++) ctx.update(i * i);
        return "done";
      },
    });
    const result = await client.run("squares", {n: 4}, {onUpdate: (v: number) => seen.push(v)});
    expect(result).toBe("done");
    expect(seen).toEqual([1, 4, 9, 16]);
    expect(client.inFlight).toBe(0);
    close();
  });

  it("moves listed buffers instead of copying them, both ways", async () => {
    let kept: Float32Array | null = null;
    const {client, close} = pair({
      double: (input: {x: Float32Array}, ctx: JobContext) => {
        const y = input.x.map((v) => 2 * v);
        kept = y;
        ctx.transferResult([y.buffer]);
        return {y, received: input.x.length};
      },
    });
    const x = Float32Array.of(1, 2, 3);
    const out = await client.run<{y: Float32Array; received: number}>("double", {x}, {transfer: [x.buffer]});
    expect(Array.from(out.y)).toEqual([2, 4, 6]);
    expect(out.received).toBe(3);
    expect(x.byteLength).toBe(0); // detached in the sender: moved, not copied
    expect(kept!.byteLength).toBe(0); // and the result moved out of the worker
    close();
  });

  it("moves a buffer shared by several arrays once", async () => {
    const {client, close} = pair({
      halves: (input: {n: number}, ctx: JobContext) => {
        const all = new Float64Array(input.n);
        all.fill(7);
        const parts = [all.subarray(0, input.n / 2), all.subarray(input.n / 2)];
        ctx.transferResult(parts.map((p) => p.buffer));
        return parts;
      },
    });
    const parts = await client.run<Float64Array[]>("halves", {n: 4});
    expect(parts.map((p) => Array.from(p))).toEqual([
      [7, 7],
      [7, 7],
    ]);
    close();
  });

  it("copies what is not listed", async () => {
    const {client, close} = pair({echo: (input: {x: Float64Array}) => input.x});
    const x = Float64Array.of(0.5, 1.5);
    const y = await client.run<Float64Array>("echo", {x});
    expect(Array.from(y)).toEqual([0.5, 1.5]);
    expect(x.byteLength).toBe(16);
    close();
  });

  it("re-throws a job's error in the page with its name and message", async () => {
    const {client, close} = pair({
      bad: () => {
        throw new RangeError("bin width must be positive, got -5");
      },
    });
    const error = await client.run("bad", {}).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("RangeError");
    expect((error as Error).message).toBe("bin width must be positive, got -5");
    close();
  });

  it("names the known jobs when asked for an unknown one", async () => {
    const {client, close} = pair({a: () => 1, b: () => 2});
    await expect(client.run("c", {})).rejects.toThrow('unknown job "c" (known: a, b)');
    close();
  });

  it("cancel rejects at once and stops the job at its next checkpoint", async () => {
    const progress = {steps: 0} as {steps: number; stoppedBy?: string};
    const {client, close} = pair({count: counter(progress)}, {slice: 0});
    const run = client.run("count", {steps: 10_000});
    await new Promise((r) => setTimeout(r, 30));
    client.cancel(run.id);
    const error = await run.catch((e) => e);
    expect(isCancelled(error)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    const at = progress.steps;
    expect(progress.stoppedBy).toBe("Cancelled");
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(progress.steps).toBe(at); // it did not go on
    close();
  });

  it("replace: three quick requests end with the last one's result only", async () => {
    const runs: {steps: number; stoppedBy?: string}[] = [];
    const {client, close} = pair(
      {
        count: async (input: {steps: number; tag: string}, ctx: JobContext) => {
          const p = {steps: 0} as {steps: number; stoppedBy?: string};
          runs.push(p);
          await counter(p)(input, ctx);
          return input.tag;
        },
      },
      {slice: 0},
    );
    const updates: string[] = [];
    const settled = ["first", "second", "third"].map((tag) =>
      client.run("count", {steps: 20, tag}, {replace: "slider", onUpdate: (v: string) => updates.push(v)}).then(
        (v) => `resolved ${v}`,
        (e) => (isCancelled(e) ? "cancelled" : `failed ${e}`),
      ),
    );
    expect(await Promise.all(settled)).toEqual(["cancelled", "cancelled", "resolved third"]);
    expect(runs).toHaveLength(3);
    expect(runs[0].stoppedBy).toBe("Cancelled");
    expect(runs[1].stoppedBy).toBe("Cancelled");
    expect(runs[0].steps).toBeLessThan(20);
    expect(runs[2].steps).toBe(20);
    await new Promise((r) => setTimeout(r, 30)); // the worker's "stopped" replies arrive after the cancels
    expect(client.stats.count).toEqual({
      started: 3,
      done: 1,
      failed: 0,
      cancelled: 2,
      stopped: 2,
      finishedAfterCancel: 0,
    });
    close();
  });

  it("a failed worker rejects pending and later jobs with its error", async () => {
    const {client, close} = pair({never: () => new Promise(() => {})});
    const pending = client.run("never", {});
    client.fail(new Error("The compute worker failed to start"));
    await expect(pending).rejects.toThrow("failed to start");
    await expect(client.run("never", {})).rejects.toThrow("failed to start");
    close();
  });

  it("Cancelled is recognised by name (errors cross the worker boundary as name and message)", () => {
    expect(isCancelled(new Cancelled())).toBe(true);
    expect(isCancelled({name: "Cancelled", message: ""})).toBe(true);
    expect(isCancelled(new Error("x"))).toBe(false);
    expect(isCancelled(null)).toBe(false);
  });
});
