import { CustomerInput, EventInputByType } from '@canopy/shared/schemas/ingest.ts';
import Schema from 'typebox/schema';
import { describe, expect, test } from 'vitest';
import { validateCustomer, validateEvent } from '../ingest/validate.ts';
import { AUTOMATIONS_V2_COMMENTS, COMMENTS } from './comments.ts';
import { generateDemoCompany } from './generate.ts';

const end = new Date('2026-11-23T15:30:00Z');
const full = generateDemoCompany({ end, timezone: 'UTC' });
const small = generateDemoCompany({ end, timezone: 'Europe/Berlin', customers: 300 });
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('generateDemoCompany', () => {
  test('gives identical output for the same seed and options', () => {
    expect(generateDemoCompany({ end, timezone: 'Europe/Berlin', customers: 300 })).toEqual(small);
  });

  test('gives different output for a different seed', () => {
    const other = generateDemoCompany({ end, timezone: 'Europe/Berlin', customers: 300, seed: 7 });
    expect(other.customers.map((c) => c.name)).not.toEqual(small.customers.map((c) => c.name));
    expect(other.events.length).not.toBe(small.events.length);
  });

  test('makes 5,000 customers and 250k to 450k events by default, with demo- ids', () => {
    expect(full.customers).toHaveLength(5000);
    expect(full.customers[0]!.id).toBe('demo-c-00001');
    expect(full.events.length).toBeGreaterThanOrEqual(250_000);
    expect(full.events.length).toBeLessThanOrEqual(450_000);
    expect(new Set(full.customers.map((c) => c.id)).size).toBe(5000);
    expect(new Set(full.events.map((e) => e.id)).size).toBe(full.events.length);
    expect(full.events.every((e) => e.id.startsWith('demo-e-') && e.customer_id.startsWith('demo-c-'))).toBe(true);
  });

  test('gives customers plan, region, industry and an MRR that grows with the plan', () => {
    const mrr = (plan: string) => {
      const of = full.customers.filter((c) => c.attributes?.plan === plan).map((c) => c.mrr!);
      return of.reduce((a, b) => a + b, 0) / of.length;
    };
    expect(mrr('starter')).toBeLessThan(mrr('pro'));
    expect(mrr('pro')).toBeLessThan(mrr('enterprise'));
    for (const key of ['plan', 'region', 'industry', 'company_size']) {
      expect(full.customers.every((c) => typeof c.attributes?.[key] === 'string')).toBe(true);
    }
    const signedUpInYear = full.customers.filter((c) => c.created_at! >= '2025-12-01').length;
    expect(signedUpInYear).toBeGreaterThan(700);
    expect(signedUpInYear).toBeLessThan(1300);
  });

  test('every customer and event passes the API schemas', () => {
    const customer = Schema.Compile(CustomerInput);
    expect(full.customers.filter((c) => !customer.Check(c))).toEqual([]);
    const byType = Object.fromEntries(Object.entries(EventInputByType).map(([type, schema]) => [type, Schema.Compile(schema)]));
    expect(full.events.filter((e) => !byType[e.type]!.Check(e))).toEqual([]);
    expect(full.events.filter((e) => !ISO_Z.test(e.occurred_at))).toEqual([]);
  });

  test("every customer and event passes the API's own validation, clock included", () => {
    expect(small.customers.map((c) => validateCustomer(c)).filter((j) => !j.ok)).toEqual([]);
    expect(small.events.map((e) => validateEvent(e, { now: end })).filter((j) => !j.ok)).toEqual([]);
  });

  test('has no event after the end, before sign-up, or after the customer churned', () => {
    const created = new Map(full.customers.map((c) => [c.id, c.created_at!]));
    const churned = new Map<string, string>();
    for (const e of full.events) {
      if (e.type !== 'churned') continue;
      expect(churned.has(e.customer_id)).toBe(false);
      churned.set(e.customer_id, e.occurred_at);
    }
    expect(churned.size).toBeGreaterThan(200);
    const bad = full.events.filter((e) => {
      const churn = churned.get(e.customer_id);
      return (
        Date.parse(e.occurred_at) > end.getTime() ||
        e.occurred_at < created.get(e.customer_id)! ||
        (churn !== undefined && e.occurred_at > churn)
      );
    });
    expect(bad).toEqual([]);
  });

  test('keeps scores whole numbers 0 to 10 and times non-negative', () => {
    for (const e of full.events) {
      if (e.type === 'nps_response') expect(Number.isInteger(e.score) && e.score >= 0 && e.score <= 10).toBe(true);
      if (e.type === 'phone_call') expect(e.hold_seconds >= 0 && (e.talk_seconds ?? 0) >= 0).toBe(true);
    }
  });

  test('has a small volume of email contacts', () => {
    const email = full.events.filter((e) => e.type === 'contact' && e.channel === 'email').length;
    expect(email).toBeGreaterThan(300);
    expect(email / full.events.length).toBeLessThan(0.01);
  });
});

describe('NPS comments', () => {
  const pool = [...Object.values(COMMENTS), AUTOMATIONS_V2_COMMENTS].flatMap((p) => [...p.promoter, ...p.passive, ...p.detractor]);
  const used = new Set(full.events.flatMap((e) => (e.type === 'nps_response' && e.comment ? [e.comment] : [])));

  test('are at least 40 distinct texts, and nearly all of them appear in the data', () => {
    expect(new Set(pool).size).toBeGreaterThanOrEqual(40);
    expect(used.size).toBeGreaterThanOrEqual(40);
  });

  test('include characters that must be escaped in HTML', () => {
    for (const ch of ['"', '<', '&', "'"]) expect([...used].some((c) => c.includes(ch)), ch).toBe(true);
  });
});
