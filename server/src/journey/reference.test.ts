import { periodContaining, type Period } from '@canopy/shared';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';

// An independent implementation of the spec in plain TypeScript over the raw events,
// compared with what the API serves from rollups and the counts cache.

const RANK: Record<string, number> = { help_viewed: 2, chatbot_conversation: 3, phone_call: 4 };
const ACTIVE = new Set(['feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'contact']);

interface Ev { id: string; customer_id: string; type: string; occurred_at: string; score?: number; hold_seconds?: number; feature?: string; channel?: string }

function reference(events: Ev[], period: Period) {
  const inside = events.filter((e) => Date.parse(e.occurred_at) >= period.start.getTime() && Date.parse(e.occurred_at) < period.end.getTime());
  const byCustomer = new Map<string, Ev[]>();
  for (const e of inside) byCustomer.set(e.customer_id, [...(byCustomer.get(e.customer_id) ?? []), e]);
  const customers = [0, 0, 0, 0];
  const responses = [0, 0, 0, 0];
  const promoters = [0, 0, 0, 0];
  for (const list of byCustomer.values()) {
    if (!list.some((e) => ACTIVE.has(e.type))) continue;
    const rank = Math.max(1, ...list.map((e) => RANK[e.type] ?? 1));
    customers[rank - 1]!++;
    const latest = list
      .filter((e) => e.type === 'nps_response')
      .sort((a, b) => Date.parse(b.occurred_at) - Date.parse(a.occurred_at) || (b.id < a.id ? -1 : 1))[0];
    if (latest) {
      responses[rank - 1]!++;
      if (latest.score! >= 9) promoters[rank - 1]!++;
    }
  }
  return { customers, responses, promoters, calls: inside.filter((e) => e.type === 'phone_call').length };
}

// Instants cluster on the boundaries of March 2025 and the Berlin DST week (30 March).
const boundaries = ['2025-03-01T00:00:00Z', '2025-03-24T00:00:00Z', '2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z', '2025-03-31T22:00:00Z', '2025-04-01T00:00:00Z'].map(Date.parse);
const instant = fc.oneof(
  fc.constantFrom(...boundaries).chain((b) => fc.integer({ min: -2000, max: 2000 }).map((ms) => b + ms)),
  fc.integer({ min: Date.parse('2025-02-25T00:00:00Z'), max: Date.parse('2025-04-05T00:00:00Z') }),
);
const anEvent = fc.record({
  customer: fc.integer({ min: 1, max: 6 }),
  kind: fc.constantFrom('feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'nps_response', 'contact', 'churned'),
  at: instant,
  n: fc.integer({ min: 0, max: 10 }),
});

describeEachDatabase('forest equals an independent computation from raw events', (db) => {
  let app: FastifyInstance;
  let run = 0;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());

  test.each([
    ['month', '2025-03-15', 'UTC'],
    ['week', '2025-03-27', 'Europe/Berlin'],
  ])('%s containing %s in %s, for random events sent in random batches', async (grain, date, timezone) => {
    const settings = (await app.inject({ method: 'GET', url: '/api/v1/settings' })).json();
    await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: { ...settings, timezone } });
    const period = periodContaining(grain as 'month' | 'week', date, timezone);

    await fc.assert(
      fc.asyncProperty(fc.array(anEvent, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 10 }), async (raw, batch) => {
        await sql`delete from events`.execute(db().db);
        await sql`delete from customer_periods`.execute(db().db);
        await sql`delete from period_counts_cache`.execute(db().db);
        run++;
        const events: Ev[] = raw.map((r, i) => {
          const base = { id: `r${run}-${i}`, customer_id: `c${r.customer}`, type: r.kind, occurred_at: new Date(r.at).toISOString() };
          if (r.kind === 'feature_used') return { ...base, feature: 'f' };
          if (r.kind === 'phone_call') return { ...base, hold_seconds: r.n };
          if (r.kind === 'nps_response') return { ...base, score: r.n };
          if (r.kind === 'contact') return { ...base, channel: 'email' };
          return base;
        });
        // Read once before sending, so the cache holds counts the new events must replace.
        await app.inject({ method: 'GET', url: `/api/v1/forest?grain=${grain}&date=${date}` });
        for (let i = 0; i < events.length; i += batch) {
          const res = await app.inject({ method: 'POST', url: '/api/v1/events', payload: { events: events.slice(i, i + batch) } });
          expect(res.json().rejected).toEqual([]);
        }
        await app.rollups.settled(); // the figures include every stored event
        const forest = (await app.inject({ method: 'GET', url: `/api/v1/forest?grain=${grain}&date=${date}` })).json();
        const expected = reference(events, period);
        expect(forest.stages.map((s: { customers: number }) => s.customers)).toEqual(expected.customers);
        expect(forest.stages.map((s: { nps: { responses: number } }) => s.nps.responses)).toEqual(expected.responses);
        expect(forest.departments.support.calls).toBe(expected.calls);
        const shares = forest.stages.map((s: { share: number | null }) => s.share);
        if (expected.customers.some((n) => n > 0)) expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(1);
        else expect(shares).toEqual([null, null, null, null]);
        const percents = forest.stages.map((s: { sharePercent: number | null }) => s.sharePercent ?? 0);
        if (expected.customers.some((n) => n > 0)) expect(Math.round(percents.reduce((a: number, b: number) => a + b, 0) * 10)).toBe(1000);
      }),
      { numRuns: 12 },
    );
    await app.inject({ method: 'PUT', url: '/api/v1/settings', payload: settings });
  }, 240_000);
});
