import { AUTOMATIONS_V2, AUTOMATIONS_V2_ARTICLES, HELP_ARTICLES, RELAUNCH_ARTICLES } from './company.ts';
import type { DemoCustomer } from './customers.ts';
import type { EventDraft } from './event-shapes.ts';
import type { Random } from './random.ts';
import { AUTOMATIONS_V2_TROUBLE, monthKnobs, type StoryMonths } from './stories.ts';

/** Ladder rank reached in a month: 0 just works, 1 in-product help, 2 chatbot, 3 phone call. */
export type Rank = 0 | 1 | 2 | 3;

/** What one active customer did in one month. */
export interface ActiveMonth {
  events: EventDraft[];
  rank: Rank;
  usedAutomationsV2: boolean;
  /** When the month's worst experience ended (an unsolved chat or a call), or null. */
  troubleAt: number | null;
}

const MINUTE = 60_000;
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The events of an active month for `customer` in [lo, hi), month `no` of the demo. */
export function activeMonth(rng: Random, customer: DemoCustomer, no: number, lo: number, hi: number, stories: StoryMonths, firstMonth: boolean): ActiveMonth {
  const events: EventDraft[] = [];
  const at = () => wholeSecond(rng.between(lo, hi));
  const onV2 = customer.automationsV2From !== null && no >= customer.automationsV2From;

  let usedAutomationsV2 = false;
  for (const feature of customer.features) {
    if (!rng.chance(feature === 'reports' ? 0.8 : 0.55)) continue;
    const name = feature === 'automations' && onV2 ? AUTOMATIONS_V2 : feature;
    if (name === AUTOMATIONS_V2) usedAutomationsV2 = true;
    for (let n = rng.int(1, 4); n > 0; n--) events.push({ type: 'feature_used', feature: name, at: at() });
  }
  if (onV2 && !usedAutomationsV2 && rng.chance(0.5)) {
    usedAutomationsV2 = true;
    events.push({ type: 'feature_used', feature: AUTOMATIONS_V2, at: at() });
  }
  if (rng.chance(0.025)) events.push({ type: 'contact', channel: 'email', at: at() });

  const trouble = customer.problemChance + (firstMonth ? 0.2 : 0) + (usedAutomationsV2 ? AUTOMATIONS_V2_TROUBLE : 0);
  if (!rng.chance(Math.min(0.95, trouble))) {
    // Active at least once: a quiet month is still a login to a plain feature.
    const plain = customer.features.find((f) => f !== 'automations') ?? 'reports';
    if (events.length === 0) events.push({ type: 'feature_used', feature: plain, at: at() });
    return { events, rank: 0, usedAutomationsV2, troubleAt: null };
  }

  // A problem: the customer climbs the ladder until something solves it.
  const knobs = monthKnobs(no, stories, usedAutomationsV2);
  const span = Math.min(6 * 60 * MINUTE, (hi - lo) / 2);
  let t = wholeSecond(rng.between(lo, hi - span));
  const step = () => (t = Math.min(hi - 1000, wholeSecond(t + rng.between(MINUTE, span / 6))));
  let rank: Rank = 0;
  let troubleAt: number | null = null;
  const relaunched = no >= stories.helpRelaunch;

  let phone = rng.chance(customer.phoneFirst);
  if (!phone && rng.chance(knobs.helpFirst)) {
    rank = 1;
    for (let n = rng.weighted([[1, 5], [2, 3], [3, 2]] as const); n > 0; n--) {
      const article = usedAutomationsV2 && rng.chance(0.5)
        ? rng.pick(AUTOMATIONS_V2_ARTICLES)
        : relaunched && rng.chance(0.4) ? rng.pick(RELAUNCH_ARTICLES) : rng.pick(HELP_ARTICLES);
      events.push(rng.chance(0.1) ? { type: 'help_viewed', at: step() } : { type: 'help_viewed', article, at: step() });
    }
    if (rng.chance(knobs.helpSolves)) return { events, rank, usedAutomationsV2, troubleAt };
    // Not solved: some give up for now, a few pick up the phone, most ask the chatbot.
    const next = rng.weighted([['give up', 0.2], ['phone', 0.1], ['chatbot', 0.7]] as const);
    if (next === 'give up') return { events, rank, usedAutomationsV2, troubleAt };
    phone = next === 'phone';
  } else if (!phone) phone = rng.chance(0.2);
  if (!phone) {
    rank = 2;
    const solved = rng.chance(knobs.chatbotSolves);
    const escalated = !solved && rng.chance(0.5);
    events.push({ type: 'chatbot_conversation', escalated, ...(rng.chance(0.9) ? { resolved: solved } : {}), at: step() });
    if (solved) return { events, rank, usedAutomationsV2, troubleAt };
    troubleAt = t;
    phone = rng.chance(knobs.chatbotToPhone + (escalated ? 0.1 : 0));
  }

  if (phone) {
    rank = 3;
    for (let calls = rng.chance(knobs.callBack) ? 2 : 1; calls > 0; calls--) {
      const hold = Math.round(rng.logNormal(knobs.meanHoldSeconds, 0.7));
      const talk = Math.round(rng.logNormal(knobs.meanTalkSeconds, 0.5));
      events.push({ type: 'phone_call', hold_seconds: hold, ...(rng.chance(0.95) ? { talk_seconds: talk } : {}), at: step() });
    }
    troubleAt = t;
  }
  return { events, rank, usedAutomationsV2, troubleAt };
}
