// Unit tests of the fake's socket-free pieces: filter date parsing.
import { describe, expect, it } from 'vitest';
import { parseFilterDate } from './server-state';

describe('parseFilterDate', () => {
  it('reads a bare date as UTC midnight', () => {
    expect(parseFilterDate('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
  });

  it('reads "YYYY-MM-DD HH:mm:ss" as UTC', () => {
    expect(parseFilterDate('2026-03-01 10:20:30')).toBe(Date.UTC(2026, 2, 1, 10, 20, 30));
  });

  it('honours an ISO offset and treats a zone-less ISO time as UTC', () => {
    expect(parseFilterDate('2026-03-01T10:20:30-03:00')).toBe(Date.UTC(2026, 2, 1, 13, 20, 30));
    expect(parseFilterDate('2026-03-01T10:20:30.250Z')).toBe(Date.UTC(2026, 2, 1, 10, 20, 30, 250));
    expect(parseFilterDate('2026-03-01T10:20:30')).toBe(Date.UTC(2026, 2, 1, 10, 20, 30));
  });

  it('rejects anything else', () => {
    expect(parseFilterDate('ontem')).toBeNaN();
    expect(parseFilterDate('01/03/2026')).toBeNaN();
    // An unencoded "+" arrives as a space, as with Chatvolt's query parser.
    expect(parseFilterDate('2026-03-01T10:20:30 03:00')).toBeNaN();
  });
});
