import type { CustomerInput } from '@canopy/shared/schemas/ingest.ts';
import { COMPANY_SIZES, FEATURES, INDUSTRIES, MRR_RANGE, NAME_PARTS, PLANS, REGIONS, type Plan, type Region } from './company.ts';
import type { Random } from './random.ts';
import { automationsV2Adoption, type StoryMonths } from './stories.ts';

const DAY = 86_400_000;

/** A demo customer: what the API receives, plus the hidden traits that drive its events. */
export interface DemoCustomer {
  index: number;
  input: CustomerInput & { created_at: string };
  plan: Plan;
  createdMs: number;
  /** Chance of running into a problem in an active month: the stage propensity. */
  problemChance: number;
  /** Chance of going straight to the phone with a problem (enterprise admins often do). */
  phoneFirst: number;
  /** Chance of being active in a month. */
  activity: number;
  /** A lasting shift of this customer's NPS scores: some accounts are simply warmer. */
  mood: number;
  features: string[];
  /** Month number from which the customer uses automations v2 instead of v1, or null. */
  automationsV2From: number | null;
}

/** The id of the customer with this 0-based index: demo-c-00001 for the first. */
export function demoCustomerId(index: number): string {
  return `demo-c-${String(index + 1).padStart(5, '0')}`;
}

function companyName(rng: Random, industry: string, region: Region): string {
  const { NAME_STARTS, NAME_ENDS, INDUSTRY_WORDS, LEGAL_FORMS } = NAME_PARTS;
  const first = rng.pick(NAME_STARTS) + (rng.chance(0.6) ? rng.pick(NAME_ENDS) : '');
  return `${first} ${rng.pick(INDUSTRY_WORDS[industry] ?? ['Group'])} ${rng.pick(LEGAL_FORMS[region])}`;
}

function mrrFor(rng: Random, plan: Plan): number {
  const [min, max] = MRR_RANGE[plan];
  const step = plan === 'starter' ? 10 : plan === 'pro' ? 10 : 50;
  // Price lists end in 9 for the small plans; enterprise deals are round numbers.
  const value = Math.round(rng.between(min, max) / step) * step;
  return plan === 'enterprise' ? value : Math.max(min, value - 1);
}

/** Generates `count` customers: most signed up over the past years, about a fifth during the demo year. */
export function generateCustomers(rng: Random, count: number, windowStart: number, end: number, stories: StoryMonths): DemoCustomer[] {
  const customers: DemoCustomer[] = [];
  for (let index = 0; index < count; index++) {
    const plan = rng.weighted(PLANS);
    const region = rng.weighted(REGIONS);
    const industry = rng.weighted(INDUSTRIES);
    const createdMs = rng.chance(0.2)
      ? Math.floor(rng.between(windowStart, end - DAY) / 1000) * 1000
      : Math.floor((windowStart - DAY * Math.min(7 * 365, 1 + 650 * -Math.log(1 - rng.float()))) / 1000) * 1000;
    const features = FEATURES.filter(([, adoption]) => rng.chance(plan === 'starter' ? adoption * 0.8 : adoption)).map(([f]) => f);
    if (features.length === 0) features.push('reports');
    const planTrouble = plan === 'starter' ? 1.05 : plan === 'pro' ? 0.95 : 1.0;
    customers.push({
      index,
      input: {
        id: demoCustomerId(index),
        name: companyName(rng, industry, region),
        created_at: new Date(createdMs).toISOString(),
        mrr: mrrFor(rng, plan),
        attributes: { plan, region, industry, company_size: rng.weighted(COMPANY_SIZES[plan]) },
      },
      plan,
      createdMs,
      problemChance: Math.min(0.9, 0.37 * planTrouble * rng.logNormal(1, 0.55)),
      phoneFirst: plan === 'enterprise' ? 0.3 : plan === 'pro' ? 0.08 : 0.03,
      activity: rng.chance(0.15) ? 0.55 : 0.93,
      mood: 0.9 * rng.normal(),
      features,
      automationsV2From: automationsV2Adoption(features.includes('automations'), stories, () => rng.float()),
    });
  }
  return customers;
}
