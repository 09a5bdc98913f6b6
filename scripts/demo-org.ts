// The demo organisation, shared by `npm run demo` and `npm run screenshot` so the README picture is the demo's sidebar.
import type { BusinessHours } from '../src/shared/dto';

/** The instant the demo runs at (the runtime's virtual clock and the sidebar's paused clock). */
export const DEMO_NOW = '2026-03-15T12:00:00.000Z';

/** The seeded fake Chatvolt organisation: about 2,000 conversations over 90 days. */
export const DEMO_ORG = { seed: 2026, conversations: 2000, days: 90, now: DEMO_NOW } as const;

const OFFICE: [string, string] = ['08:00', '18:00'];

/** The demo team works Monday to Friday, 08:00–18:00 (the settings dialog's first preset). */
export const DEMO_BUSINESS_HOURS: BusinessHours = { mon: [OFFICE], tue: [OFFICE], wed: [OFFICE], thu: [OFFICE], fri: [OFFICE], sat: [], sun: [] };
