// Utilities.formatDate in the local runtime: Java patterns, time zones and DST changes.
import { describe, expect, it } from 'vitest';
import { errorOf, runtimeWithScript, valueOf } from './fixture';

const CODE = `
function fmt(iso, tz, pattern) { return Utilities.formatDate(new Date(iso), tz, pattern); }
`;

describe('Utilities.formatDate', () => {
  const rt = runtimeWithScript(CODE);
  it('renders the wall time of the given zone', () => {
    expect(valueOf(rt, 'fmt', '2026-03-15T12:34:56.789Z', 'America/Sao_Paulo', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2026-03-15 09:34:56.789');
    expect(valueOf(rt, 'fmt', '2026-03-15T02:00:00Z', 'America/Sao_Paulo', 'yyyy-MM-dd')).toBe('2026-03-14');
    expect(valueOf(rt, 'fmt', '2026-03-15T12:00:00Z', 'Asia/Kolkata', "HH:mm XXX Z")).toBe('17:30 +05:30 +0530');
  });
  it('follows America/New_York across the 2026-03-08 DST change', () => {
    // 06:59Z is 01:59 EST (-05:00); 07:00Z is 03:00 EDT (-04:00): 02:xx never happens that night.
    expect(valueOf(rt, 'fmt', '2026-03-08T06:59:00Z', 'America/New_York', 'yyyy-MM-dd HH:mm XXX')).toBe('2026-03-08 01:59 -05:00');
    expect(valueOf(rt, 'fmt', '2026-03-08T07:00:00Z', 'America/New_York', 'yyyy-MM-dd HH:mm XXX')).toBe('2026-03-08 03:00 -04:00');
  });
  it('supports names of days and months, 12-hour clocks, UTC X and quoted literals', () => {
    expect(valueOf(rt, 'fmt', '2026-03-15T15:05:00Z', 'UTC', "EEE, d MMM yyyy h:mm a 'às' EEEE MMMM XXX")).toBe(
      'Sun, 15 Mar 2026 3:05 PM às Sunday March Z',
    );
    expect(valueOf(rt, 'fmt', '2026-03-15T15:05:00Z', 'UTC', "''yy''")).toBe("'26'");
  });
  it('rejects an unknown pattern letter', () => {
    expect(errorOf(rt, 'fmt', '2026-03-15T15:05:00Z', 'UTC', 'yyyy-qq')).toBe('Invalid argument: yyyy-qq');
  });
});
