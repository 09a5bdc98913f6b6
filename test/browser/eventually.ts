// expect.poll with a patient timeout: the browser tests share two cores with every other test file in CI.
import { expect } from 'vitest';

/** Polls `read` until the chained matcher passes, for up to 20 s (vitest's default of 1 s flakes under load). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 20_000, interval: 100 });
}
