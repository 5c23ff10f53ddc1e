import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { ingestCustomers, ingestEvents } from '../ingest/service.ts';

// Test fixture: two weeks of a small company (UTC), 2025-W10 (3–9 March) and 2025-W11
// (10–16 March), with NPS comments at the phone stage, one of them hostile markup.
// Not a test file.

/** A comment that must arrive as text, never as markup. */
export const HOSTILE_COMMENT = 'Waited <b>40 min</b> & "hung up" <script>alert(1)</script>';

/** Stores the two weeks through the ingest path (rollups included). */
export async function loadTwoWeeks(db: Kysely<Database>): Promise<void> {
  const customers = Array.from({ length: 20 }, (_, i) => ({ id: `c${i + 1}`, name: `Customer ${i + 1}`, mrr: 100, attributes: { plan: i % 2 ? 'pro' : 'starter' } }));
  const c = await ingestCustomers(db, customers);
  if (c.rejected.length > 0) throw new Error(`fixture customers rejected: ${JSON.stringify(c.rejected)}`);
  const events: Record<string, unknown>[] = [];
  let n = 0;
  const ev = (customer: string, type: string, at: string, fields: Record<string, unknown> = {}) =>
    events.push({ id: `e${++n}`, customer_id: `c${customer}`, type, occurred_at: at, ...fields });
  // Week 10: 16 just work, 2 read help, 1 chatbot, 1 phone.
  for (let i = 1; i <= 16; i++) ev(`${i}`, 'feature_used', '2025-03-04T10:00:00Z', { feature: 'reports' });
  ev('17', 'help_viewed', '2025-03-05T10:00:00Z');
  ev('18', 'help_viewed', '2025-03-05T10:00:00Z');
  ev('19', 'chatbot_conversation', '2025-03-05T10:00:00Z', { escalated: false });
  ev('20', 'phone_call', '2025-03-06T10:00:00Z', { hold_seconds: 90 });
  // Week 11: 14 just work, 2 help, 1 chatbot, 3 phone; the phone customers comment.
  for (let i = 1; i <= 14; i++) ev(`${i}`, 'feature_used', '2025-03-11T10:00:00Z', { feature: 'reports' });
  ev('15', 'help_viewed', '2025-03-11T10:00:00Z');
  ev('16', 'help_viewed', '2025-03-11T10:00:00Z');
  ev('17', 'chatbot_conversation', '2025-03-12T10:00:00Z', { escalated: true });
  for (const [c, hold] of [['18', 60], ['19', 120], ['20', 240]] as const) ev(c, 'phone_call', '2025-03-12T10:00:00Z', { hold_seconds: hold });
  ev('18', 'nps_response', '2025-03-13T10:00:00Z', { score: 2, comment: HOSTILE_COMMENT });
  ev('19', 'nps_response', '2025-03-14T10:00:00Z', { score: 4, comment: 'Nobody could tell me why the export failed.' });
  ev('20', 'nps_response', '2025-03-14T11:00:00Z', { score: 6 });
  ev('1', 'nps_response', '2025-03-14T11:00:00Z', { score: 10, comment: 'Works great (not at the phone stage).' });
  const e = await ingestEvents(db, events, { now: new Date('2025-03-17T00:00:00Z') });
  if (e.rejected.length > 0) throw new Error(`fixture events rejected: ${JSON.stringify(e.rejected)}`);
}
