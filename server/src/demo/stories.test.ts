import { beforeAll, describe, expect, test } from 'vitest';
import { demoMonths } from './calendar.ts';
import { generateDemoCompany } from './generate.ts';
import { measureMonths, type MonthMeasure } from './measure.ts';
import { storyMonths } from './stories.ts';

// The stories of docs/demo-data.md, counted from the generated events as the dashboard
// would count them, for two different seeds, ends and zones so none is a lucky draw.

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const [JUST_WORKS, HELP, CHATBOT, PHONE] = [0, 1, 2, 3] as const;

describe.each([
  { seed: 42, end: '2026-11-23T15:30:00Z', timezone: 'UTC' },
  { seed: 7, end: '2026-03-02T08:00:00Z', timezone: 'America/New_York' },
])('the demo stories (seed $seed, $timezone)', ({ seed, end, timezone }) => {
  let m: MonthMeasure[];
  let events: ReturnType<typeof generateDemoCompany>['events'];
  const over = (nos: number[], f: (x: MonthMeasure) => number) => mean(nos.map((no) => f(m[no - 1]!)));
  const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  beforeAll(() => {
    events = generateDemoCompany({ seed, end: new Date(end), timezone }).events;
    m = measureMonths(events, demoMonths(new Date(end), 12, timezone));
  });

  test('puts the stories in months 6, 9 and 10 of 12', () => {
    expect(storyMonths(12)).toEqual({ helpRelaunch: 6, automationsV2: 9, holdTimeDrive: 10 });
  });

  test('has a typical month of about 55-65% just works, 15-20% help, 10-15% chatbot, 6-10% phone', () => {
    const share = (rank: number) => over(all, (x) => x.shares[rank]!);
    expect(share(JUST_WORKS)).toBeGreaterThan(0.55);
    expect(share(JUST_WORKS)).toBeLessThan(0.65);
    expect(share(HELP)).toBeGreaterThan(0.15);
    expect(share(HELP)).toBeLessThan(0.22);
    expect(share(CHATBOT)).toBeGreaterThan(0.09);
    expect(share(CHATBOT)).toBeLessThan(0.15);
    expect(share(PHONE)).toBeGreaterThan(0.06);
    expect(share(PHONE)).toBeLessThan(0.1);
  });

  test('moves shares left after the help-centre relaunch (months 3-5 against 6-8)', () => {
    const before = [3, 4, 5];
    const after = [6, 7, 8];
    expect(over(after, (x) => x.helpViewers) - over(before, (x) => x.helpViewers)).toBeGreaterThan(0.02);
    expect(over(after, (x) => x.shares[HELP]!) - over(before, (x) => x.shares[HELP]!)).toBeGreaterThan(0.03);
    const assisted = (x: MonthMeasure) => x.shares[CHATBOT]! + x.shares[PHONE]!;
    expect(over(before, assisted) - over(after, assisted)).toBeGreaterThan(0.03);
  });

  test('sends automations v2 adopters to the chatbot and the phone far more than other customers', () => {
    for (const no of [9, 10, 11, 12]) {
      const month = m[no - 1]!;
      const v2 = month.features.get('automations v2')!;
      const othersOnPhone = (month.shares[PHONE]! * month.active - v2.shares[PHONE]! * v2.adopters) / (month.active - v2.adopters);
      expect(v2.adopters).toBeGreaterThan(200);
      expect(v2.shares[PHONE]!).toBeGreaterThan(2 * othersOnPhone);
      expect(v2.shares[JUST_WORKS]!).toBeLessThan(month.shares[JUST_WORKS]! - 0.1);
      for (const [feature, other] of month.features) {
        if (feature !== 'automations v2') expect(v2.shares[PHONE]!, feature).toBeGreaterThan(other.shares[PHONE]! + 0.05);
      }
    }
  });

  test('shows the local optimum: hold time falls while more customers phone (months 7-9 against 10-12)', () => {
    const [before, last] = [[7, 8, 9], [10, 11, 12]];
    expect(over(last, (x) => x.meanHoldSeconds)).toBeLessThan(0.75 * over(before, (x) => x.meanHoldSeconds));
    expect(over(last, (x) => x.shares[PHONE]!)).toBeGreaterThan(over(before, (x) => x.shares[PHONE]!) + 0.02);
  });

  test('makes NPS fall and churn rise from left to right', () => {
    const nps = [JUST_WORKS, HELP, CHATBOT, PHONE].map((rank) => {
      const answered = m.filter((x) => x.nps[rank]!.score !== null);
      const responses = answered.reduce((n, x) => n + x.nps[rank]!.responses, 0);
      return answered.reduce((sum, x) => sum + x.nps[rank]!.score! * x.nps[rank]!.responses, 0) / responses;
    });
    expect(nps[JUST_WORKS]!).toBeGreaterThan(30);
    expect(nps[PHONE]!).toBeLessThan(-40);
    for (let r = 1; r < 4; r++) expect(nps[r]!).toBeLessThan(nps[r - 1]! - 10);
    // Month 12's churn window is still open; months 1-11 are complete.
    const churn = (rank: number) => over(all.slice(0, 11), (x) => x.churn[rank]!);
    expect(churn(PHONE)).toBeGreaterThan(3 * churn(JUST_WORKS));
    expect(churn(CHATBOT)).toBeGreaterThan(churn(JUST_WORKS));
  });

  test('lets customers churn within about 30 days of a bad experience', () => {
    const bad = new Map<string, number[]>();
    for (const e of events) {
      if (e.type === 'phone_call' || (e.type === 'chatbot_conversation' && e.escalated)) {
        bad.set(e.customer_id, [...(bad.get(e.customer_id) ?? []), Date.parse(e.occurred_at)]);
      }
    }
    const churns = events.filter((e) => e.type === 'churned');
    const soonAfterBad = churns.filter((e) => {
      const at = Date.parse(e.occurred_at);
      return (bad.get(e.customer_id) ?? []).some((t) => t <= at && at - t <= 30 * 86_400_000);
    });
    // Against about one active customer in eight having such an experience in a month.
    expect(soonAfterBad.length / churns.length).toBeGreaterThan(0.25);
  });
});
