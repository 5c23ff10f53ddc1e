import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../db/index.ts';
import type { IngestionStatusJson } from './schemas.ts';

/** Days shown by the ingestion status. */
export const STATUS_DAYS = 14;

/** When events last arrived, and how many of each type occurred on each of the last 14 days in `timezone`. */
export async function getIngestionStatus(db: Db, timezone: string, now = new Date()): Promise<Omit<IngestionStatusJson, 'recentImports'>> {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const first = today.minus({ days: STATUS_DAYS - 1 });
  const latest = await db
    .selectFrom('events')
    .select([sql<Date | string | null>`max(received_at)`.as('received'), sql<Date | string | null>`max(occurred_at)`.as('occurred')])
    .executeTakeFirst();
  const rows = await db
    .selectFrom('events')
    .select([
      sql<string>`to_char(occurred_at at time zone ${timezone}, 'YYYY-MM-DD')`.as('day'),
      'type',
      sql<number>`count(*)::int`.as('count'),
    ])
    .where('occurred_at', '>=', first.toJSDate())
    .where('occurred_at', '<', today.plus({ days: 1 }).toJSDate())
    .groupBy([sql`1`, 'type'])
    .execute();
  const days = Array.from({ length: STATUS_DAYS }, (_, i) => ({ day: first.plus({ days: i }).toISODate()!, counts: {} as Record<string, number> }));
  const byDay = new Map(days.map((d) => [d.day, d.counts]));
  for (const row of rows) {
    const counts = byDay.get(row.day);
    if (counts) counts[row.type] = Number(row.count);
  }
  const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
  return { lastReceivedAt: iso(latest?.received), lastOccurredAt: iso(latest?.occurred), timezone, days };
}
