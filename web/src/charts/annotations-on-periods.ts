import type { Annotation, PeriodJson } from '@canopy/shared';
import { dayInZone } from '../format/numbers.ts';

/** A note placed on a time chart: the period it falls in and its number in the list under the chart. */
export interface PlacedAnnotation {
  annotation: Annotation;
  periodKey: string;
  periodLabel: string;
  number: number;
}

/** Places each note in the period whose days include its day; notes outside the chart are left out. */
export function placeAnnotations(annotations: readonly Annotation[], periods: readonly PeriodJson[]): PlacedAnnotation[] {
  const spans = periods.map((p) => ({ period: p, first: dayInZone(p.start, p.timezone), after: dayInZone(p.end, p.timezone) }));
  const placed: PlacedAnnotation[] = [];
  for (const annotation of annotations) {
    const span = spans.find((s) => annotation.occurredOn >= s.first && annotation.occurredOn < s.after);
    if (span) placed.push({ annotation, periodKey: span.period.key, periodLabel: span.period.label, number: placed.length + 1 });
  }
  return placed;
}
