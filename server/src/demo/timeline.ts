import type { DemoMonth } from './calendar.ts';
import { pickComment, type StageKey } from './comments.ts';
import type { DemoCustomer } from './customers.ts';
import type { EventDraft } from './event-shapes.ts';
import { activeMonth, type ActiveMonth, type Rank } from './month.ts';
import type { Random } from './random.ts';
import type { StoryMonths } from './stories.ts';

const DAY = 86_400_000;
const STAGES: readonly StageKey[] = ['just_works', 'in_product_help', 'chatbot', 'phone_call'];

/** Mean NPS score by ladder rank before the customer's own mood and noise. */
const NPS_MEAN = [8.9, 8.1, 6.9, 5.4];
/** Monthly chance of cancelling by the month's ladder rank. */
const CHURN_HAZARD = [0.003, 0.005, 0.013, 0.05];

const REASONS_CALM: readonly (readonly [string, number])[] = [
  ['Too expensive for what we use', 4],
  ['Budget cuts', 3],
  ['Switched to a competitor', 3],
  ['Company closed', 1],
  ['Merged with another company', 1],
  ['No longer need it', 2],
];
const REASONS_HURT: readonly (readonly [string, number])[] = [
  ['Support took too long to fix our problem', 5],
  ['Too complicated for our team', 3],
  ['Switched to a competitor', 2],
  ['Too expensive for what we use', 1],
];

/** Every event of one customer over the demo months, in time order, none after `end` or after churning. */
export function customerTimeline(rng: Random, customer: DemoCustomer, months: readonly DemoMonth[], stories: StoryMonths): EventDraft[] {
  const events: EventDraft[] = [];
  const end = months[months.length - 1]!.end;
  let churnAt: number | null = null;
  // New sign-ups have more questions in their first month.
  let firstMonth = customer.createdMs >= months[0]!.start;
  const planFactor = customer.plan === 'starter' ? 1.4 : customer.plan === 'enterprise' ? 0.5 : 1;

  for (const month of months) {
    if (churnAt !== null && churnAt <= month.start) break;
    const lo = Math.max(month.start, customer.createdMs);
    const hi: number = churnAt ?? month.end;
    if (hi - lo < 3_600_000) continue;
    const active = rng.chance(firstMonth ? 0.97 : customer.activity);
    const outcome: ActiveMonth | null = active ? activeMonth(rng, customer, month.no, lo, Math.min(hi, month.end), stories, firstMonth) : null;
    firstMonth = false;
    const monthEvents = outcome?.events ?? [];
    if (churnAt !== null) {
      // Cancelled early next month: only what happened before the cancellation counts.
      events.push(...monthEvents.filter((e) => e.at < churnAt!));
      continue;
    }
    events.push(...monthEvents);
    const rank: Rank = outcome?.rank ?? 0;
    let last = monthEvents.reduce((max, e) => Math.max(max, e.at), lo);

    let score: number | null = null;
    if (rng.chance(active ? 0.12 : 0.02) && last < month.end - 1000) {
      const v2 = outcome?.usedAutomationsV2 ?? false;
      const mean = NPS_MEAN[rank]! + customer.mood - (v2 ? 0.6 : 0);
      score = Math.max(0, Math.min(10, Math.round(mean + 1.4 * rng.normal())));
      const at = Math.floor(rng.between(last + 1000, month.end) / 1000) * 1000;
      const comment = pickComment(rng, STAGES[rank]!, score, v2);
      events.push({ type: 'nps_response', score, ...(comment === undefined ? {} : { comment }), at });
      last = at;
    }

    const hazard = (active ? CHURN_HAZARD[rank]! : 0.008) * planFactor * (score !== null && score <= 6 ? 2.5 : 1);
    if (rng.chance(hazard)) {
      const hurt = outcome?.troubleAt ?? null;
      // Customers leave within weeks of what went wrong, after everything else they did.
      const at = Math.floor((last + rng.between(2 * DAY, 30 * DAY)) / 1000) * 1000;
      // A cancellation that would land after today has simply not happened yet.
      if (at <= end) {
        churnAt = at;
        const reason = rng.weighted(hurt !== null ? REASONS_HURT : REASONS_CALM);
        events.push({ type: 'churned', ...(rng.chance(0.85) ? { reason } : {}), at });
      }
    }
  }
  return events.sort((a, b) => a.at - b.at);
}
