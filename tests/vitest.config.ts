import {resolve} from "node:path";
import {defineConfig} from "vitest/config";

// Paths below are relative to the repository root, one folder up from this file.
const root = resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  test: {
    root,
    projects: [
      {
        test: {
          root,
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/browser/**", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          root,
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
