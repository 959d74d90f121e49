/**
 * A lint rule over the browser tests: every wait names its timeout. Vitest's `expect.poll` gives up after 1 s and
 * playwright's waits after 30 s, both too short for a busy 2-core machine running WebGPU on SwiftShader, and a
 * fixed sleep (`waitForTimeout`) is either too short there or wasted time elsewhere. So in `tests/browser/`:
 * - every `expect.poll(…)` and `….waitFor…(…)` call passes a `timeout` (the harness's `poll`, `shown`, `until`
 *   and `frames` do, with `WAIT` sizes);
 * - `waitForTimeout` is not used at all: wait for a state the page announces instead;
 * - browser contexts come from the harness's `openPage` (`newContext` is not called elsewhere), so actions that
 *   name no timeout get the harness's, not playwright's.
 */

/** One rule broken: the 1-based line, the call as written, and why it is refused. */
export interface WaitProblem {
  line: number;
  call: string;
  why: string;
}

/** The text between the parenthesis at `open` and its matching close (strings and template literals skipped). */
function argumentsAt(source: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return source.slice(open + 1, i);
  }
  return source.slice(open + 1);
}

/** Blanks out comments (keeping line breaks), so a wait mentioned in prose is not taken for a call. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/[^\n]*/g, (m, before: string) => before + " ".repeat(m.length - before.length));
}

/** Checks one file's source text against the rules above; `allowContexts` for the harness itself. */
export function checkBrowserWaits(source: string, {allowContexts = false} = {}): WaitProblem[] {
  const code = withoutComments(source);
  const problems: WaitProblem[] = [];
  const lineOf = (index: number) => code.slice(0, index).split("\n").length;
  for (const m of code.matchAll(/\b(expect\s*\.\s*poll|waitFor\w*|newContext)\s*\(/g)) {
    const name = m[1].replace(/\s+/g, "");
    const args = argumentsAt(code, m.index + m[0].length - 1);
    const call = `${name}(${args.length > 60 ? args.slice(0, 57) + "..." : args})`;
    const line = lineOf(m.index);
    if (name === "waitForTimeout")
      problems.push({line, call, why: "a fixed sleep: wait for a state the page announces"});
    else if (name === "newContext") {
      if (!allowContexts)
        problems.push({line, call, why: "open pages with the harness's openPage (its waits are sized)"});
    } else if (!/\btimeout\b/.test(args))
      problems.push({line, call, why: "no timeout: the library's default is too short"});
  }
  return problems;
}
