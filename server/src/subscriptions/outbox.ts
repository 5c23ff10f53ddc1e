import { periodFromKey, periodKey } from '@canopy/shared';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { DrawChart } from '../email/render.ts';
import type { Mailer, OutgoingSnapshot } from './mailer.ts';
import { latestOccurrence, reportedPeriod } from './schedule.ts';
import { buildSnapshot, newSnapshotCache, type SnapshotCache } from './snapshot.ts';
import { getSubscription, listActiveSubscriptions, type SubscriptionRow } from './store.ts';

// The outbox: how each snapshot goes out exactly once.
// 1. enqueueDue: one outbox row per (subscription, reported period), inserted with ON
//    CONFLICT DO NOTHING together with one delivery row per recipient, in one statement.
//    A second server process or a restart inserting the same snapshot finds it there.
// 2. renderPending: the email is rendered once and stored on the outbox row, so retries
//    and every recipient get the same message (and a crash after rendering loses nothing).
// 3. deliverDue: a delivery is claimed ('sending') in one UPDATE … FOR UPDATE SKIP LOCKED
//    before it is handed to SMTP, so two processes never send the same one. A failure is
//    retried with exponential backoff; a claim left behind by a process that died is
//    marked 'unknown' and never resent: a missing email is better than a duplicate.

/** Attempts before a delivery is given up as failed. */
export const MAX_ATTEMPTS = 6;
/** A delivery still 'sending' this long after its claim was abandoned by a stopped process. */
export const STALE_SENDING_MS = 10 * 60_000;
/** How long to wait before retrying after a failed render (the database was unreachable, say). */
const RENDER_RETRY_MS = 5 * 60_000;

/** Wait before attempt `attempts + 1` after `attempts` failed ones: 1, 2, 4, 8, 16 minutes (at most an hour). */
export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

function uniqueRecipients(recipients: readonly string[]): string[] {
  const seen = new Set<string>();
  return recipients.map((r) => r.trim()).filter((r) => r !== '' && !seen.has(r.toLowerCase()) && seen.add(r.toLowerCase()));
}

/** Inserts an outbox row and its deliveries; the row's id, or undefined when the scheduled snapshot already exists. */
async function insertSnapshot(
  db: Kysely<Database>,
  subscriptionId: string,
  periodKeyText: string,
  kind: 'scheduled' | 'manual',
  scheduledFor: Date,
  recipients: readonly string[],
): Promise<number | undefined> {
  const result = await sql<{ id: number }>`
    with o as (
      insert into snapshot_outbox (subscription_id, period_key, kind, scheduled_for, created_at)
      values (${subscriptionId}, ${periodKeyText}, ${kind}, ${scheduledFor}, ${scheduledFor})
      on conflict (subscription_id, period_key) where kind = 'scheduled' do nothing
      returning id
    ), d as (
      insert into snapshot_deliveries (outbox_id, recipient, next_attempt_at, created_at)
      select o.id, r.recipient, ${scheduledFor}, ${scheduledFor} from o, unnest(${uniqueRecipients(recipients)}::text[]) as r(recipient)
    )
    select id from o`.execute(db);
  return result.rows[0]?.id;
}

/**
 * Queues the snapshot of every active subscription whose latest scheduled moment has come
 * (since it was created or resumed) and was not queued yet: on time, or once at start after
 * the server was down. Returns how many were queued.
 */
export async function enqueueDue(db: Kysely<Database>, now: Date, deploymentTimezone: string): Promise<number> {
  const due: { sub: SubscriptionRow; at: Date; key: string }[] = [];
  for (const sub of await listActiveSubscriptions(db)) {
    const at = latestOccurrence({ weekday: sub.weekday, localTime: sub.local_time, timezone: sub.timezone }, now);
    if (at.getTime() < sub.active_since.getTime()) continue;
    due.push({ sub, at, key: periodKey(reportedPeriod(sub.grain, at, deploymentTimezone)) });
  }
  if (due.length === 0) return 0;
  // Most are queued already: look them up in one query instead of one insert each.
  const existing = await db
    .selectFrom('snapshot_outbox')
    .select(['subscription_id', 'period_key'])
    .where('kind', '=', 'scheduled')
    .where('subscription_id', 'in', due.map((d) => d.sub.id))
    .where('period_key', 'in', [...new Set(due.map((d) => d.key))])
    .execute();
  const queued = new Set(existing.map((r) => `${r.subscription_id} ${r.period_key}`));
  let count = 0;
  for (const { sub, at, key } of due) {
    if (queued.has(`${sub.id} ${key}`)) continue;
    if ((await insertSnapshot(db, sub.id, key, 'scheduled', at, sub.recipients)) !== undefined) count += 1;
  }
  return count;
}

/** Queues a "Send now" snapshot of the latest complete period to `recipients`; its outbox id. */
export async function enqueueManual(db: Kysely<Database>, sub: SubscriptionRow, recipients: readonly string[], now: Date, deploymentTimezone: string) {
  const period = reportedPeriod(sub.grain, now, deploymentTimezone);
  const id = await insertSnapshot(db, sub.id, periodKey(period), 'manual', now, recipients);
  return { id: id!, period };
}

/** Marks deliveries claimed by a process that stopped mid-send as 'unknown' (never resent). */
export async function markAbandoned(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .updateTable('snapshot_deliveries')
    .set({
      status: 'unknown',
      last_error: 'Canopy stopped while handing this email to the mail server, so it may or may not have gone out; it is not sent again (nobody gets it twice).',
    })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', new Date(now.getTime() - STALE_SENDING_MS))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Renders and stores the email of up to `limit` outbox rows that have deliveries waiting
 * (all, or only `outboxId`); returns how many it tried.
 */
export async function renderPending(
  db: Kysely<Database>,
  config: Pick<Config, 'publicUrl'>,
  now: Date,
  deploymentTimezone: string,
  options: { outboxId?: number; drawChart?: DrawChart; cache?: SnapshotCache; limit?: number } = {},
): Promise<number> {
  let query = db
    .selectFrom('snapshot_outbox as o')
    .select(['o.id', 'o.subscription_id', 'o.period_key'])
    .where('o.rendered_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('snapshot_deliveries as d')
          .select('d.id')
          .whereRef('d.outbox_id', '=', 'o.id')
          .where('d.status', '=', 'pending')
          .where('d.next_attempt_at', '<=', now),
      ),
    )
    .orderBy('o.id')
    .limit(options.limit ?? 100);
  if (options.outboxId !== undefined) query = query.where('o.id', '=', options.outboxId);
  const rows = await query.execute();
  const cache = options.cache ?? newSnapshotCache();
  for (const row of rows) {
    const sub = await getSubscription(db, row.subscription_id);
    if (!sub) continue; // deleted meanwhile: its outbox goes with it
    try {
      const rendered = await buildSnapshot(db, config, sub, periodFromKey(row.period_key, deploymentTimezone), now, options.drawChart, cache);
      // Another process may have rendered it meanwhile: the first one stored is the one sent.
      await db
        .updateTable('snapshot_outbox')
        .set({ subject: rendered.subject, html: rendered.html, text: rendered.text, chart_png: rendered.chart?.png ?? null, rendered_at: now })
        .where('id', '=', row.id)
        .where('rendered_at', 'is', null)
        .execute();
    } catch (error) {
      await db
        .updateTable('snapshot_deliveries')
        .set({ last_error: `Could not build the email: ${(error as Error).message}`, next_attempt_at: new Date(now.getTime() + RENDER_RETRY_MS) })
        .where('outbox_id', '=', row.id)
        .where('status', '=', 'pending')
        .execute();
    }
  }
  return rows.length;
}

interface ClaimedDelivery {
  id: number;
  outbox_id: number;
  recipient: string;
  attempts: number;
}

/** Claims up to `limit` due deliveries of rendered snapshots for this process. */
async function claimDue(db: Kysely<Database>, now: Date, limit: number, outboxId?: number): Promise<ClaimedDelivery[]> {
  const result = await sql<ClaimedDelivery>`
    update snapshot_deliveries d
    set status = 'sending', claimed_at = ${now}, attempts = d.attempts + 1
    where d.id in (
      select d2.id from snapshot_deliveries d2 join snapshot_outbox o on o.id = d2.outbox_id
      where d2.status = 'pending' and d2.next_attempt_at <= ${now} and o.rendered_at is not null
        ${outboxId === undefined ? sql`` : sql`and d2.outbox_id = ${outboxId}`}
      order by d2.next_attempt_at, d2.id
      limit ${limit}
      for update of d2 skip locked
    ) and d.status = 'pending'
    returning d.id, d.outbox_id, d.recipient, d.attempts`.execute(db);
  return result.rows;
}

/** True for an SMTP answer that will not change on retry (5xx: no such mailbox, refused). */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/** What the delivery log says about a failed attempt: the mail server's answer, without internals. */
function failureText(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.response) return `The mail server answered: ${e.response}`;
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e.message ?? '')) return 'The mail server refused the connection (is SMTP_URL right, is it running?).';
  if (e.code === 'ETIMEDOUT' || e.code === 'ETIMEOUT') return 'The mail server did not answer in time.';
  if (e.code === 'EAUTH') return 'The mail server refused the user name or password in SMTP_URL.';
  return `Sending failed: ${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`;
}

/** Result of one delivery round. */
export interface DeliveryRound {
  sent: number;
  failed: number;
  claimed: number;
}

/** Sends the due deliveries of rendered snapshots (all, or only `outboxId`), `concurrency` at a time. */
export async function deliverDue(
  db: Kysely<Database>,
  mailer: Mailer,
  now: () => Date,
  options: { outboxId?: number; limit?: number; concurrency?: number } = {},
): Promise<DeliveryRound> {
  const claimed = await claimDue(db, now(), options.limit ?? 200, options.outboxId);
  const round: DeliveryRound = { sent: 0, failed: 0, claimed: claimed.length };
  if (claimed.length === 0) return round;
  const outboxIds = [...new Set(claimed.map((d) => d.outbox_id))];
  const rows = await db.selectFrom('snapshot_outbox').select(['id', 'subject', 'html', 'text', 'chart_png']).where('id', 'in', outboxIds).execute();
  const messages = new Map<number, OutgoingSnapshot>(
    rows.map((r) => [r.id, { subject: r.subject ?? '', html: r.html ?? '', text: r.text ?? '', chartPng: r.chart_png ? Buffer.from(r.chart_png) : null }]),
  );

  const queue = [...claimed];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      try {
        const { messageId } = await mailer.send(d.recipient, messages.get(d.outbox_id)!);
        await db
          .updateTable('snapshot_deliveries')
          .set({ status: 'sent', sent_at: now(), message_id: messageId, last_error: null })
          .where('id', '=', d.id)
          .execute();
        round.sent += 1;
      } catch (error) {
        const giveUp = isPermanent(error) || d.attempts >= MAX_ATTEMPTS;
        await db
          .updateTable('snapshot_deliveries')
          .set({
            status: giveUp ? 'failed' : 'pending',
            last_error: failureText(error),
            next_attempt_at: new Date(now().getTime() + (giveUp ? 0 : backoffMs(d.attempts))),
          })
          .where('id', '=', d.id)
          .execute();
        round.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return round;
}
