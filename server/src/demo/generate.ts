import type { CustomerInput } from '@canopy/shared/schemas/ingest.ts';
import { demoMonths } from './calendar.ts';
import { generateCustomers } from './customers.ts';
import type { DemoEvent } from './event-shapes.ts';
import { deriveSeed, Random } from './random.ts';
import { storyMonths } from './stories.ts';
import { customerTimeline } from './timeline.ts';

export interface DemoCompanyOptions {
  seed?: number;
  customers?: number;
  months?: number;
  /** The demo ends here ("today"): no event is later. */
  end: Date;
  /** The deployment's time zone: the demo's months, and its stories, start at midnight here. */
  timezone?: string;
}

export interface DemoCompany {
  customers: CustomerInput[];
  events: DemoEvent[];
}

/**
 * The demo company "Larchwood": customers and a year of events in exactly the API's
 * shapes, the same for the same options on every machine. The stories it holds are
 * described in docs/demo-data.md.
 */
export function generateDemoCompany({ seed = 42, customers: count = 5000, months: monthCount = 12, end, timezone = 'UTC' }: DemoCompanyOptions): DemoCompany {
  const months = demoMonths(end, monthCount, timezone);
  const stories = storyMonths(monthCount);
  const demoCustomers = generateCustomers(new Random(seed), count, months[0]!.start, end.getTime(), stories);
  const events: DemoEvent[] = [];
  for (const customer of demoCustomers) {
    // One stream per customer: a customer's story does not shift when another's changes.
    const rng = new Random(deriveSeed(seed, customer.index));
    const drafts = customerTimeline(rng, customer, months, stories);
    const prefix = `demo-e-${customer.input.id.slice('demo-c-'.length)}-`;
    drafts.forEach(({ at, ...fields }, n) => {
      events.push({ id: prefix + String(n + 1).padStart(4, '0'), customer_id: customer.input.id, occurred_at: new Date(at).toISOString(), ...fields } as DemoEvent);
    });
  }
  return { customers: demoCustomers.map((c) => c.input), events };
}
