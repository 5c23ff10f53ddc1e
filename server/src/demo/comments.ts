import type { Random } from './random.ts';

// Verbatim NPS comments, as real customers type them: short, specific, sometimes rude,
// with typos, quotes, "<", "&" and the odd non-English word. Drill-down shows them as is.

export type StageKey = 'just_works' | 'in_product_help' | 'chatbot' | 'phone_call';
export type Band = 'promoter' | 'passive' | 'detractor';

/** The NPS band of a score: 9-10 promoter, 7-8 passive, 0-6 detractor. */
export function bandOf(score: number): Band {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

type Pool = Record<Band, readonly string[]>;

export const COMMENTS: Record<StageKey, Pool> = {
  just_works: {
    promoter: [
      'Does exactly what we need. Setup took one afternoon.',
      'The weekly report lands in my inbox every Monday and my boss reads it. That alone is worth it.',
      'Dashboards are fast & the team actually uses them <3',
      'Bulk edit saved us about 6 hours last month, no exaggeration.',
      'Honestly I forget it is there, which is the highest compliment I can give software.',
      'We moved from spreadsheets to Larchwood in a week. Never going back!',
      'Sehr zufrieden, läuft einfach.',
      'Export to Excel "just works" - our finance team was sceptical, now they love it',
    ],
    passive: [
      'Good product. Pricing for extra seats is a bit steep for a team our size.',
      'Solid, but the mobile view needs work.',
      'Fine. Would like more chart types in dashboards.',
    ],
    detractor: [
      'Works, but the price went up 20% at renewal and nobody told us why.',
      'It does the job; we are still looking at cheaper options.',
    ],
  },
  in_product_help: {
    promoter: [
      'The new guides are great, found the answer in 2 minutes without talking to anyone.',
      'Tooltip on the export screen explained the CSV vs XLSX thing perfectly.',
      'Love that the help opens right next to what I am doing.',
      'Docs are clear & have screenshots that match the actual product. Rare!',
    ],
    passive: [
      'Had to read 3 articles to figure out roles, but got there.',
      'Help search is ok, results could be better ordered.',
      'Article on Salesforce sync was a bit out of date but close enough.',
    ],
    detractor: [
      'Why do I need to read a manual to schedule a report??',
      'The help article said to click "Settings > Integrations" but that menu does not exist anymore.',
      'Searched for "export dates wrong" and got 40 results, none about my problem.',
    ],
  },
  chatbot: {
    promoter: [
      'Bot sorted my billing question in under a minute, impressive.',
      'Chat assistant found the right setting faster than I would have.',
    ],
    passive: [
      'The bot got there eventually. Took a few rephrasings.',
      'Chat was ok, would prefer a human for anything non-trivial.',
      'Got my answer from the bot but only after it sent me 3 irrelevant links.',
    ],
    detractor: [
      'Tried the bot 3x -> "I didn\'t understand that. Here are some articles you might like"',
      'Your chatbot is a wall between me and someone who can help.',
      'Asked why my integration stopped syncing, bot told me how to reset my password. Useless.',
      'The chat said a human would "get back to me shortly". That was Tuesday.',
      'Stop making me talk to a robot when I am paying for <Pro> support.',
      'Bot answered confidently & completely wrong about our invoice.',
    ],
  },
  phone_call: {
    promoter: [
      'Maria on the phone fixed in 10 min what I had been fighting with for a week. Give her a raise.',
      'Support call was quick and friendly, problem solved.',
    ],
    passive: [
      'Phone support was helpful once I got through.',
      'Short wait, nice agent, but I had to call back because the fix did not stick.',
      'Hold time <2 min, great - but I should not have needed to call at all.',
    ],
    detractor: [
      '25 minutes on hold to be told "it\'s a known issue".',
      'Called twice, got two different answers. Still broken.',
      'Agent rushed me off the phone in 3 minutes & the problem came back the next day.',
      'I spend more time with your support line than with your product.',
      'We lost a full day of reports. Nobody could tell us why. We are reviewing our contract.',
      'Three calls this month. THREE. For a tool that is supposed to save us time.',
      'Le support téléphonique est aimable, mais rien n\'est résolu.',
      'The agent said "just re-import everything". 14,000 rows. Are you serious?',
    ],
  },
};

/** Comments from customers on automations v2, whatever stage they reached. */
export const AUTOMATIONS_V2_COMMENTS: Pool = {
  promoter: ['Automations v2 is powerful once you get it. Getting it took a call though.'],
  passive: ['v2 automations can do more, but the new trigger & condition editor is confusing.'],
  detractor: [
    'Automations v2 broke every workflow we had. No migration guide, no warning.',
    'What does "condition group (legacy)" mean?? Our invoices stopped sending after the v2 switch.',
    'Bring back the old automations. v2 needs a PhD & a support call for every change.',
    'Since the automations update I call your support more than my own team.',
  ],
};

/** Chance that a response carries a comment: unhappy customers write more. */
const COMMENT_CHANCE: Record<Band, number> = { promoter: 0.28, passive: 0.22, detractor: 0.45 };

/** A comment for a response of this score at this stage, or undefined (most answers have none). */
export function pickComment(rng: Random, stage: StageKey, score: number, automationsV2: boolean): string | undefined {
  const band = bandOf(score);
  if (!rng.chance(COMMENT_CHANCE[band])) return undefined;
  const pool = automationsV2 && rng.chance(0.5) ? AUTOMATIONS_V2_COMMENTS : COMMENTS[stage];
  return rng.pick(pool[band]);
}
