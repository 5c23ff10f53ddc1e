import { describe, expect, test } from 'vitest';
import { churnComplete, churnRate, churnWindowEnd, financeChurnRate, stageChurn } from './churn.ts';

describe('churnRate', () => {
  test.each([
    [1, 2, 0.5], // March, phone call: C churned 04-15 inside [03-01, 05-01)
    [0, 1, 0], // March, chatbot: D churned 05-10, outside
    [0, 0, null],
  ])('%i churned of %i is %s', (churned, customers, rate) => {
    expect(churnRate(churned, customers)).toBe(rate);
  });

  test('finance: churned in P over customers who existed at P.start (March: 0 of 6)', () => {
    expect(financeChurnRate(0, 6)).toBe(0);
    expect(financeChurnRate(3, 120)).toBe(0.025);
    expect(financeChurnRate(0, 0)).toBeNull();
  });

  test('refuses more churned customers than customers', () => {
    expect(() => churnRate(3, 2)).toThrow(/3 churned customers cannot come from 2/);
  });
});

describe('the churn window', () => {
  test.each([
    ['2025-04-01T00:00:00Z', 30, 'UTC', '2025-05-01T00:00:00.000Z'], // the spec: March's window ends 05-01
    ['2025-03-01T00:00:00Z', 30, 'UTC', '2025-03-31T00:00:00.000Z'],
    // Berlin: March ends at 22:00Z (00:00 CEST); 30 calendar days later is 00:00 CEST on 1 May
    ['2025-03-31T22:00:00Z', 30, 'Europe/Berlin', '2025-04-30T22:00:00.000Z'],
    // across the autumn change: 00:00 CEST on 1 Oct + 30 days = 00:00 CET on 31 Oct (721 hours)
    ['2025-09-30T22:00:00Z', 30, 'Europe/Berlin', '2025-10-30T23:00:00.000Z'],
  ])('%s + %i days in %s ends at %s', (end, days, zone, expected) => {
    expect(churnWindowEnd(new Date(end), days, zone).toISOString()).toBe(expected);
  });

  test.each([
    ['2025-04-30T23:59:59Z', false],
    ['2025-05-01T00:00:00Z', true], // the window is half-open: complete from its end
    ['2025-06-01T00:00:00Z', true],
  ])('March 2025 churn seen at %s is complete: %s', (now, complete) => {
    expect(churnComplete(new Date('2025-04-01T00:00:00Z'), 30, new Date(now))).toBe(complete);
  });

  test('a stage’s churn carries its completeness', () => {
    expect(stageChurn(1, 2, new Date('2025-04-01T00:00:00Z'), 30, new Date('2025-04-10T00:00:00Z'))).toEqual({
      churned: 1,
      customers: 2,
      rate: 0.5,
      complete: false,
    });
  });
});
