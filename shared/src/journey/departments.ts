import { meanFromSum } from './percentile.ts';
import { shareOf } from './shares.ts';

// Figures of the trees and of the stages that are one division each (spec "Per-stage
// figures" and "Department figures"). SQL supplies the counts and sums.

/** Chatbot containment: conversations not escalated to a human / conversations; null with none. */
export function containment(conversations: number, escalated: number): number | null {
  if (escalated > conversations) throw new RangeError(`${escalated} escalated conversations cannot come from ${conversations}.`);
  return shareOf(conversations - escalated, conversations);
}

/** Feature adoption: customers who used the feature in the period / active customers. */
export function adoption(users: number, activeCustomers: number): number | null {
  return shareOf(users, activeCustomers);
}

/** Feature breadth: mean number of distinct features used per customer of a stage (those using none count as 0). */
export function featureBreadth(distinctFeaturesSummed: number, stageCustomers: number): number | null {
  return meanFromSum(distinctFeaturesSummed, stageCustomers);
}

/** A stage's revenue share: its customers' MRR / all active customers' MRR ("12% of revenue had to phone us"). */
export function revenueShare(stageMrr: number, activeMrr: number): number | null {
  return shareOf(stageMrr, activeMrr);
}
