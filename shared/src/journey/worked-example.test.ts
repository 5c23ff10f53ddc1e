import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_SETTINGS } from '../schemas/settings.ts';
import { churnComplete, churnRate, churnWindowEnd, financeChurnRate } from './churn.ts';
import { costOfContacts, costPerCustomer } from './cost.ts';
import { adoption, containment, featureBreadth, revenueShare } from './departments.ts';
import { headline, headlineShort } from './headline.ts';
import { isUnmappedContact, stageRankForEvent } from './ladder.ts';
import { npsFromScores } from './nps.ts';
import { mean, median, percentileCont } from './percentile.ts';
import { periodContaining, periodContains } from './periods.ts';
import { largestRemainder } from './rounding.ts';
import { reachedFromCounts, sharesFromCounts } from './shares.ts';

// The spec's worked example (March 2025, UTC, default ladder and costs). The counts below
// are what the server's SQL counts from the example's events; here they are read off the
// example by hand, and every figure the spec states is reproduced from them.

const march = periodContaining('month', '2025-03-15', 'UTC');
const settings = DEFAULT_SETTINGS;

describe('the March 2025 worked example', () => {
  test('the period is [2025-03-01, 2025-04-01) and holds E’s call at 23:59:59 on the 31st', () => {
    expect([march.start.toISOString(), march.end.toISOString(), march.key]).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-04-01T00:00:00.000Z',
      '2025-03',
    ]);
    expect(periodContains(march, new Date('2025-03-31T23:59:59Z'))).toBe(true);
  });

  test('stages: each active customer’s right-most stage; G’s email is unmapped', () => {
    const assistedEvents: Record<string, [type: string, channel?: string][]> = {
      A: [],
      B: [['help_viewed']],
      C: [['help_viewed'], ['chatbot_conversation'], ['phone_call']],
      D: [['chatbot_conversation']],
      E: [['phone_call'], ['phone_call']],
      G: [['contact', 'email']],
    };
    const stageOf = (events: [string, string?][]) =>
      Math.max(1, ...events.map(([type, channel]) => stageRankForEvent(settings.ladder, type, channel) ?? 1));
    expect(Object.fromEntries(Object.entries(assistedEvents).map(([id, events]) => [id, stageOf(events)]))).toEqual({
      A: 1,
      B: 2,
      C: 4,
      D: 3,
      E: 4,
      G: 1,
    });
    expect(Object.values(assistedEvents).flat().filter(([type, channel]) => isUnmappedContact(settings.ladder, type, channel))).toHaveLength(1);
  });

  const stageCounts = [2, 1, 1, 2]; // just works {A, G}, help {B}, chatbot {D}, phone {C, E}

  test('shares 1/3, 1/6, 1/6, 1/3 (33.3, 16.7, 16.7, 33.3 shown) and reached 1, 2/3, 1/2, 1/3', () => {
    const shares = sharesFromCounts(stageCounts) as number[];
    expect(shares).toEqual([1 / 3, 1 / 6, 1 / 6, 1 / 3]);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(1);
    expect(largestRemainder(stageCounts, 1)).toEqual([33.3, 16.7, 16.7, 33.3]);
    expect(reachedFromCounts(stageCounts)).toEqual([1, 2 / 3, 1 / 2, 1 / 3]);
  });

  test.each([
    ['just works', [10], 100, 1], // A
    ['in-product help', [9], 100, 1], // B's latest (9 on 03-25, not 3 on 03-06)
    ['chatbot', [], null, 0], // D never answered
    ['phone call', [2, 7], -50, 2], // C detractor, E passive
  ])('NPS of %s: %s → %s over %i responses, low-sample', (_, scores, score, responses) => {
    expect(npsFromScores(scores, settings.minNpsSample)).toMatchObject({ score, responses, lowSample: true });
  });

  test('CX NPS over everyone’s latest response, active or not (F included): +20 over 5', () => {
    expect(npsFromScores([10, 9, 2, 7, 8], settings.minNpsSample)).toMatchObject({ score: 20, responses: 5, lowSample: true });
  });

  test('churn by stage: phone call 1/2 (C on 04-15 inside [03-01, 05-01)), chatbot 0/1 (D on 05-10 outside)', () => {
    const windowEnd = churnWindowEnd(march.end, settings.churnWindowDays, 'UTC');
    expect(windowEnd.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(new Date('2025-04-15T00:00:00Z') < windowEnd).toBe(true);
    expect(new Date('2025-05-10T00:00:00Z') < windowEnd).toBe(false);
    expect(churnRate(1, 2)).toBe(0.5);
    expect(churnRate(0, 1)).toBe(0);
    expect(churnComplete(march.end, settings.churnWindowDays, new Date('2025-04-20T00:00:00Z'))).toBe(false);
    expect(churnComplete(march.end, settings.churnWindowDays, new Date('2025-05-01T00:00:00Z'))).toBe(true);
  });

  test('revenue: active MRR 650, the phone call stage 500 (0.769...)', () => {
    const activeMrr = 100 + 50 + 200 + 0 + 300 + 0; // A B C D E G (G has none)
    expect(activeMrr).toBe(650);
    expect(revenueShare(200 + 300, activeMrr)).toBeCloseTo(0.769, 3);
  });

  test('cost: phone call stage 25.10, 12.55 per customer; help 0.10; chatbot 1.00; G’s email unpriced', () => {
    const phone = costOfContacts({ help_viewed: 1, chatbot_conversation: 1, phone_call: 3 }, {}, settings.unitCosts);
    expect(phone.total).toBe(25.1);
    expect(costPerCustomer(phone.total, 2)).toBe(12.55);
    expect(costOfContacts({ help_viewed: 1 }, {}, settings.unitCosts).total).toBe(0.1);
    expect(costOfContacts({ chatbot_conversation: 1 }, {}, settings.unitCosts).total).toBe(1);
    expect(costOfContacts({}, { email: 1 }, settings.unitCosts)).toMatchObject({ total: 0, unpricedChannels: ['email'] });
  });

  test('feature breadth of just works: (2 + 0) / 2 = 1.0', () => {
    expect(featureBreadth(2 + 0, 2)).toBe(1);
  });

  test('support: 3 calls by 2 callers, hold mean 70, median 60, p90 108', () => {
    const holds = [30, 60, 120];
    expect(mean(holds)).toBe(70);
    expect(median(holds)).toBe(60);
    expect(percentileCont(holds, 0.9)).toBe(108);
  });

  test('chatbot containment 0.5; product adoption reports 2/6, export 1/6', () => {
    expect(containment(2, 1)).toBe(0.5);
    expect(adoption(2, 6)).toBe(1 / 3);
    expect(adoption(1, 6)).toBe(1 / 6);
    expect(sharesFromCounts([1, 1, 0, 0])).toEqual([0.5, 0.5, 0, 0]); // stage mix of reports' adopters: A, B
  });

  test('finance: 0 of the 6 who existed on 03-01 churned in March', () => {
    expect(financeChurnRate(0, 6)).toBe(0);
  });

  test('the headline for March', () => {
    const input = {
      ladder: DEFAULT_LADDER,
      period: march,
      stageCounts,
      lastStageNps: npsFromScores([2, 7]),
      firstStageNps: npsFromScores([10]),
    };
    expect(headline(input)).toBe(
      '33.3% of customers had to phone us in March 2025; their NPS was −50 (2 responses, low sample) against +100 (1 response, low sample) where it just worked.',
    );
    expect(headlineShort(input)).toBe('33.3% had to phone us');
  });
});
