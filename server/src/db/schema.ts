import type { ColumnType, Generated, Selectable } from 'kysely';

/** Table row types as the database stores them (snake_case); API objects live in shared/. */
export interface Database {
  customers: CustomersTable;
  events: EventsTable;
  customer_periods: CustomerPeriodsTable;
  period_profiles: PeriodProfilesTable;
  period_profile_items: PeriodProfileItemsTable;
  period_hold_times: PeriodHoldTimesTable;
  customer_milestones: CustomerMilestonesTable;
  attribute_sets: AttributeSetsTable;
  segment_profiles: SegmentProfilesTable;
  segment_profile_items: SegmentProfileItemsTable;
  segment_hold_times: SegmentHoldTimesTable;
  segment_milestones: SegmentMilestonesTable;
  rollup_queue: RollupQueueTable;
  period_counts_cache: PeriodCountsCacheTable;
  count_invalidations: CountInvalidationsTable;
  settings: SettingsTable;
  annotations: AnnotationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  share_links: ShareLinksTable;
  subscriptions: SubscriptionsTable;
  snapshot_outbox: SnapshotOutboxTable;
  snapshot_deliveries: SnapshotDeliveriesTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CustomersTable {
  id: string;
  name: string | null;
  created_at: Timestamp | null;
  mrr: number | null;
  attributes: ColumnType<Record<string, string>, string | Record<string, string>, string | Record<string, string>>;
  first_seen_at: Timestamp | null;
  /** When the customer's first `churned` event happened (migrations/…-customer-milestones). */
  first_churned_at: Timestamp | null;
  /** The customer's attributes as a number (attribute_sets), kept by a trigger (migrations/…-segment-summaries). */
  attribute_set: Generated<number>;
  demo: Generated<boolean>;
  received_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type EventType =
  | 'feature_used'
  | 'help_viewed'
  | 'chatbot_conversation'
  | 'phone_call'
  | 'nps_response'
  | 'churned'
  | 'contact';

export interface EventsTable {
  id: string;
  customer_id: string;
  type: EventType;
  occurred_at: Timestamp;
  feature: string | null;
  article: string | null;
  escalated: boolean | null;
  resolved: boolean | null;
  hold_seconds: number | null;
  talk_seconds: number | null;
  score: number | null;
  comment: string | null;
  reason: string | null;
  channel: string | null;
  demo: Generated<boolean>;
  received_at: Generated<Date>;
}

/** An event as stored, without the bookkeeping columns: what ingestion writes and drill-down reads. */
export type StoredEvent = Omit<Selectable<EventsTable>, 'demo' | 'received_at'>;

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

/** One customer's activity in one week, month or quarter (see migrations/…-customer-periods). */
export interface CustomerPeriodsTable {
  grain: 'week' | 'month' | 'quarter';
  period_start: Timestamp;
  customer_id: string;
  active: boolean;
  feature_uses: number;
  features: string[];
  help_views: number;
  chatbot_conversations: number;
  chatbot_escalated: number;
  phone_calls: number;
  hold_seconds: number[];
  contact_channels: string[];
  nps_score: number | null;
  nps_at: Timestamp | null;
  nps_event_id: string | null;
  /** The customer's mrr, kept equal to customers.mrr (for the period summaries). */
  mrr: number | null;
  /**
   * The local day (rollups' time zone) of the customer's first `churned` event at or after
   * period_start (migrations/…-churn-per-profile). A date: select it as churned_on::text.
   */
  churned_on: string | null;
  /** The customer's attribute set, kept equal to customers.attribute_set (for the per-set summaries). */
  attribute_set: number;
}

/** What decides a customer's stage under any ladder (migrations/…-period-summaries). */
interface PeriodProfile {
  grain: 'week' | 'month' | 'quarter';
  period_start: Timestamp;
  active: boolean;
  has_help: boolean;
  has_chatbot: boolean;
  has_phone: boolean;
  channels: string[];
}

/** How many customers of a period had one profile, and the sums of their figures. */
export interface PeriodProfilesTable extends PeriodProfile {
  customers: number;
  mrr: number;
  feature_sum: number;
  help_views: number;
  chatbot_conversations: number;
  chatbot_escalated: number;
  phone_calls: number;
  nps_responses: number;
  promoters: number;
  detractors: number;
}

/** Per profile: customers who used a feature, contact events of a channel, or customers who churned on a day. */
export interface PeriodProfileItemsTable extends PeriodProfile {
  kind: 'feature' | 'channel' | 'churn';
  item: string;
  n: number;
}

/** How many calls of a period had each hold time. */
export interface PeriodHoldTimesTable {
  grain: 'week' | 'month' | 'quarter';
  period_start: Timestamp;
  hold_seconds: number;
  calls: number;
}

/** Per 15-minute bucket: customers who appeared in it, and who first churned in it (changes, summed). */
export interface CustomerMilestonesTable {
  bucket: Timestamp;
  appeared: number;
  churned: number;
}

/** Each distinct map of customer attributes, numbered (migrations/…-segment-summaries). */
export interface AttributeSetsTable {
  id: Generated<number>;
  attributes: ColumnType<Record<string, string>, string, never>;
}

/** The period summaries again, per attribute set: a segment's figures add up its sets' rows. */
export interface SegmentProfilesTable extends PeriodProfilesTable {
  attribute_set: number;
}
export interface SegmentProfileItemsTable extends PeriodProfileItemsTable {
  attribute_set: number;
}
export interface SegmentHoldTimesTable extends PeriodHoldTimesTable {
  attribute_set: number;
}
export interface SegmentMilestonesTable extends CustomerMilestonesTable {
  attribute_set: number;
}

/** Stored events waiting for the rollup worker (migrations/…-rollup-queue, rollups/queue.ts). */
export interface RollupQueueTable {
  id: Generated<number>;
  event_ids: string[];
  queued_at: Generated<Timestamp>;
}

/** A dated note shown on the time charts (migrations/…-annotations). */
export interface AnnotationsTable {
  id: Generated<number>;
  occurred_on: ColumnType<string, string, string>;
  text: string;
  created_at: Generated<Date>;
}

/** A person who signs in (migrations/…-access). Email is stored lower-cased. */
export interface UsersTable {
  id: string;
  email: string;
  role: 'admin' | 'viewer';
  password_hash: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A signed-in browser: the cookie holds the id, the table only its SHA-256. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

/** An ingestion key: found by its visible prefix, checked by hash. */
export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scope: 'ingest';
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A read-only link to the dashboards, optionally pinned to a segment. */
export interface ShareLinksTable {
  id: string;
  label: string;
  prefix: string;
  token_hash: string;
  segment: ColumnType<Record<string, string[]> | null, string | null, string | null>;
  allow_customer_details: Generated<boolean>;
  expires_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Counted figures of one period, settings version and segment (see journey/counts-cache.ts). */
export interface PeriodCountsCacheTable {
  grain: string;
  period_start: Timestamp;
  variant: string;
  /** the end of the period: any event before it may change these counts */
  period_end: Timestamp;
  /** the end of the period's churn window (its end, for counts no churn reaches): a churned event before it may change them */
  affects_until: Timestamp;
  counts: ColumnType<unknown, string, string>;
  computed_at: Generated<Date>;
  /** the pg_snapshot the counts were taken in, as text */
  snapshot: string;
  snapshot_xmin: string;
  data_as_of: Timestamp | null;
}

/** One data change that may have made cached counts stale (see journey/counts-cache.ts). */
export interface CountInvalidationsTable {
  xid: Generated<string>;
  /** the earliest event changed; null: anything may have changed */
  since: Timestamp | null;
  /** the earliest churned event changed (null: none) */
  churn_since: Timestamp | null;
  at: Generated<Date>;
}

/** A list of people who get the snapshot email (migrations/…-subscriptions). */
export interface SubscriptionsTable {
  id: string;
  name: string;
  recipients: string[];
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** HH:MM in `timezone` */
  local_time: string;
  timezone: string;
  grain: 'week' | 'month';
  segment: ColumnType<Record<string, string[]>, string, string>;
  sections: string[];
  paused: Generated<boolean>;
  /** Scheduled moments before this (creation or the last resume) are not sent. */
  active_since: Timestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One snapshot of one subscription and period, rendered once for all its recipients. */
export interface SnapshotOutboxTable {
  id: Generated<number>;
  subscription_id: string;
  period_key: string;
  kind: 'scheduled' | 'manual';
  scheduled_for: Timestamp;
  subject: string | null;
  html: string | null;
  text: string | null;
  chart_png: Buffer | null;
  rendered_at: Timestamp | null;
  created_at: Generated<Date>;
}

/** One recipient's copy of a snapshot: claimed ('sending') before it is handed to SMTP. */
export interface SnapshotDeliveriesTable {
  id: Generated<number>;
  outbox_id: number;
  recipient: string;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed' | 'unknown'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  claimed_at: Timestamp | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: Timestamp | null;
  created_at: Generated<Date>;
}
