import { DEFAULT_SETTINGS, periodContaining } from '@canopy/shared';
import { beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../test/databases.ts';
import { loadWorkedExample } from './fixtures/worked-example.ts';
import { getForest } from './forest.ts';

const march = periodContaining('month', '2025-03-15', 'UTC');
const now = new Date('2026-01-01T00:00:00Z');

describeEachDatabase('forest on the spec worked example (March 2025)', (db) => {
  beforeAll(() => loadWorkedExample(db().db));

  test('every number the spec gives', async () => {
    const f = await getForest(db().db, march, {}, DEFAULT_SETTINGS, now);
    expect(f.period).toMatchObject({ grain: 'month', start: '2025-03-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z', key: '2025-03' });
    expect(f.activeCustomers).toBe(6);
    expect(f.unmappedContacts).toBe(1);
    const by = Object.fromEntries(f.stages.map((s) => [s.key, s]));
    expect(f.stages.map((s) => s.customers)).toEqual([2, 1, 1, 2]);
    [1 / 3, 1 / 6, 1 / 6, 1 / 3].forEach((share, i) => expect(f.stages[i]!.share).toBeCloseTo(share, 15));
    expect(f.stages.reduce((sum, s) => sum + s.share!, 0)).toBe(1);
    expect(f.stages.map((s) => s.reached)).toEqual([1, 2 / 3, 1 / 2, 1 / 3]);
    expect(f.stages.map((s) => s.sharePercent)).toEqual([33.3, 16.7, 16.7, 33.3]);
    expect(f.stages.map((s) => s.nps)).toEqual([
      { score: 100, responses: 1, lowSample: true },
      { score: 100, responses: 1, lowSample: true },
      { score: null, responses: 0, lowSample: true },
      { score: -50, responses: 2, lowSample: true },
    ]);
    expect(by.phone_call!.churn).toEqual({ rate: 0.5, churned: 1, complete: true, windowDays: 30 });
    expect(by.chatbot!.churn).toEqual({ rate: 0, churned: 0, complete: true, windowDays: 30 });
    expect(by.phone_call!.revenue.mrr).toBe(500);
    expect(by.phone_call!.revenue.share).toBeCloseTo(500 / 650, 12);
    expect(by.phone_call!.cost).toEqual({ total: 25.1, perCustomer: 12.55 });
    expect(by.in_product_help!.cost.total).toBe(0.1);
    expect(by.chatbot!.cost.total).toBe(1);
    expect(by.just_works!.featureBreadth).toBe(1);
    expect(by.phone_call!.contacts).toEqual({ help_viewed: 1, chatbot_conversation: 1, phone_call: 3, channels: {} });

    const d = f.departments;
    expect(d.support).toEqual({ calls: 3, callers: 2, holdSeconds: { mean: 70, median: 60, p90: 108 } });
    expect(d.chatbot).toEqual({ conversations: 2, containment: 0.5 });
    expect(d.help).toEqual({ views: 2, viewers: 2 });
    expect(d.product.features.map((x) => [x.feature, x.adopters, x.adoption])).toEqual([
      ['reports', 2, 2 / 6],
      ['export', 1, 1 / 6],
    ]);
    expect(d.product.features[0]!.stageMix).toEqual({ just_works: 0.5, in_product_help: 0.5, chatbot: 0, phone_call: 0 });
    expect(d.cx).toEqual({ nps: 20, responses: 5 });
    expect(d.finance).toEqual({ churnRate: 0, churned: 0, atStart: 6 });
  });

  test('the previous period (February) is empty, so changes are null and the headline has no comparison', async () => {
    const f = await getForest(db().db, march, {}, DEFAULT_SETTINGS, now);
    expect(f.previousActiveCustomers).toBe(0);
    expect(f.stages[0]!.previous.share).toBeNull();
    expect(f.stages[0]!.change.share).toBeNull();
    expect(f.stages[0]!.change.customers).toBe(2);
    expect(f.headline).toContain('33.3%');
  });

  test('April compares with March: the change is April minus March', async () => {
    const april = periodContaining('month', '2025-04-10', 'UTC');
    const f = await getForest(db().db, april, {}, DEFAULT_SETTINGS, now);
    expect(f.activeCustomers).toBe(0);
    expect(f.previousActiveCustomers).toBe(6);
    expect(f.stages[3]!.change.customers).toBe(-2);
    expect(f.departments.finance).toEqual({ churnRate: 1 / 7, churned: 1, atStart: 7 });
  });

  test('churn is marked incomplete while the window is still open', async () => {
    const f = await getForest(db().db, march, {}, DEFAULT_SETTINGS, new Date('2025-04-20T00:00:00Z'));
    expect(f.stages.every((s) => s.churn.complete === false)).toBe(true);
  });

  test('a segment narrows the forest (plan pro or enterprise in EU: A and E)', async () => {
    const f = await getForest(db().db, march, { plan: ['pro', 'enterprise'], region: ['EU'] }, DEFAULT_SETTINGS, now);
    expect(f.activeCustomers).toBe(2);
    expect(f.stages.map((s) => s.customers)).toEqual([1, 0, 0, 1]);
    // A 10 (promoter), E 7 and F 8 (passives): (1 - 0) / 3
    expect(f.departments.cx.responses).toBe(3);
    expect(f.departments.cx.nps).toBeCloseTo(100 / 3, 12);
  });

  test('a five-stage ladder with email between chatbot and phone moves G off just works', async () => {
    const ladder = [
      ...DEFAULT_SETTINGS.ladder.slice(0, 3),
      { key: 'email_ticket', label: 'Email ticket', eventTypes: [], channels: ['email'] },
      DEFAULT_SETTINGS.ladder[3]!,
    ];
    const f = await getForest(db().db, march, {}, { ...DEFAULT_SETTINGS, ladder }, now);
    expect(f.stages.map((s) => [s.key, s.customers])).toEqual([
      ['just_works', 1],
      ['in_product_help', 1],
      ['chatbot', 1],
      ['email_ticket', 1],
      ['phone_call', 2],
    ]);
    expect(f.unmappedContacts).toBe(0);
    expect(f.stages.reduce((sum, s) => sum + s.share!, 0)).toBe(1);
  });
});
