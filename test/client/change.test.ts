// Unit tests of the KPI change against the previous period.
import { describe, expect, it } from 'vitest';
import { kpiChange } from '../../src/client/lib/change';

describe('kpiChange', () => {
  it('writes a rate change in percentage points, better when a higher rate is good news', () => {
    expect(kpiChange(0.8, 0.75, 'rate', 'higherIsBetter')).toEqual({ arrow: '↑', text: '5,0 p.p.', tone: 'better' });
    expect(kpiChange(0.7, 0.75, 'rate', 'higherIsBetter')).toEqual({ arrow: '↓', text: '5,0 p.p.', tone: 'worse' });
  });
  it('calls a rise worse when lower is better (escalation, first response)', () => {
    expect(kpiChange(0.3, 0.2, 'rate', 'lowerIsBetter')).toEqual({ arrow: '↑', text: '10,0 p.p.', tone: 'worse' });
    expect(kpiChange(60, 150, 'seconds', 'lowerIsBetter')).toEqual({ arrow: '↓', text: '1 min 30 s', tone: 'better' });
    expect(kpiChange(30, 10, 'minutes', 'lowerIsBetter')).toEqual({ arrow: '↑', text: '20 min', tone: 'worse' });
  });
  it('gives volume a neutral tone either way', () => {
    expect(kpiChange(120, 100, 'count', 'neutral')).toEqual({ arrow: '↑', text: '20', tone: 'neutral' });
  });
  it('shows no change with a flat arrow, including differences that round to zero', () => {
    expect(kpiChange(5, 5, 'count', 'lowerIsBetter')).toEqual({ arrow: '→', text: '0', tone: 'neutral' });
    expect(kpiChange(0.5, 0.50001, 'rate', 'higherIsBetter')).toEqual({ arrow: '→', text: '0,0 p.p.', tone: 'neutral' });
  });
  it('writes a score change with one decimal', () => {
    expect(kpiChange(4.5, 4.2, 'score', 'higherIsBetter')).toEqual({ arrow: '↑', text: '0,3', tone: 'better' });
  });
  it('shows a dash when either side is missing', () => {
    expect(kpiChange(null, 0.5, 'rate', 'higherIsBetter')).toEqual({ arrow: '', text: '—', tone: 'unknown' });
    expect(kpiChange(0.5, null, 'rate', 'higherIsBetter')).toEqual({ arrow: '', text: '—', tone: 'unknown' });
  });
});
