import Value from 'typebox/value';
import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_SETTINGS, Settings } from '../schemas/settings.ts';
import { validateSettings } from './ladder.ts';

// The TypeBox schema (what the API validates and documents) and validateSettings (the
// plain-words checks) must agree on everything the schema can express.

describe('the Settings schema', () => {
  test('accepts the defaults, which validateSettings also accepts', () => {
    expect(Value.Check(Settings, DEFAULT_SETTINGS)).toBe(true);
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>]>([
    ['a negative cost', { unitCosts: { ...DEFAULT_SETTINGS.unitCosts, phone_call: -1 } }],
    ['a bad stage key', { ladder: [DEFAULT_LADDER[0], { ...DEFAULT_LADDER[1], key: 'Bad Key' }] }],
    ['a single stage', { ladder: [DEFAULT_LADDER[0]] }],
    ['a fractional churn window', { churnWindowDays: 1.5 }],
    ['a zero minimum sample', { minNpsSample: 0 }],
    ['an unknown entry', { colour: 'green' }],
  ])('refuses %s, as validateSettings does', (_, change) => {
    const value = { ...DEFAULT_SETTINGS, ...change };
    expect(Value.Check(Settings, value)).toBe(false);
    expect(validateSettings(value)).not.toEqual([]);
  });

  test('every field carries a description for the API docs', () => {
    for (const [name, field] of Object.entries(Settings.properties)) expect((field as { description?: string }).description, name).toBeTruthy();
  });

  test('the defaults cannot be changed by accident', () => {
    expect(() => (DEFAULT_SETTINGS.ladder[1]!.eventTypes as string[]).push('phone_call')).toThrow(TypeError);
    expect(() => {
      (DEFAULT_SETTINGS.unitCosts as { phone_call: number }).phone_call = 0;
    }).toThrow(TypeError);
  });
});
