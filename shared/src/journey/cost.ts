import type { UnitCosts } from '../schemas/settings.ts';
import { ASSISTED_EVENT_TYPES, type AssistedEventType } from './ladder.ts';

// Cost to serve (spec "Contacts and cost to serve"): assisted events × configured unit costs.

/** The cost of a set of assisted events, in total and by what caused it. */
export interface ContactCost {
  total: number;
  byType: Record<AssistedEventType, number>;
  byChannel: Record<string, number>;
  /** Contact channels with events but no configured unit cost: counted at 0 and shown as unpriced. */
  unpricedChannels: string[];
}

// Money is summed in millionths so 0.10 + 1.00 + 8.00 + 16.00 is 25.1, not 25.099999999999998.
const MICROS = 1_000_000;
const toMicros = (amount: number) => Math.round(amount * MICROS);

function checkCount(what: string, count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`The count of ${what} must be a whole number of 0 or more; got ${count}.`);
  return count;
}

/** What the given assisted events cost at the unit costs: help views, chatbot conversations, calls and contacts by channel. */
export function costOfContacts(
  countsByType: Partial<Record<AssistedEventType, number>>,
  countsByChannel: Readonly<Record<string, number>>,
  unitCosts: UnitCosts,
): ContactCost {
  let totalMicros = 0;
  const byType = {} as Record<AssistedEventType, number>;
  for (const type of ASSISTED_EVENT_TYPES) {
    const micros = checkCount(type, countsByType[type] ?? 0) * toMicros(unitCosts[type]);
    byType[type] = micros / MICROS;
    totalMicros += micros;
  }
  const byChannel: Record<string, number> = {};
  const unpricedChannels: string[] = [];
  for (const [channel, count] of Object.entries(countsByChannel)) {
    const unit = Object.hasOwn(unitCosts.channels, channel) ? unitCosts.channels[channel] : undefined;
    if (unit === undefined && checkCount(`${channel} contacts`, count) > 0) unpricedChannels.push(channel);
    const micros = checkCount(`${channel} contacts`, count) * toMicros(unit ?? 0);
    byChannel[channel] = micros / MICROS;
    totalMicros += micros;
  }
  return { total: totalMicros / MICROS, byType, byChannel, unpricedChannels: unpricedChannels.sort() };
}

/** Cost per customer of a stage: its total over all its customers, those with no contact included; null with none. */
export function costPerCustomer(total: number, customers: number): number | null {
  if (!Number.isInteger(customers) || customers < 0) throw new RangeError(`customers must be a whole number of 0 or more; got ${customers}.`);
  return customers === 0 ? null : total / customers;
}
