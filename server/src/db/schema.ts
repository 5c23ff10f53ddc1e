import type { ColumnType, Generated } from 'kysely';

/** Table row types as the database stores them (snake_case); API objects live in shared/. */
export interface Database {
  customers: CustomersTable;
  events: EventsTable;
  customer_periods: CustomerPeriodsTable;
  settings: SettingsTable;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CustomersTable {
  id: string;
  name: string | null;
  created_at: Timestamp | null;
  mrr: number | null;
  attributes: ColumnType<Record<string, string>, string | Record<string, string>, string | Record<string, string>>;
  first_seen_at: Timestamp | null;
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
}
