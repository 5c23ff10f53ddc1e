import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_SETTINGS, type Ladder } from '../schemas/settings.ts';
import {
  isUnmappedContact,
  stageForEventType,
  stageMappings,
  stageRankForEvent,
  stageRankForKey,
  validateLadder,
  validateSettings,
} from './ladder.ts';

/** A deployment that added email tickets between the chatbot and the phone. */
const FIVE_STAGES: Ladder = [
  { key: 'just_works', label: 'Just works', eventTypes: [], channels: [] },
  { key: 'in_product_help', label: 'In-product help', eventTypes: ['help_viewed'], channels: [] },
  { key: 'chatbot', label: 'Chatbot', eventTypes: ['chatbot_conversation'], channels: ['live_chat'] },
  { key: 'email_ticket', label: 'Email ticket', eventTypes: [], channels: ['email'] },
  { key: 'phone_call', label: 'Phone call', eventTypes: ['phone_call'], channels: [] },
];

describe('stageRankForEvent', () => {
  test.each<[Ladder, string, string | undefined, number | null]>([
    [DEFAULT_LADDER, 'help_viewed', undefined, 2],
    [DEFAULT_LADDER, 'chatbot_conversation', undefined, 3],
    [DEFAULT_LADDER, 'phone_call', undefined, 4],
    [DEFAULT_LADDER, 'feature_used', undefined, null], // not assisted: lands nowhere
    [DEFAULT_LADDER, 'nps_response', undefined, null],
    [DEFAULT_LADDER, 'churned', undefined, null],
    [DEFAULT_LADDER, 'contact', 'email', null], // March: G's email is unmapped
    [FIVE_STAGES, 'contact', 'email', 4],
    [FIVE_STAGES, 'contact', 'live_chat', 3],
    [FIVE_STAGES, 'contact', 'fax', null],
    [FIVE_STAGES, 'contact', undefined, null],
    [FIVE_STAGES, 'phone_call', undefined, 5],
    [FIVE_STAGES, 'email', undefined, null], // a channel name is not an event type
  ])('%#: %s %s → rank %s', (ladder, type, channel, rank) => {
    expect(stageRankForEvent(ladder, type, channel)).toBe(rank);
  });

  test('unmapped contacts are recognised as such', () => {
    expect(isUnmappedContact(DEFAULT_LADDER, 'contact', 'email')).toBe(true);
    expect(isUnmappedContact(FIVE_STAGES, 'contact', 'email')).toBe(false);
    expect(isUnmappedContact(DEFAULT_LADDER, 'feature_used', null)).toBe(false);
  });

  test('finds a stage by event type or key', () => {
    expect(stageForEventType(FIVE_STAGES, 'phone_call')).toEqual({ stage: FIVE_STAGES[4], rank: 5 });
    expect(stageForEventType(FIVE_STAGES, 'feature_used')).toBeUndefined();
    expect(stageRankForKey(FIVE_STAGES, 'email_ticket')).toBe(4);
    expect(stageRankForKey(FIVE_STAGES, 'nope')).toBeNull();
  });

  test('lists every mapping for SQL', () => {
    expect(stageMappings(FIVE_STAGES)).toEqual([
      { eventType: 'help_viewed', channel: null, rank: 2, stageKey: 'in_product_help' },
      { eventType: 'chatbot_conversation', channel: null, rank: 3, stageKey: 'chatbot' },
      { eventType: 'contact', channel: 'live_chat', rank: 3, stageKey: 'chatbot' },
      { eventType: 'contact', channel: 'email', rank: 4, stageKey: 'email_ticket' },
      { eventType: 'phone_call', channel: null, rank: 5, stageKey: 'phone_call' },
    ]);
  });
});

describe('validateSettings', () => {
  test('accepts the defaults and a five-stage ladder', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
    expect(validateSettings({ ...DEFAULT_SETTINGS, ladder: FIVE_STAGES, timezone: 'Europe/Berlin' })).toEqual([]);
  });

  const stage = (key: string, eventTypes: string[] = [], channels: string[] = []) => ({ key, label: key, eventTypes, channels });

  test.each<[string, unknown, string]>([
    ['one stage', [stage('just_works')], 'The ladder needs at least 2 stages; it has 1.'],
    ['not a list', 'just_works', 'The ladder must be a list of stages.'],
    ['a duplicate key', [stage('a'), stage('b', ['help_viewed']), stage('b', ['phone_call'])], 'Stage 3 (b) uses the same key as stage 2'],
    ['a key with spaces', [stage('a'), stage('Phone Call', ['phone_call'])], 'Stage 2 has key "Phone Call": use lower-case letters'],
    ['an empty key', [stage('a'), stage('', ['phone_call'])], 'Stage 2 has key "": use lower-case letters'],
    ['first stage with an event type', [stage('a', ['help_viewed']), stage('b', ['phone_call'])], 'Stage 1 (a) is the first stage, which means "active, no assisted contact": it cannot have event types or channels.'],
    ['first stage with a channel', [stage('a', [], ['email']), stage('b', ['phone_call'])], 'Stage 1 (a) is the first stage'],
    ['an event type on two stages', [stage('a'), stage('b', ['phone_call']), stage('c', ['phone_call'])], 'Event type phone_call is on two stages, Stage 2 (b) and Stage 3 (c)'],
    ['a channel on two stages', [stage('a'), stage('b', [], ['email']), stage('c', [], ['email'])], 'Channel "email" is on two stages'],
    ['an unknown event type', [stage('a'), stage('b', ['fax_sent'])], 'Stage 2 (b) lists "fax_sent", which is not an event type: use help_viewed, chatbot_conversation, phone_call.'],
    ['a non-assisted event type', [stage('a'), stage('b', ['feature_used'])], 'lists "feature_used", which is not an assisted contact'],
    ['contact as an event type', [stage('a'), stage('b', ['contact'])], 'list the contact channels (e.g. email) under channels instead'],
    ['a stage nothing lands on', [stage('a'), stage('b')], 'Stage 2 (b) has no event types and no channels'],
    ['a missing label', [stage('a'), { key: 'b', label: ' ', eventTypes: ['phone_call'], channels: [] }], 'Stage 2 (b) needs a label.'],
    ['eventTypes not a list', [stage('a'), { key: 'b', label: 'B', eventTypes: 'phone_call', channels: [] }], 'eventTypes must be a list'],
  ])('reports %s', (_, ladder, problem) => {
    const problems = validateSettings({ ...DEFAULT_SETTINGS, ladder });
    expect(problems.some((p) => p.includes(problem)), problems.join('\n')).toBe(true);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a negative cost', { unitCosts: { ...DEFAULT_SETTINGS.unitCosts, phone_call: -8 } }, 'The unit cost of phone_call must be a number of 0 or more; it is -8.'],
    ['a missing cost', { unitCosts: { help_viewed: 0.1, chatbot_conversation: 1, channels: {} } }, 'The unit cost of phone_call must be a number of 0 or more; it is undefined.'],
    ['a negative channel cost', { unitCosts: { ...DEFAULT_SETTINGS.unitCosts, channels: { email: -1 } } }, 'contact channel "email" must be a number of 0 or more'],
    ['a cost given as text', { unitCosts: { ...DEFAULT_SETTINGS.unitCosts, help_viewed: '0.10' } }, 'The unit cost of help_viewed must be a number'],
    ['a fractional churn window', { churnWindowDays: 7.5 }, 'churnWindowDays must be a whole number of days from 1 to 366; it is 7.5.'],
    ['a zero minimum sample', { minNpsSample: 0 }, 'minNpsSample must be a whole number of responses from 1 to 100000; it is 0.'],
    ['an unknown time zone', { timezone: 'Berlin' }, 'timezone "Berlin" is not a time zone'],
    ['an unknown setting', { colour: 'green' }, 'Settings has an unknown entry "colour".'],
  ])('reports %s', (_, change, problem) => {
    const problems = validateSettings({ ...DEFAULT_SETTINGS, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  test('reports every problem at once, not just the first', () => {
    const problems = validateSettings({ ...DEFAULT_SETTINGS, churnWindowDays: 0, minNpsSample: -1, timezone: 'Nowhere' });
    expect(problems).toHaveLength(3);
  });

  test('refuses something that is not settings at all', () => {
    expect(validateSettings(null)).toEqual(['Settings must be an object with ladder, unitCosts, churnWindowDays, minNpsSample and timezone.']);
    expect(validateLadder([])).toContain('The ladder needs at least 2 stages; it has 0.');
  });
});
