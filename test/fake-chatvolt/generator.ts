// Seeded generator of a realistic Chatvolt organisation (work in progress: empty organisation for now).
import type { FakeOptions, FakeOrganisation } from './types';

/** Generates the organisation for `options` (deterministic for a seed). */
export function generateOrganisation(_options: FakeOptions = {}): FakeOrganisation {
  return { conversations: [], messages: {} };
}
