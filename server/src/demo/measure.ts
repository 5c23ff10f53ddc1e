import type { DemoMonth } from './calendar.ts';
import type { DemoEvent } from './event-shapes.ts';

// A plain re-count of the journey model over generated events, kept apart from the
// generator's own bookkeeping: the story tests and the numbers in docs/demo-data.md use it.

const RANK: Partial<Record<DemoEvent['type'], number>> = { help_viewed: 1, chatbot_conversation: 2, phone_call: 3 };
const ACTIVE = new Set<DemoEvent['type']>(['feature_used', 'help_viewed', 'chatbot_conversation', 'phone_call', 'contact']);
const CHURN_WINDOW = 30 * 86_400_000;

/** One month of the default ladder, counted from events. */
export interface MonthMeasure {
  no: number;
  active: number;
  /** Share of active customers at each rank: just works, help, chatbot, phone call. */
  shares: number[];
  /** Share of active customers who opened help at all (whatever rank they reached). */
  helpViewers: number;
  /** NPS (latest response per customer) and responses, by rank. */
  nps: { score: number | null; responses: number }[];
  /** Share of each rank's customers who churned in [start, end + 30 days). */
  churn: number[];
  meanHoldSeconds: number;
  calls: number;
  /** For each feature: adopters and the share of them at each rank. */
  features: Map<string, { adopters: number; shares: number[] }>;
}

interface CustomerMonth {
  rank: number;
  helped: boolean;
  features: Set<string>;
  score?: { at: number; score: number };
}

/** Counts every month of `months` over `events`. */
export function measureMonths(events: readonly DemoEvent[], months: readonly DemoMonth[]): MonthMeasure[] {
  const churnedAt = new Map<string, number>();
  const byMonth = months.map(() => [] as { e: DemoEvent; at: number }[]);
  for (const e of events) {
    const at = Date.parse(e.occurred_at);
    if (e.type === 'churned') churnedAt.set(e.customer_id, at);
    const i = months.findIndex((m) => at >= m.start && at < m.end);
    if (i >= 0) byMonth[i]!.push({ e, at });
  }
  return months.map((month, i) => {
    const inMonth = byMonth[i]!;
    const customers = new Map<string, CustomerMonth>();
    const of = (id: string) => customers.get(id) ?? customers.set(id, { rank: -1, helped: false, features: new Set() }).get(id)!;
    const holds: number[] = [];
    for (const { e, at } of inMonth) {
      const c = of(e.customer_id);
      if (ACTIVE.has(e.type)) c.rank = Math.max(c.rank, RANK[e.type] ?? 0);
      if (e.type === 'feature_used') c.features.add(e.feature);
      if (e.type === 'help_viewed') c.helped = true;
      if (e.type === 'phone_call') holds.push(e.hold_seconds);
      if (e.type === 'nps_response' && (!c.score || c.score.at <= at)) c.score = { at, score: e.score };
    }
    const active = [...customers.entries()].filter(([, c]) => c.rank >= 0);
    const byRank = [0, 1, 2, 3].map((r) => active.filter(([, c]) => c.rank === r));
    const features = new Map<string, { adopters: number; shares: number[] }>();
    for (const [, c] of active) {
      for (const f of c.features) {
        const entry = features.get(f) ?? features.set(f, { adopters: 0, shares: [0, 0, 0, 0] }).get(f)!;
        entry.adopters += 1;
        entry.shares[c.rank]! += 1;
      }
    }
    for (const entry of features.values()) entry.shares = entry.shares.map((n) => n / entry.adopters);
    return {
      no: month.no,
      active: active.length,
      shares: byRank.map((group) => group.length / active.length),
      helpViewers: active.filter(([, c]) => c.helped).length / active.length,
      nps: byRank.map((group) => {
        const scores = group.flatMap(([, c]) => (c.score ? [c.score.score] : []));
        const net = scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length;
        return { score: scores.length ? Math.round((100 * net) / scores.length) : null, responses: scores.length };
      }),
      churn: byRank.map((group) => {
        const churned = group.filter(([id]) => {
          const at = churnedAt.get(id);
          return at !== undefined && at >= month.start && at < month.end + CHURN_WINDOW;
        });
        return group.length ? churned.length / group.length : 0;
      }),
      meanHoldSeconds: holds.length ? holds.reduce((a, b) => a + b, 0) / holds.length : 0,
      calls: holds.length,
      features,
    };
  });
}
