/**
 * A value that cells can watch, set from anywhere: how a page separates a job's progress (set often) from its
 * results (set once or twice), so that charts re-draw only when the results change.
 *
 * ```js
 * const results = channel();                                  // a cell of its own, with no inputs
 * const shown = Generators.observe(results.observe);          // re-runs dependents on each `set`
 * { const run = compute.run(...); run.then((r) => results.set(r)); invalidation.then(() => compute.cancel(run.id)); }
 * ```
 */
export interface Channel<T> {
  /** The latest value, or undefined before the first `set`. */
  readonly value: T | undefined;
  set(value: T): void;
  /** For `Generators.observe`: calls `notify` with the latest value (now, if there is one) and each later one. */
  observe: (notify: (value: T) => void) => () => void;
}

/** A new {@link Channel}, optionally with a first value. */
export function channel<T>(...initial: [T] | []): Channel<T> {
  const listeners = new Set<(value: T) => void>();
  let value: T | undefined = initial[0];
  let has = initial.length > 0;
  return {
    get value() {
      return value;
    },
    set(next) {
      value = next;
      has = true;
      for (const l of listeners) l(next);
    },
    observe(notify) {
      listeners.add(notify);
      if (has) notify(value as T);
      return () => void listeners.delete(notify);
    },
  };
}

/**
 * Builds `makers`' elements into one container, one element per task (a `setTimeout` turn before each), so that
 * drawing many charts never blocks the page for long; resolves with the container once all are in. Until then the
 * page keeps showing what it showed before (nothing jumps).
 */
export async function buildInTurns(makers: (() => Node)[], {style = ""}: {style?: string} = {}): Promise<HTMLElement> {
  const el = document.createElement("div");
  el.style.cssText = style;
  // A turn before each, the first included: the cell that asks for the charts (run with the page's other cells in
  // one animation frame) does not draw any of them itself.
  for (const make of makers) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    el.append(make());
  }
  return el;
}
