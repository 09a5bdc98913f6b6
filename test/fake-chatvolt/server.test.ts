// Tests of the fake Chatvolt HTTP server over real loopback HTTP: auth, routes, filters, cap, faults, mutations.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganisation, LATENCY_HEADER, startFakeChatvolt } from './index';
import type { ApiConversation, ApiMessage, ApiMessagesAnswer, FakeChatvolt, FakeOrganisation } from './index';

async function get(fake: FakeChatvolt, path: string, key: string | null = fake.apiKey): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(fake.baseUrl + path, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function getJson<T>(fake: FakeChatvolt, path: string): Promise<T> {
  const answer = await get(fake, path);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as T;
}

function newestFirstIds(conversations: ApiConversation[]): string[] {
  return [...conversations]
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .map((c) => c.id);
}

describe('fake Chatvolt server, read-only', () => {
  let fake: FakeChatvolt;
  let org: FakeOrganisation;

  beforeAll(async () => {
    fake = await startFakeChatvolt({ seed: 11, conversations: 60, listCap: null, listRelations: 'full' });
    org = await fake.snapshot();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves the same organisation the pure generator builds for the same options', () => {
    const expected = generateOrganisation({ seed: 11, conversations: 60 });
    expect(org).toEqual(expected);
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiKey).toBe('test-key');
  });

  it('answers 403 UNAUTHORIZED to a missing or wrong key and logs it as unauthorised', async () => {
    await fake.resetRequests();
    const missing = await get(fake, '/conversation', null);
    const wrong = await get(fake, '/conversation', 'nope');
    expect([missing.status, wrong.status]).toEqual([403, 403]);
    expect(JSON.parse(missing.text)).toEqual({ error: 'UNAUTHORIZED' });
    await get(fake, '/conversation?status=RESOLVED');
    expect(await fake.requests()).toEqual([
      { method: 'GET', path: '/conversation', query: {}, status: 403, authorized: false },
      { method: 'GET', path: '/conversation', query: {}, status: 403, authorized: false },
      { method: 'GET', path: '/conversation', query: { status: 'RESOLVED' }, status: 200, authorized: true },
    ]);
  });

  it('lists every conversation as a bare array, newest first', async () => {
    const list = await getJson<ApiConversation[]>(fake, '/conversation');
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((c) => c.id)).toEqual(newestFirstIds(org.conversations));
  });

  it('treats createdAt and endDate as inclusive bounds', async () => {
    const pivot = org.conversations[30]!;
    const at = encodeURIComponent(pivot.createdAt);
    const from = await getJson<ApiConversation[]>(fake, `/conversation?createdAt=${at}`);
    expect(from.map((c) => c.id)).toContain(pivot.id);
    expect(from).toHaveLength(org.conversations.filter((c) => c.createdAt >= pivot.createdAt).length);
    const to = await getJson<ApiConversation[]>(fake, `/conversation?endDate=${at}`);
    expect(to.map((c) => c.id)).toContain(pivot.id);
    expect(to).toHaveLength(org.conversations.filter((c) => c.createdAt <= pivot.createdAt).length);
    const exact = await getJson<ApiConversation[]>(fake, `/conversation?createdAt=${at}&endDate=${at}`);
    expect(exact.map((c) => c.id)).toEqual([pivot.id]);
    const later = new Date(Date.parse(pivot.createdAt) + 1).toISOString();
    const after = await getJson<ApiConversation[]>(fake, `/conversation?createdAt=${encodeURIComponent(later)}&endDate=${encodeURIComponent(later)}`);
    expect(after).toEqual([]);
  });

  it('reads YYYY-MM-DD and YYYY-MM-DD HH:mm:ss dates as UTC', async () => {
    const day = org.conversations[20]!.createdAt.slice(0, 10);
    const expected = org.conversations.filter((c) => c.createdAt >= `${day}T00:00:00.000Z` && c.createdAt <= `${day}T12:00:00.000Z`);
    const list = await getJson<ApiConversation[]>(fake, `/conversation?createdAt=${day}&endDate=${encodeURIComponent(`${day} 12:00:00`)}`);
    expect(list.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect((await get(fake, '/conversation?createdAt=ontem')).status).toBe(400);
  });

  it('filters by agentId (null meaning none), status, channel and priority', async () => {
    const agentId = org.conversations.find((c) => c.agentId !== null)!.agentId!;
    const byAgent = await getJson<ApiConversation[]>(fake, `/conversation?agentId=${agentId}`);
    expect(byAgent.map((c) => c.id).sort()).toEqual(org.conversations.filter((c) => c.agentId === agentId).map((c) => c.id).sort());
    const noAgent = await getJson<ApiConversation[]>(fake, '/conversation?agentId=null');
    expect(noAgent.length).toBeGreaterThan(0);
    expect(noAgent.map((c) => c.id).sort()).toEqual(org.conversations.filter((c) => c.agentId === null).map((c) => c.id).sort());
    const combined = await getJson<ApiConversation[]>(fake, '/conversation?status=RESOLVED&channel=whatsapp&priority=MEDIUM');
    const expected = org.conversations.filter((c) => c.status === 'RESOLVED' && c.channel === 'whatsapp' && c.priority === 'MEDIUM');
    expect(expected.length).toBeGreaterThan(0);
    expect(combined.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it('answers one conversation with its relations and 404 NOT_FOUND for an unknown id', async () => {
    const target = org.conversations[5]!;
    const one = await getJson<ApiConversation>(fake, `/conversation/${target.id}`);
    expect(one).toEqual(target);
    expect(Array.isArray(one.participantsContacts) && Array.isArray(one.assignees) && Array.isArray(one.tags) && Array.isArray(one.conversationVariables)).toBe(true);
    const missing = await get(fake, '/conversation/doesnotexist');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: 'NOT_FOUND' });
  });

  it('returns the count most recent messages newest first, with the conversation state', async () => {
    const target = org.conversations.find((c) => (org.messages[c.id] ?? []).length >= 5)!;
    const all = org.messages[target.id]!;
    const answer = await getJson<ApiMessagesAnswer>(fake, `/conversation/${target.id}/messages/3`);
    expect(answer.messages.map((m) => m.id)).toEqual([all[all.length - 1]!.id, all[all.length - 2]!.id, all[all.length - 3]!.id]);
    expect(answer.status).toBe(target.status);
    expect(answer.isAiEnabled).toBe(target.isAiEnabled);
    expect(answer.organizationId).toBe(target.organizationId);
    const everything = await getJson<ApiMessagesAnswer>(fake, `/conversation/${target.id}/messages/10000`);
    expect(everything.messages).toHaveLength(all.length);
    expect(everything.messages[everything.messages.length - 1]).toEqual(all[0]);
  });

  it('answers one message by id and 404 for unknown routes', async () => {
    const message = Object.values(org.messages)[0]![0]!;
    expect(await getJson<ApiMessage>(fake, `/messages/${message.id}`)).toEqual(message);
    expect((await get(fake, '/messages/unknown')).status).toBe(404);
    expect((await get(fake, '/agents')).status).toBe(404);
    expect((await get(fake, `/conversation/${message.conversationId}/other`)).status).toBe(404);
  });

  it('keeps answering while the main thread is blocked in Atomics.wait', async () => {
    // The local UrlFetchApp blocks this thread the same way while a helper worker does the HTTP call.
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const helper = new Worker(
      `const { workerData } = require('node:worker_threads');
       fetch(workerData.url, { headers: { Authorization: 'Bearer test-key' } })
         .then((r) => { Atomics.store(workerData.shared, 1, r.status); })
         .finally(() => { Atomics.store(workerData.shared, 0, 1); Atomics.notify(workerData.shared, 0); });`,
      { eval: true, workerData: { url: `${fake.baseUrl}/conversation`, shared } },
    );
    const outcome = Atomics.wait(shared, 0, 0, 20_000);
    await helper.terminate();
    expect(outcome).toBe('ok');
    expect(shared[1]).toBe(200);
  });
});

describe('fake Chatvolt server, list shapes', () => {
  it('silently caps the list at listCap, keeping the newest', async () => {
    const fake = await startFakeChatvolt({ seed: 2, conversations: 50, listCap: 20 });
    try {
      const org = await fake.snapshot();
      const list = await getJson<ApiConversation[]>(fake, '/conversation');
      expect(list.map((c) => c.id)).toEqual(newestFirstIds(org.conversations).slice(0, 20));
      const older = org.conversations[10]!.createdAt;
      const window = await getJson<ApiConversation[]>(fake, `/conversation?endDate=${encodeURIComponent(older)}`);
      expect(window.map((c) => c.id)).toEqual(newestFirstIds(org.conversations.slice(0, 11)));
    } finally {
      await fake.close();
    }
  });

  it('serves list items with relations, without them, or mixed as configured', async () => {
    const relations = ['participantsContacts', 'assignees', 'tags', 'conversationVariables'];
    const hasAll = (c: ApiConversation): boolean => relations.every((key) => key in c);
    const hasNone = (c: ApiConversation): boolean => relations.every((key) => !(key in c));
    for (const [mode, check] of [['full', 'all'], ['none', 'none'], ['mixed', 'both']] as const) {
      const fake = await startFakeChatvolt({ seed: 4, conversations: 30, listRelations: mode });
      try {
        const list = await getJson<ApiConversation[]>(fake, '/conversation');
        expect(list.every((c) => hasAll(c) || hasNone(c))).toBe(true);
        if (check === 'all') expect(list.every(hasAll)).toBe(true);
        if (check === 'none') expect(list.every(hasNone)).toBe(true);
        if (check === 'both') expect(list.some(hasAll) && list.some(hasNone)).toBe(true);
        const one = await getJson<ApiConversation>(fake, `/conversation/${list[0]!.id}`);
        expect(hasAll(one)).toBe(true);
      } finally {
        await fake.close();
      }
    }
  });
});

describe('fake Chatvolt server, faults', () => {
  let fake: FakeChatvolt;
  beforeAll(async () => {
    fake = await startFakeChatvolt({ seed: 3, conversations: 12 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers 429 with Retry-After for the queued number of matching requests only', async () => {
    await fake.fault({ path: '^/conversation$', status: 429, retryAfter: 7, times: 2 });
    const first = await get(fake, '/conversation');
    const other = await get(fake, '/conversation?status=RESOLVED');
    const second = await get(fake, '/conversation');
    const third = await get(fake, '/conversation');
    expect([first.status, other.status, second.status, third.status]).toEqual([429, 200, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(first.text)).toEqual({ error: 'RATE_LIMIT' });
  });

  it('answers 5xx with plain-text, HTML or a given body', async () => {
    await fake.fault({ status: 500 });
    await fake.fault({ status: 503 });
    await fake.fault({ status: 502, body: 'Bad gateway, try later', contentType: 'text/plain' });
    const plain = await get(fake, '/conversation');
    const html = await get(fake, '/conversation');
    const given = await get(fake, '/conversation');
    expect([plain.status, html.status, given.status]).toEqual([500, 503, 502]);
    expect(plain.headers.get('content-type')).toBe('text/plain');
    expect(() => JSON.parse(plain.text) as unknown).toThrow();
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toMatch(/^<html>/);
    expect(given.text).toBe('Bad gateway, try later');
  });

  it('answers 200 with a truncated JSON body for a malformed fault', async () => {
    const good = await get(fake, '/conversation');
    await fake.fault({ malformed: true });
    const bad = await get(fake, '/conversation');
    expect(bad.status).toBe(200);
    expect(good.text.startsWith(bad.text)).toBe(true);
    expect(bad.text.length).toBeLessThan(good.text.length);
    expect(() => JSON.parse(bad.text) as unknown).toThrow();
  });

  it('delays a slow answer so that a later request overtakes it', async () => {
    await fake.fault({ path: 'slow', delayMs: 400 });
    const order: string[] = [];
    const slow = get(fake, '/conversation?slow=1').then((r) => order.push(`slow ${r.status}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = get(fake, '/conversation').then((r) => order.push(`fast ${r.status}`));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast 200', 'slow 200']);
  });

  it('fires a rule on every k-th matching request, permanently, until clearFaults', async () => {
    await fake.fault({ path: '^/conversation\\?', every: 3, status: 500, permanent: true });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await get(fake, `/conversation?channel=x${i}`)).status);
    statuses.push((await get(fake, '/conversation')).status);
    await fake.clearFaults();
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200, 200]);
  });

  it('fires a chance rule on a seeded share of requests, the same share for the same seed', async () => {
    const draw = async () => {
      await fake.fault({ chance: 0.3, seed: 9, status: 502, permanent: true });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await get(fake, '/conversation')).status);
      await fake.clearFaults();
      return statuses;
    };
    const first = await draw();
    expect(await draw()).toEqual(first);
    const failed = first.filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(4);
    expect(failed).toBeLessThan(24);
  });

  it('drops the connection for a network fault', async () => {
    await fake.fault({ network: true });
    await expect(get(fake, '/conversation')).rejects.toThrow();
    expect((await get(fake, '/conversation')).status).toBe(200);
  });

  it('announces a modelled latency in a test-only header instead of waiting', async () => {
    await fake.fault({ latencyMs: 45000 });
    const started = Date.now();
    const slow = await get(fake, '/conversation');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(slow.status).toBe(200);
    expect(slow.headers.get(LATENCY_HEADER)).toBe('45000');
    expect((await get(fake, '/conversation')).headers.get(LATENCY_HEADER)).toBeNull();
    await fake.configure({ latencyMs: 1500 });
    expect((await get(fake, '/conversation')).headers.get(LATENCY_HEADER)).toBe('1500');
    await fake.configure({ latencyMs: 0 });
  });

  it('changes the accepted key, endDate handling and list cap while it runs', async () => {
    const org = await fake.snapshot();
    const oldest = org.conversations[0]!;
    const window = `/conversation?createdAt=${encodeURIComponent(oldest.createdAt)}&endDate=${encodeURIComponent(oldest.createdAt)}`;
    expect(JSON.parse((await get(fake, window)).text)).toHaveLength(1);
    await fake.configure({ ignoreEndDate: true, listCap: 5 });
    expect(JSON.parse((await get(fake, window)).text)).toHaveLength(5);
    await fake.configure({ listCap: null });
    expect(JSON.parse((await get(fake, window)).text)).toHaveLength(12);
    await fake.configure({ ignoreEndDate: false, listCap: 100, apiKey: 'new-key' });
    expect((await get(fake, window)).status).toBe(403);
    expect((await get(fake, window, 'new-key')).status).toBe(200);
    await fake.configure({ apiKey: fake.apiKey });
  });

  it('forgets queued faults on clearFaults', async () => {
    await fake.fault({ status: 500, times: 5 });
    await fake.clearFaults();
    expect((await get(fake, '/conversation')).status).toBe(200);
  });
});

describe('fake Chatvolt server, mutations', () => {
  let fake: FakeChatvolt;
  beforeAll(async () => {
    fake = await startFakeChatvolt({ seed: 8, conversations: 40, listCap: null, now: '2026-03-15T12:00:00.000Z' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('adds customer messages that bump updatedAt and re-open a resolved conversation', async () => {
    const before = await fake.snapshot();
    const resolved = before.conversations.find((c) => c.status === 'RESOLVED')!;
    const result = await fake.mutate({ now: '2026-03-15T13:00:00.000Z', addMessages: [{ conversationId: resolved.id, customer: 1, ai: 1 }] });
    expect(result).toEqual({ added: [], changed: [resolved.id], deleted: [] });
    const after = await getJson<ApiConversation>(fake, `/conversation/${resolved.id}`);
    expect(after.status).toBe('UNRESOLVED');
    expect(after.updatedAt > resolved.updatedAt).toBe(true);
    expect(after.updatedAt <= '2026-03-15T13:00:00.000Z').toBe(true);
    const latest = await getJson<ApiMessagesAnswer>(fake, `/conversation/${resolved.id}/messages/2`);
    expect(latest.messages.map((m) => m.from)).toEqual(['agent', 'human']);
    expect(latest.messages[0]!.inputId).toBe(latest.messages[1]!.id);
    expect(latest.messages[0]!.createdAt).toBe('2026-03-15T13:00:00.000Z');
    expect((await getJson<ApiMessage>(fake, `/messages/${latest.messages[1]!.id}`)).text).toBe(latest.messages[1]!.text);
  });

  it('adds operator messages that switch the AI off', async () => {
    const before = await fake.snapshot();
    const target = before.conversations.find((c) => c.isAiEnabled)!;
    await fake.mutate({ now: '2026-03-15T13:30:00.000Z', addMessages: [{ conversationId: target.id, operator: 2 }] });
    const after = await getJson<ApiMessagesAnswer>(fake, `/conversation/${target.id}/messages/2`);
    expect(after.isAiEnabled).toBe(false);
    expect(after.messages.every((m) => m.userId !== null && m.contactId === null && m.visitorId === null)).toBe(true);
  });

  it('adds new conversations created just before now and lists them first', async () => {
    const result = await fake.mutate({ now: '2026-03-16T09:00:00.000Z', addConversations: 2 });
    expect(result.added).toHaveLength(2);
    const list = await getJson<ApiConversation[]>(fake, `/conversation?createdAt=${encodeURIComponent('2026-03-16T08:00:00.000Z')}`);
    expect(list.map((c) => c.id).sort()).toEqual([...result.added].sort());
    for (const c of list) expect(c.createdAt < '2026-03-16T09:00:00.000Z').toBe(true);
  });

  it('sets the status with a bump and a variable without one', async () => {
    const before = await fake.snapshot();
    const target = before.conversations[3]!;
    await fake.mutate({ now: '2026-03-16T10:00:00.000Z', setStatus: [{ conversationId: target.id, status: 'HUMAN_REQUESTED' }] });
    const escalated = await getJson<ApiConversation>(fake, `/conversation/${target.id}`);
    expect(escalated.status).toBe('HUMAN_REQUESTED');
    expect(escalated.isAiEnabled).toBe(false);
    expect(escalated.updatedAt).toBe('2026-03-16T10:00:00.000Z');
    const result = await fake.mutate({ setVariable: [{ conversationId: target.id, name: 'csat', value: '2' }] });
    expect(result.changed).toEqual([target.id]);
    const rated = await getJson<ApiConversation>(fake, `/conversation/${target.id}`);
    expect(rated.conversationVariables).toContainEqual({ conversationId: target.id, varName: 'csat', varValue: '2' });
    expect(rated.updatedAt).toBe('2026-03-16T10:00:00.000Z');
  });

  it('deletes conversations so that they and their messages answer 404 and leave the list', async () => {
    const before = await fake.snapshot();
    const target = before.conversations[0]!;
    const messageId = before.messages[target.id]![0]!.id;
    expect(await fake.mutate({ deleteConversations: [target.id] })).toEqual({ added: [], changed: [], deleted: [target.id] });
    expect((await get(fake, `/conversation/${target.id}`)).status).toBe(404);
    expect((await get(fake, `/conversation/${target.id}/messages/10`)).status).toBe(404);
    expect((await get(fake, `/messages/${messageId}`)).status).toBe(404);
    const list = await getJson<ApiConversation[]>(fake, '/conversation');
    expect(list.map((c) => c.id)).not.toContain(target.id);
    expect(list).toHaveLength(before.conversations.length - 1);
  });

  it('creates the same new conversations for the same seed and mutation', async () => {
    const twin = await startFakeChatvolt({ seed: 8, conversations: 40, listCap: null, now: '2026-03-15T12:00:00.000Z' });
    const other = await startFakeChatvolt({ seed: 8, conversations: 40, listCap: null, now: '2026-03-15T12:00:00.000Z' });
    try {
      const change = { now: '2026-03-15T15:00:00.000Z', addConversations: 3 };
      const [a, b] = [await twin.mutate(change), await other.mutate(change)];
      expect(a.added).toHaveLength(3);
      expect(b.added).toEqual(a.added);
      expect(await other.snapshot()).toEqual(await twin.snapshot());
    } finally {
      await twin.close();
      await other.close();
    }
  });

  it('rejects a mutation naming an unknown conversation', async () => {
    await expect(fake.mutate({ setStatus: [{ conversationId: 'nope', status: 'RESOLVED' }] })).rejects.toThrow(/unknown conversation/);
  });
});

describe('fake Chatvolt server, lifecycle', () => {
  it('rejects the start when the options cannot generate an organisation', async () => {
    await expect(startFakeChatvolt({ timeZone: 'Mars/Base' })).rejects.toThrow(/time zone/i);
  });

  it('refuses control calls after close and tolerates a second close', async () => {
    const fake = await startFakeChatvolt({ conversations: 3, apiKey: 'other-key' });
    expect(fake.apiKey).toBe('other-key');
    expect((await get(fake, '/conversation')).status).toBe(200);
    await fake.close();
    await fake.close();
    await expect(fake.snapshot()).rejects.toThrow(/closed/);
  });
});
