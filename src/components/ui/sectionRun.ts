/**
 * The life of a page section that computes in the background: it says it is waiting, starts only once every
 * precondition has resolved (the backend is ready, the reader has scrolled to it), streams its state to the page,
 * and stops quietly when the page re-runs it with new settings. Pages wrap it in Framework's
 * `Generators.observe((notify) => sectionRun(notify, …))`.
 */

/** The stop flag a section's work checks as it goes. */
export type Stopped = () => boolean;

/**
 * Notifies `waiting`, awaits `after` in order, then runs `work` (which notifies its own progress and results).
 * A failure notifies `failed(message)`, except when the section was stopped, since a superseded run is rejected on
 * purpose (e.g. its visibility() wait). Returns the function that stops it.
 */
export function sectionRun<S>(
  notify: (state: S) => void,
  {waiting, after = [], failed}: {waiting: S; after?: readonly unknown[]; failed: (message: string) => S},
  work: (stopped: Stopped) => Promise<void>,
): () => void {
  let stopped = false;
  notify(waiting);
  (async () => {
    for (const precondition of after) await precondition;
    if (!stopped) await work(() => stopped);
  })().catch((e: unknown) => {
    if (!stopped) notify(failed(`Training failed: ${(e as Error)?.message ?? e}`));
  });
  return () => void (stopped = true);
}

/**
 * Resolves once the reader has reached `element`: it is in view, or above the view because the reader scrolled or
 * jumped past it. (Framework's `visibility()` waits for the element itself to be seen, so a section whose marker a
 * reader skipped over, e.g. by following a link to a chart further down, would never start.) Pages pass a marker
 * they display where the section begins: `reached(display(document.createElement("span")))`.
 */
export function reached(element: Element): Promise<void> {
  return new Promise((resolve) => {
    // The viewport extended far upwards: anything in view or above it intersects.
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      {rootMargin: "1000000px 0px 0px 0px"},
    );
    observer.observe(element);
  });
}
