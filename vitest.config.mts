// Test runner: unit tests, tests of the local Apps Script runtime, bundle tests and browser tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: the local UrlFetchApp blocks with Atomics.wait and the fake server has its own worker.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
