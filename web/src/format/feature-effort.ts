import type { Departments } from '@canopy/shared';

export type Feature = Departments['product']['features'][number];

/**
 * The share of a feature's adopters who needed any assisted stage: 1 − its stage mix on
 * the first stage. Only reads the API's stage mix; used to sort and to mark features
 * whose users needed more help than customers overall (reached of the second stage).
 */
export function neededHelp(feature: Feature, firstStageKey: string): number | null {
  const first = feature.stageMix[firstStageKey];
  return first === undefined || feature.adopters === 0 ? null : 1 - first;
}

/** Features in the order that makes those pushing customers right stand out: most needed help first. */
export function byNeededHelp(features: readonly Feature[], firstStageKey: string): Feature[] {
  return [...features].sort((a, b) => (neededHelp(b, firstStageKey) ?? -1) - (neededHelp(a, firstStageKey) ?? -1) || b.adopters - a.adopters);
}
