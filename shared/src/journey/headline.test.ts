import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, type Ladder } from '../schemas/settings.ts';
import { headline, headlineShort, type HeadlineInput } from './headline.ts';
import { npsFromCounts } from './nps.ts';
import { periodContaining } from './periods.ts';

const october = periodContaining('month', '2025-10-01', 'Europe/Berlin');
const base: HeadlineInput = {
  ladder: DEFAULT_LADDER,
  period: october,
  stageCounts: [800, 100, 52, 48], // 4.8% phoned
  previousStageCounts: [780, 110, 54, 56], // 5.6%
  lastStageNps: npsFromCounts({ promoters: 10, detractors: 16, responses: 50 }), // −12
  firstStageNps: npsFromCounts({ promoters: 200, detractors: 77, responses: 300 }), // +41
};

const withEmailLast: Ladder = [
  ...DEFAULT_LADDER.slice(0, 3),
  { key: 'account_manager', label: 'Account manager', eventTypes: ['phone_call'], channels: ['email'] },
];

describe('headline', () => {
  test.each<[string, Partial<HeadlineInput>, string]>([
    [
      'the usual case',
      {},
      '4.8% of customers had to phone us in October 2025, down from 5.6%; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'a rise',
      { previousStageCounts: [800, 100, 60, 40] },
      '4.8% of customers had to phone us in October 2025, up from 4.0%; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'no change at one decimal',
      { previousStageCounts: [8000, 1000, 520, 481] },
      '4.8% of customers had to phone us in October 2025, the same as the period before; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'no previous period',
      { previousStageCounts: null },
      '4.8% of customers had to phone us in October 2025; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'a previous period with nobody active',
      { previousStageCounts: [0, 0, 0, 0] },
      '4.8% of customers had to phone us in October 2025; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'no NPS responses on the last stage',
      { lastStageNps: npsFromCounts({ promoters: 0, detractors: 0, responses: 0 }) },
      '4.8% of customers had to phone us in October 2025, down from 5.6%; none of them answered the NPS survey.',
    ],
    [
      'no NPS responses where it just worked',
      { firstStageNps: null },
      '4.8% of customers had to phone us in October 2025, down from 5.6%; their NPS was −12 (50 responses).',
    ],
    [
      'a low sample',
      { lastStageNps: npsFromCounts({ promoters: 1, detractors: 2, responses: 4 }) },
      '4.8% of customers had to phone us in October 2025, down from 5.6%; their NPS was −25 (4 responses, low sample) against +41 (300 responses) where it just worked.',
    ],
    ['zero customers', { stageCounts: [0, 0, 0, 0] }, 'No customers were active in October 2025.'],
    [
      'a custom last stage',
      { ladder: withEmailLast },
      '4.8% of customers had to reach account manager in October 2025, down from 5.6%; their NPS was −12 (50 responses) against +41 (300 responses) where it just worked.',
    ],
    [
      'a week',
      { period: periodContaining('week', '2025-03-05', 'UTC'), previousStageCounts: null, lastStageNps: null },
      '4.8% of customers had to phone us in the week of 3 Mar 2025; none of them answered the NPS survey.',
    ],
    [
      'nobody on the last stage',
      { stageCounts: [10, 0, 0, 0], previousStageCounts: null, lastStageNps: null },
      '0.0% of customers had to phone us in October 2025; none of them answered the NPS survey.',
    ],
  ])('%s', (_, change, sentence) => {
    expect(headline({ ...base, ...change })).toBe(sentence);
  });
});

describe('headlineShort', () => {
  test.each<[string, Partial<HeadlineInput>, string]>([
    ['down', {}, '4.8% had to phone us, down 0.8 pts'],
    ['up', { previousStageCounts: [800, 100, 60, 40] }, '4.8% had to phone us, up 0.8 pts'],
    ['unchanged', { previousStageCounts: [48, 0, 0, 952].reverse() }, '4.8% had to phone us, unchanged'],
    ['no previous period', { previousStageCounts: undefined }, '4.8% had to phone us'],
    ['zero customers', { stageCounts: [0, 0, 0, 0] }, 'No active customers in October 2025'],
    ['a custom last stage', { ladder: withEmailLast }, '4.8% had to reach account manager, down 0.8 pts'],
  ])('%s', (_, change, subject) => {
    expect(headlineShort({ ...base, ...change })).toBe(subject);
  });

  test('the points are the difference of the shares shown, so the subject adds up', () => {
    // 4.75% shows as 4.8% and 5.64% as 5.6%: the reader computes 0.8, not 0.89
    expect(headlineShort({ ...base, stageCounts: [9525, 0, 0, 475], previousStageCounts: [9436, 0, 0, 564] })).toBe(
      '4.8% had to phone us, down 0.8 pts',
    );
  });
});
