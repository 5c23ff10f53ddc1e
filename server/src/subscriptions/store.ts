import type { SectionKey, Subscription, SubscriptionInput } from '@canopy/shared';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../db/index.ts';
import type { SubscriptionsTable } from '../db/schema.ts';
import { nextSendAt } from './schedule.ts';

// Subscriptions as stored, and as the API shows them (converted here, at one boundary).

export type SubscriptionRow = Selectable<SubscriptionsTable>;

/** A subscription row as the API shows it, with when it next goes out (periods cut in `deploymentTimezone`). */
export function subscriptionJson(row: SubscriptionRow, now: Date, deploymentTimezone: string): Subscription {
  return {
    id: row.id,
    name: row.name,
    recipients: row.recipients,
    weekday: row.weekday,
    localTime: row.local_time,
    timezone: row.timezone,
    grain: row.grain,
    segment: row.segment,
    sections: row.sections as SectionKey[],
    paused: row.paused,
    nextSendAt: row.paused
      ? null
      : nextSendAt({ weekday: row.weekday, localTime: row.local_time, timezone: row.timezone }, row.grain, row.active_since, now, deploymentTimezone).toISOString(),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function columns(input: SubscriptionInput) {
  return {
    name: input.name.trim(),
    recipients: input.recipients,
    weekday: input.weekday,
    local_time: input.localTime,
    timezone: input.timezone,
    grain: input.grain,
    segment: JSON.stringify(input.segment),
    sections: [...input.sections],
    paused: input.paused,
  };
}

/** Every subscription, by name. */
export async function listSubscriptions(db: Kysely<Database>): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().orderBy('name').orderBy('id').execute();
}

/** One subscription, or undefined. */
export async function getSubscription(db: Kysely<Database>, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The subscriptions that are not paused. */
export async function listActiveSubscriptions(db: Kysely<Database>): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().where('paused', '=', false).execute();
}

/** Stores a new subscription (input already checked). */
export async function addSubscription(db: Kysely<Database>, input: SubscriptionInput, createdBy: string | null, now = new Date()): Promise<SubscriptionRow> {
  return db
    .insertInto('subscriptions')
    .values({ id: randomUUID(), ...columns(input), created_by: createdBy, created_at: now, updated_at: now, active_since: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces a subscription's settings; undefined when there is no such subscription. */
export async function updateSubscription(db: Kysely<Database>, id: string, input: SubscriptionInput, now = new Date()): Promise<SubscriptionRow | undefined> {
  // Resumed by this edit: what was skipped while paused is not sent.
  const activeSince = input.paused ? sql<Date>`active_since` : sql<Date>`case when paused then ${now} else active_since end`;
  return db
    .updateTable('subscriptions')
    .set({ ...columns(input), updated_at: now, active_since: activeSince })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Pauses or resumes; undefined when there is no such subscription. */
export async function setPaused(db: Kysely<Database>, id: string, paused: boolean, now = new Date()): Promise<SubscriptionRow | undefined> {
  // Resuming does not send what was skipped while paused.
  return db
    .updateTable('subscriptions')
    .set({ paused, updated_at: now, ...(paused ? {} : { active_since: now }) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a subscription with its outbox and delivery log; false when there was none. */
export async function deleteSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
