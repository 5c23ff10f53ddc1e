import { describe, expect, test } from 'vitest';
import { DEFAULT_UNIT_COSTS, type UnitCosts } from '../schemas/settings.ts';
import { costOfContacts, costPerCustomer } from './cost.ts';

describe('costOfContacts at the default unit costs', () => {
  test.each([
    { stage: 'phone call (C and E)', byType: { help_viewed: 1, chatbot_conversation: 1, phone_call: 3 }, total: 25.1 },
    { stage: 'in-product help (B)', byType: { help_viewed: 1 }, total: 0.1 },
    { stage: 'chatbot (D)', byType: { chatbot_conversation: 1 }, total: 1 },
    { stage: 'just works (A, G)', byType: {}, total: 0 },
    { stage: 'three help views', byType: { help_viewed: 3 }, total: 0.3 }, // not 0.30000000000000004
  ])('March 2025, $stage: $total', ({ byType, total }) => {
    expect(costOfContacts(byType, {}, DEFAULT_UNIT_COSTS).total).toBe(total);
  });

  test('splits the total by type', () => {
    expect(costOfContacts({ help_viewed: 1, chatbot_conversation: 1, phone_call: 3 }, {}, DEFAULT_UNIT_COSTS).byType).toEqual({
      help_viewed: 0.1,
      chatbot_conversation: 1,
      phone_call: 24,
    });
  });
});

describe('contact channels', () => {
  const costs: UnitCosts = { ...DEFAULT_UNIT_COSTS, channels: { email: 3.5, live_chat: 2 } };

  test('prices each configured channel', () => {
    const cost = costOfContacts({ phone_call: 1 }, { email: 2, live_chat: 1 }, costs);
    expect(cost).toEqual({
      total: 17,
      byType: { help_viewed: 0, chatbot_conversation: 0, phone_call: 8 },
      byChannel: { email: 7, live_chat: 2 },
      unpricedChannels: [],
    });
  });

  test('a channel with no unit cost costs 0 and is reported as unpriced (G’s email in March)', () => {
    const cost = costOfContacts({}, { email: 1, fax: 0 }, DEFAULT_UNIT_COSTS);
    expect(cost.total).toBe(0);
    expect(cost.unpricedChannels).toEqual(['email']);
  });

  test('a channel named like an Object property is just a channel', () => {
    expect(costOfContacts({}, { constructor: 1 }, DEFAULT_UNIT_COSTS).unpricedChannels).toEqual(['constructor']);
  });

  test('refuses negative or fractional counts', () => {
    expect(() => costOfContacts({ phone_call: -1 }, {}, DEFAULT_UNIT_COSTS)).toThrow(/phone_call must be a whole number/);
    expect(() => costOfContacts({}, { email: 1.5 }, costs)).toThrow(/email contacts must be a whole number/);
  });
});

describe('costPerCustomer', () => {
  test.each([
    [25.1, 2, 12.55], // March, phone call stage
    [0.1, 1, 0.1],
    [0, 2, 0],
    [0, 0, null], // a stage with nobody has no cost per customer
  ])('%d over %d customers is %s', (total, customers, expected) => {
    expect(costPerCustomer(total, customers)).toBe(expected);
  });
});
