// Erlang C's handling time from real operator work (metrics.md §7), by hand.
import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDLING_SECONDS, observedHandling } from '../../../src/server/domain/forecast/forecast';
import { readConversationTable } from '../../../src/server/domain/metrics/conversation-table';
import { sheetValues } from '../metrics/sheet-rows';

const records = (handling: Array<number | ''>, extra: Record<string, unknown> = {}) =>
  readConversationTable(sheetValues(handling.map((h, i) => ({ conversation_id: `c${i}`, operator_handling_time: h, ...extra }))), 'UTC').records;

describe('observedHandling', () => {
  it('is the median operator handling time, leaving out single-message zeros and blanks', () => {
    // 2.5, 4, 10 minutes → median 4 min = 240 s.
    expect(observedHandling(records([0, 4, 10, 2.5, '']))).toEqual({ handlingSeconds: 240, handlingSource: 'measured', handlingSamples: 3 });
    // Even count: (4 + 6) / 2 = 5 min.
    expect(observedHandling(records([4, 6]))).toEqual({ handlingSeconds: 300, handlingSource: 'measured', handlingSamples: 2 });
  });

  it('no longer reads creation → resolution: escalated resolved rows without operator work fall back to the default', () => {
    const escalated = records(['', ''], { resolved: true, escalated_to_human: true, resolution_time: 90 });
    expect(observedHandling(escalated)).toEqual({ handlingSeconds: DEFAULT_HANDLING_SECONDS, handlingSource: 'default', handlingSamples: 0 });
  });
});
