import {describe, expect, it} from "vitest";
import {adam, mlp, sgd} from "@brain-nets/models";
import {evaluateAtCheckpoints, trainStepSpec} from "../../../src/components/training/liveTraining.js";
import type {TrainerSnapshot, TrainerStatus} from "../../../src/components/training/trainer.js";

describe("trainStepSpec", () => {
  const model = mlp({inputSize: 3, hidden: [], outputSize: 2});
  const weights = model.initWeights(5);

  it("carries every parameter from its input to its .next output, starting at the given weights", () => {
    const {spec} = trainStepSpec(model.trainStepGraph({optimizer: sgd({lr: 0.1})}), weights);
    expect(spec.carried.map((c) => [c.input, c.output, [...c.dims]])).toEqual([
      ["param.fc1.weight", "param.fc1.weight.next", [2, 3]],
      ["param.fc1.bias", "param.fc1.bias.next", [2]],
    ]);
    expect(Array.from(spec.carried[0].init)).toEqual(Array.from(weights["fc1.weight"]));
    expect(spec.loss).toBe("loss");
  });

  it("carries Adam's moments too, starting at zero, and feeds the step's learning rate", () => {
    const {spec, hyper} = trainStepSpec(model.trainStepGraph({optimizer: adam({lr: 0.003})}), weights);
    const state = spec.carried.filter((c) => c.input.startsWith("state."));
    expect(state.length).toBeGreaterThan(0);
    for (const c of state) expect(c.output).toBe(`${c.input}.next`);
    expect(hyper["hyper.lr"].dims).toEqual([]);
    expect(hyper["hyper.lr"].data[0]).toBeCloseTo(0.003, 9);
  });
});

describe("evaluateAtCheckpoints", () => {
  /** A stand-in trainer: snapshots are pushed by the test. */
  function fakeTrainer() {
    let listener: (s: TrainerSnapshot) => void = () => {};
    return {
      subscribe(l: (s: TrainerSnapshot) => void) {
        listener = l;
        return () => void (listener = () => {});
      },
      emit(status: TrainerStatus, step: number, checkpointStep: number) {
        listener({status, step, checkpointStep, losses: [], message: null});
      },
    };
  }

  it("evaluates at 0, at each new checkpoint, where training pauses, and again from 0 after a reset", async () => {
    const trainer = fakeTrainer();
    const evaluated: number[] = [];
    const {settled} = evaluateAtCheckpoints(
      trainer,
      async (s) => void evaluated.push(s),
      () => {},
    );
    trainer.emit("running", 10, 10);
    trainer.emit("running", 15, 10); // no new checkpoint
    trainer.emit("paused", 17, 10);
    trainer.emit("paused", 17, 17); // nothing new
    trainer.emit("idle", 0, 0); // reset
    await settled();
    expect(evaluated).toEqual([0, 10, 17, 0]);
  });

  it("never runs two evaluations at once and notifies after each", async () => {
    const trainer = fakeTrainer();
    let running = 0,
      most = 0;
    const log: string[] = [];
    const evaluate = async (s: number) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`eval ${s}`);
      running--;
    };
    const {settled} = evaluateAtCheckpoints(trainer, evaluate, () => log.push("notify"));
    trainer.emit("running", 10, 10);
    trainer.emit("running", 20, 20);
    await settled();
    expect(most).toBe(1);
    expect(log).toEqual(["eval 0", "notify", "eval 10", "notify", "eval 20", "notify"]);
  });

  it("stops evaluating after unsubscribe", async () => {
    const trainer = fakeTrainer();
    const evaluated: number[] = [];
    const {settled, unsubscribe} = evaluateAtCheckpoints(
      trainer,
      async (s) => void evaluated.push(s),
      () => {},
    );
    unsubscribe();
    trainer.emit("running", 10, 10);
    await settled();
    expect(evaluated).toEqual([0]);
  });
});
