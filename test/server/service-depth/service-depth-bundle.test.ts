// Service depth end to end through the built bundle: sync from the fake Chatvolt → Conversas columns → getDashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../../src/shared/dto';
import type { CellValue } from '../../runtime/index';
import { rowsOf, syncUntilComplete, world, type SyncWorld } from '../../sync/harness';

const ALL_DAY = { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] };
const OFFICE = { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']], sat: [], sun: [] };
const CLOSED = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const BUSINESS = ['first_response_business_time', 'first_human_response_business_time', 'resolution_business_time', 'created_in_business_hours'];
const DAY = 86_400_000;

let w: SyncWorld;
beforeAll(async () => {
  w = await world({ seed: 1313, conversations: 160, days: 40 });
});
afterAll(async () => {
  await w.close();
});

const blankToNull = (cell: CellValue | undefined) => (cell === '' || cell === undefined ? null : cell);
const ms = (cell: CellValue | undefined) => (cell instanceof Date ? cell.getTime() : null);
function save(patch: Record<string, unknown>) {
  const result = w.rt.run('saveSettings', [patch]);
  if (!result.ok) throw new Error(result.error.message);
}
/** Weekday (0 = Monday) and hour of an instant in São Paulo, read with Intl: an oracle independent of the add-on. */
function saoPaulo(date: Date): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', weekday: 'short', hour: 'numeric', hourCycle: 'h23' }).formatToParts(date);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { weekday, hour: Number(parts.find((p) => p.type === 'hour')?.value) };
}

describe('service depth through the built bundle', () => {
  it('fills the operator columns from the messages, and the business columns equal wall-clock ones with 24/7 hours', () => {
    save({ businessHours: ALL_DAY });
    syncUntilComplete(w.rt);
    const conversas = rowsOf(w.rt, 'Conversas');
    expect(conversas.length).toBe(160);
    const header = w.rt.book.values('Conversas')[0]?.map(String) ?? [];
    // Contract order: the 34 columns, then §6, then §7, then the first customer message instant.
    expect(header.slice(34)).toEqual([...BUSINESS, 'first_operator_id', 'operator_ids', 'operator_handling_time', 'first_customer_message_at']);

    // Operators from "Mensagens", independently: the user ids of operator messages in time order.
    const messages = rowsOf(w.rt, 'Mensagens').filter((m) => m.sender === 'operator');
    let withOperators = 0;
    for (const row of conversas) {
      const mine = messages
        .filter((m) => m.conversation_id === row.conversation_id)
        .sort((a, b) => (ms(a.created_at) ?? 0) - (ms(b.created_at) ?? 0) || String(a.message_id).localeCompare(String(b.message_id)));
      const ids = [...new Set(mine.map((m) => String(m.user_id)))];
      const span = mine.length === 0 ? null : Math.round(((ms(mine[mine.length - 1]?.created_at) ?? 0) - (ms(mine[0]?.created_at) ?? 0)) / 600) / 100;
      expect([blankToNull(row.first_operator_id), blankToNull(row.operator_ids), blankToNull(row.operator_handling_time)]).toEqual([
        mine[0] ? String(mine[0].user_id) : null,
        ids.length > 0 ? ids.join(', ') : null,
        span,
      ]);
      if (mine.length > 0) withOperators++;
      // Open all week: business time is wall-clock time.
      expect([blankToNull(row.first_response_business_time), blankToNull(row.first_human_response_business_time)]).toEqual([
        blankToNull(row.first_response_time),
        blankToNull(row.first_human_response_time),
      ]);
      expect(blankToNull(row.resolution_business_time)).toEqual(blankToNull(row.resolution_time));
      expect(row.created_in_business_hours).toBe(true);
    }
    expect(withOperators).toBeGreaterThan(20);
  });

  it('recomputes every row when the hours change, with no new data from Chatvolt', () => {
    save({ businessHours: OFFICE });
    const [report] = syncUntilComplete(w.rt);
    expect(report?.conversationsWritten).toBe(0);
    let outside = 0;
    for (const row of rowsOf(w.rt, 'Conversas')) {
      const { weekday, hour } = saoPaulo(row.created_at as Date);
      const open = weekday <= 4 && hour >= 8 && hour < 18;
      expect(row.created_in_business_hours).toBe(open);
      if (!open) outside++;
      for (const [business, wall] of [
        ['first_response_business_time', 'first_response_time'],
        ['first_human_response_business_time', 'first_human_response_time'],
      ] as const) {
        // Never more than wall-clock time; blank exactly where the wall-clock value is.
        expect(blankToNull(row[business]) === null).toBe(blankToNull(row[wall]) === null);
        if (row[business] !== '') expect(Number(row[business])).toBeLessThanOrEqual(Number(row[wall]));
      }
    }
    expect(outside).toBeGreaterThan(0);

    const data = w.rt.call<DashboardData>('getDashboard', {});
    const rows = rowsOf(w.rt, 'Conversas');
    expect(data.businessHours?.outsideHoursRate).toBeCloseTo(outside / rows.length, 12);
    expect(data.businessHours?.firstResponse.n).toBe(rows.filter((r) => r.first_response_business_time !== '').length);
  });

  it('names operators by e-mail or name from the assignees, never by a raw id', () => {
    const data = w.rt.call<DashboardData>('getDashboard', {});
    expect(data.operators.length).toBeGreaterThanOrEqual(3);
    for (const operator of data.operators) {
      expect(operator.label).not.toBe(operator.key);
      expect(operator.label).toMatch(/@empresa\.com\.br$/);
    }
    const rows = rowsOf(w.rt, 'Conversas');
    const top = data.operators[0];
    expect(top?.conversations).toBe(rows.filter((r) => String(r.operator_ids).split(', ').includes(top?.key ?? '')).length);
  });

  it('counts durable AI resolutions like a brute-force reading of the rows, whatever the filter', () => {
    const rows = rowsOf(w.rt, 'Conversas');
    const now = w.rt.clock.now().getTime();
    const identity = (r: Record<string, CellValue>) =>
      String(r.contact_email).trim() !== '' ? `e:${String(r.contact_email).trim().toLowerCase()}` : String(r.visitor_id) !== '' ? `v:${String(r.visitor_id)}` : null;
    const brute = (selected: Array<Record<string, CellValue>>) => {
      let aiResolved = 0;
      let pending = 0;
      let durable = 0;
      for (const r of selected) {
        if (r.resolved !== true || r.escalated_to_human === true || identity(r) === null) continue;
        aiResolved++;
        const updated = ms(r.updated_at) ?? 0;
        if (now - updated < 7 * DAY) {
          pending++;
          continue;
        }
        const returned = rows.some(
          (o) => o !== r && identity(o) === identity(r) && (ms(o.created_at) ?? 0) > updated && (ms(o.created_at) ?? 0) <= updated + 7 * DAY,
        );
        if (!returned) durable++;
      }
      return { aiResolved, durable, pending, rate: aiResolved - pending === 0 ? null : durable / (aiResolved - pending) };
    };
    const all = w.rt.call<DashboardData>('getDashboard', {}).durableAi;
    expect(all).toEqual(brute(rows));
    expect(all.aiResolved - all.pending - all.durable).toBeGreaterThan(0);
    const whatsapp = w.rt.call<DashboardData>('getDashboard', { channels: ['whatsapp'] }).durableAi;
    expect(whatsapp).toEqual(brute(rows.filter((r) => r.channel === 'whatsapp')));
  });

  it('blanks the business columns again when business hours are turned off, and getDashboard says null', () => {
    save({ businessHours: CLOSED });
    syncUntilComplete(w.rt);
    for (const row of rowsOf(w.rt, 'Conversas')) expect(BUSINESS.map((name) => row[name])).toEqual(['', '', '', '']);
    expect(w.rt.call<DashboardData>('getDashboard', {}).businessHours).toBeNull();
  });
});
