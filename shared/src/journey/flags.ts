import { DEFAULT_LADDER, type Ladder } from '../schemas/settings.ts';
import { stageForEventType } from './ladder.ts';
import { formatCount, formatSecondsPair, formatSharePair, reachPhrase } from './phrases.ts';

// Local optimum (spec "Comparisons and movement"): a department figure that improved while
// the share of customers reaching that department's stage or beyond grew. The department's
// stage is found by the event type that lands on it, so any ladder works; a department
// whose event type is on no stage, or a figure unknown in either period, raises no flag.

/** The numbers of one period the flags compare. Every figure is optional: missing means unknown. */
export interface LocalOptimumInput {
  /** reached(k) per stage in ladder order, as reachedFromCounts gives it. */
  reached: readonly (number | null)[];
  support?: { holdMeanSeconds?: number | null; holdMedianSeconds?: number | null; holdP90Seconds?: number | null };
  chatbot?: { containment?: number | null };
  help?: { views?: number | null; viewers?: number | null };
}

export type Department = 'support' | 'chatbot' | 'help';

/** One flag: which figure improved, on which stage's reach, in plain words. */
export interface LocalOptimumFlag {
  department: Department;
  /** The figure's name in the API: holdMeanSeconds, holdMedianSeconds, holdP90Seconds, containment, helpViews, helpViewers. */
  figure: string;
  stageKey: string;
  previous: number;
  current: number;
  message: string;
}

interface Rule {
  department: Department;
  figure: LocalOptimumFlag['figure'];
  eventType: string;
  /** What the department counts as better: hold times down; containment, help views and viewers up. */
  better: 'lower' | 'higher';
  read: (input: LocalOptimumInput) => number | null | undefined;
  describe: (before: number, after: number) => string;
}

const seconds = (name: string) => (before: number, after: number) => {
  const [from, to] = formatSecondsPair(before, after);
  return `${name} fell from ${from} to ${to}`;
};

const RULES: Rule[] = [
  { department: 'support', figure: 'holdMeanSeconds', eventType: 'phone_call', better: 'lower', read: (i) => i.support?.holdMeanSeconds, describe: seconds('Mean hold time') },
  { department: 'support', figure: 'holdMedianSeconds', eventType: 'phone_call', better: 'lower', read: (i) => i.support?.holdMedianSeconds, describe: seconds('Median hold time') },
  { department: 'support', figure: 'holdP90Seconds', eventType: 'phone_call', better: 'lower', read: (i) => i.support?.holdP90Seconds, describe: seconds('90th-percentile hold time') },
  {
    department: 'chatbot', figure: 'containment', eventType: 'chatbot_conversation', better: 'higher', read: (i) => i.chatbot?.containment,
    describe: (before, after) => {
      const [from, to] = formatSharePair(before, after);
      return `Chatbot containment rose from ${from} to ${to}`;
    },
  },
  {
    department: 'help', figure: 'helpViews', eventType: 'help_viewed', better: 'higher', read: (i) => i.help?.views,
    describe: (before, after) => `Help views rose from ${formatCount(before)} to ${formatCount(after)}`,
  },
  {
    department: 'help', figure: 'helpViewers', eventType: 'help_viewed', better: 'higher', read: (i) => i.help?.viewers,
    describe: (before, after) => `Customers viewing help rose from ${formatCount(before)} to ${formatCount(after)}`,
  },
];

/** The department figures that improved from `previous` to `current` while more customers reached their stage or beyond. */
export function localOptimumFlags(current: LocalOptimumInput, previous: LocalOptimumInput, ladder: Ladder = DEFAULT_LADDER): LocalOptimumFlag[] {
  const flags: LocalOptimumFlag[] = [];
  for (const rule of RULES) {
    const found = stageForEventType(ladder, rule.eventType);
    if (!found) continue;
    const reachedNow = current.reached[found.rank - 1] ?? null;
    const reachedBefore = previous.reached[found.rank - 1] ?? null;
    const now = rule.read(current) ?? null;
    const before = rule.read(previous) ?? null;
    if (reachedNow === null || reachedBefore === null || now === null || before === null) continue;
    const improved = rule.better === 'lower' ? now < before : now > before;
    if (!improved || !(reachedNow > reachedBefore)) continue;
    const [from, to] = formatSharePair(reachedBefore, reachedNow);
    flags.push({
      department: rule.department,
      figure: rule.figure,
      stageKey: found.stage.key,
      previous: before,
      current: now,
      message: `${rule.describe(before, now)}, but more customers ${reachPhrase(ladder, found.rank)}: ${from} \u2192 ${to}.`,
    });
  }
  return flags;
}
