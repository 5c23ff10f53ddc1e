import { adoption, containment, financeChurnRate, npsFromCounts, sharesFromCounts, type Departments, type Settings } from '@canopy/shared';
import type { PeriodCounts } from './period-figures.ts';
import { customersByStage } from './stage-figures.ts';

/** Turns one period's department counts into the departments' figures (the trees). */
export function departmentFigures(counts: PeriodCounts, settings: Settings, previous?: PeriodCounts): Departments {
  const d = counts.departments;
  const active = customersByStage(counts, settings).reduce((a, b) => a + b, 0);
  const previousActive = previous ? customersByStage(previous, settings).reduce((a, b) => a + b, 0) : 0;

  const features = Object.entries(d.features).map(([feature, byStage]) => {
    const perStage = settings.ladder.map((_, i) => byStage[i + 1] ?? 0);
    const adopters = perStage.reduce((a, b) => a + b, 0);
    const mix = sharesFromCounts(perStage);
    const previousAdopters = previous ? Object.values(previous.departments.features[feature] ?? {}).reduce((a, b) => a + b, 0) : 0;
    return {
      feature,
      adopters,
      adoption: adoption(adopters, active),
      stageMix: Object.fromEntries(settings.ladder.map((stage, i) => [stage.key, mix[i] ?? 0])),
      previousAdoption: previous ? adoption(previousAdopters, previousActive) : null,
    };
  });
  features.sort((a, b) => b.adopters - a.adopters || a.feature.localeCompare(b.feature));

  const cx = npsFromCounts({ promoters: d.promoters, detractors: d.detractors, responses: d.npsResponses }, settings.minNpsSample);
  return {
    support: { calls: d.calls, callers: d.callers, holdSeconds: { mean: d.holdMean, median: d.holdMedian, p90: d.holdP90 } },
    chatbot: { conversations: d.conversations, containment: containment(d.conversations, d.escalated) },
    help: { views: d.helpViews, viewers: d.helpViewers },
    product: { features },
    cx: { nps: cx.score, responses: cx.responses },
    finance: {
      churnRate: financeChurnRate(counts.finance.churned, counts.finance.atStart),
      churned: counts.finance.churned,
      atStart: counts.finance.atStart,
    },
  };
}
