import {
  change,
  costOfContacts,
  costPerCustomer,
  featureBreadth,
  largestRemainder,
  npsFromCounts,
  reachedFromCounts,
  revenueShare,
  sharesFromCounts,
  stageChurn,
  type Settings,
  type StageChange,
  type StageFigures,
} from '@canopy/shared';
import type { PeriodCounts } from './period-figures.ts';

/** customers(k) for each stage of the ladder, left to right (0 where nobody is). */
export function customersByStage(counts: PeriodCounts, settings: Settings): number[] {
  return settings.ladder.map((_, i) => counts.stages.find((s) => s.stage === i + 1)?.customers ?? 0);
}

/** Turns one period's stage counts into the figures of every stage, left to right. */
export function stageFigures(counts: PeriodCounts, settings: Settings, now: Date): StageFigures[] {
  const customers = customersByStage(counts, settings);
  const shares = sharesFromCounts(customers);
  const percents = largestRemainder(customers, 1);
  const reached = reachedFromCounts(customers);
  const activeMrr = counts.stages.reduce((sum, s) => sum + s.mrr, 0);
  const { period } = counts;

  return settings.ladder.map((_, i) => {
    const s = counts.stages.find((row) => row.stage === i + 1);
    const n = customers[i]!;
    const nps = npsFromCounts(
      { promoters: s?.promoters ?? 0, detractors: s?.detractors ?? 0, responses: s?.npsResponses ?? 0 },
      settings.minNpsSample,
    );
    const churn = stageChurn(s?.churned ?? 0, n, period.end, settings.churnWindowDays, now, period.timezone);
    const contacts = {
      help_viewed: s?.helpViews ?? 0,
      chatbot_conversation: s?.chatbotConversations ?? 0,
      phone_call: s?.phoneCalls ?? 0,
      channels: s?.channels ?? {},
    };
    const cost = costOfContacts(contacts, contacts.channels, settings.unitCosts).total;
    return {
      customers: n,
      share: shares[i] ?? null,
      sharePercent: percents[i] ?? null,
      reached: reached[i] ?? null,
      nps: { score: nps.score, responses: nps.responses, lowSample: nps.lowSample },
      churn: { rate: churn.rate, churned: churn.churned, complete: churn.complete, windowDays: settings.churnWindowDays },
      revenue: { mrr: s?.mrr ?? 0, share: revenueShare(s?.mrr ?? 0, activeMrr) },
      cost: { total: cost, perCustomer: costPerCustomer(cost, n) },
      contacts,
      featureBreadth: featureBreadth(s?.featureSum ?? 0, n),
    };
  });
}

/** This period's stage figures minus the previous period's, null where either is null. */
export function stageChange(current: StageFigures, previous: StageFigures): StageChange {
  const d = (a: number | null, b: number | null) => change(a, b).difference;
  return {
    customers: d(current.customers, previous.customers),
    share: d(current.share, previous.share),
    reached: d(current.reached, previous.reached),
    nps: d(current.nps.score, previous.nps.score),
    churnRate: d(current.churn.rate, previous.churn.rate),
    revenueShare: d(current.revenue.share, previous.revenue.share),
    costPerCustomer: d(current.cost.perCustomer, previous.cost.perCustomer),
    featureBreadth: d(current.featureBreadth, previous.featureBreadth),
  };
}
