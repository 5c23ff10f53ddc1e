import { DEFAULT_LADDER } from '@canopy/shared/schemas/settings.ts';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { getFinanceCounts, scanFinanceCounts } from './finance-counts.ts';
import { loadWorkedExample } from './fixtures/worked-example.ts';
import { getMovementCells } from './movement-counts.ts';
import type { Scope } from './source.ts';
import { getPeriodCountRows } from './period-counts.ts';

const getStageCounts = async (...args: Parameters<typeof getPeriodCountRows>) => (await getPeriodCountRows(...args)).stages;
const getDepartmentCounts = async (db: Parameters<typeof getPeriodCountRows>[0], scope: Scope, ladder: Parameters<typeof getPeriodCountRows>[2]) =>
  (await getPeriodCountRows(db, scope, ladder, new Date(scope.to.getTime() + 30 * 86_400_000))).departments;

const march: Scope = {
  grain: 'month',
  from: new Date('2025-03-01T00:00:00Z'),
  to: new Date('2025-04-01T00:00:00Z'),
  timezone: 'UTC',
  segment: {},
};
const churnEnd = new Date('2025-05-01T00:00:00Z');

describeEachDatabase('journey counts on the worked example', (db) => {
  beforeAll(() => loadWorkedExample(db().db));

  test('stage counts match the spec', async () => {
    const rows = await getStageCounts(db().db, march, DEFAULT_LADDER, churnEnd);
    expect(rows).toEqual([
      { stage: 1, customers: 2, mrr: 100, npsResponses: 1, promoters: 1, detractors: 0, churned: 0, helpViews: 0, chatbotConversations: 0, phoneCalls: 0, featureSum: 2, channels: { email: 1 } },
      { stage: 2, customers: 1, mrr: 50, npsResponses: 1, promoters: 1, detractors: 0, churned: 0, helpViews: 1, chatbotConversations: 0, phoneCalls: 0, featureSum: 1, channels: {} },
      { stage: 3, customers: 1, mrr: 0, npsResponses: 0, promoters: 0, detractors: 0, churned: 0, helpViews: 0, chatbotConversations: 1, phoneCalls: 0, featureSum: 0, channels: {} },
      { stage: 4, customers: 2, mrr: 500, npsResponses: 2, promoters: 0, detractors: 1, churned: 1, helpViews: 1, chatbotConversations: 1, phoneCalls: 3, featureSum: 0, channels: {} },
    ]);
  });

  test.each([
    ['2025-03-01', [[3, 1]]], // C: help view and chatbot that day
    ['2025-03-02', [[1, 1], [4, 1]]], // A used reports; C phoned
    ['2025-03-31', [[4, 1]]], // E phoned at 23:59:59Z, still March 31 in UTC
    ['2025-03-15', []], // F only answered a survey: not active
  ])('day %s is read from raw events with the same rules', async (day, expected) => {
    const from = new Date(`${day}T00:00:00Z`);
    const scope: Scope = { ...march, grain: 'day', from, to: new Date(from.getTime() + 86_400_000) };
    const rows = await getStageCounts(db().db, scope, DEFAULT_LADDER, churnEnd);
    expect(rows.map((r) => [r.stage, r.customers])).toEqual(expected);
  });

  test('department counts match the spec', async () => {
    const d = await getDepartmentCounts(db().db, march, DEFAULT_LADDER);
    expect(d).toEqual({
      calls: 3, callers: 2, holdMean: 70, holdMedian: 60, holdP90: 108,
      conversations: 2, escalated: 1, helpViews: 2, helpViewers: 2,
      npsResponses: 5, promoters: 2, detractors: 1,
      features: { reports: { 1: 1, 2: 1 }, export: { 1: 1 } },
    });
  });

  test('finance counts: six existed at March 1 (G was first seen in March), none churned in March', async () => {
    expect(await getFinanceCounts(db().db, march.from, march.to, {})).toEqual({ atStart: 6, churned: 0 });
    // In April, C churned (04-15): 6 existed (G now too, D and C not churned before April 1).
    expect(await getFinanceCounts(db().db, march.to, churnEnd, {})).toEqual({ atStart: 7, churned: 1 });
    // The same from every customer's row (what a segment reads) as from the milestones.
    expect(await scanFinanceCounts(db().db, march.from, march.to, {})).toEqual({ atStart: 6, churned: 0 });
    expect(await scanFinanceCounts(db().db, march.to, churnEnd, {})).toEqual({ atStart: 7, churned: 1 });
  });

  test('a segment narrows every count (plan pro or enterprise, region EU → A, E)', async () => {
    const rows = await getStageCounts(db().db, { ...march, segment: { plan: ['pro', 'enterprise'], region: ['EU'] } }, DEFAULT_LADDER, churnEnd);
    expect(rows.map((r) => [r.stage, r.customers])).toEqual([[1, 1], [4, 1]]);
  });

  test('finance counts for a segment (region EU: A, B, E, F existed at March 1; C, who churned in April, is NA)', async () => {
    const eu = { region: ['EU'] };
    expect(await getFinanceCounts(db().db, march.from, march.to, eu)).toEqual({ atStart: 4, churned: 0 });
    expect(await getFinanceCounts(db().db, march.to, churnEnd, eu)).toEqual({ atStart: 4, churned: 0 });
    expect(await getFinanceCounts(db().db, march.to, churnEnd, { region: ['NA'] })).toEqual({ atStart: 2, churned: 1 });
  });

  test('movement from February (nobody active) to March: six only in March', async () => {
    const feb: Scope = { ...march, from: new Date('2025-02-01T00:00:00Z'), to: march.from };
    const cells = await getMovementCells(db().db, feb, march, DEFAULT_LADDER);
    expect(cells.reduce((sum, c) => sum + c.customers, 0)).toBe(6);
    expect(cells.every((c) => c.from === null)).toBe(true);
  });
});
