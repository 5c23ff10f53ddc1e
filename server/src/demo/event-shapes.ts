import type { EventInput } from '@canopy/shared';

/** An event in exactly the API's shape. */
export type DemoEvent = EventInput;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it has an id: its type-specific fields and when it happened (epoch ms). */
export type EventDraft = DistributiveOmit<DemoEvent, 'id' | 'customer_id' | 'occurred_at'> & { at: number };
