import type { Static } from 'typebox';
import type { EventInputByType } from '@canopy/shared/schemas/ingest.ts';

// shared's `EventInput` is a Type.Union over Object.values(...), whose static type
// TypeScript widens to `never`; the per-type schemas give the real union.

type ByType = typeof EventInputByType;

/** An event in exactly the API's shape, one member per event type. */
export type DemoEvent = { [K in keyof ByType]: Static<ByType[K]> }[keyof ByType];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it has an id: its type-specific fields and when it happened (epoch ms). */
export type EventDraft = DistributiveOmit<DemoEvent, 'id' | 'customer_id' | 'occurred_at'> & { at: number };
