import type { Migration, MigrationProvider } from 'kysely';
import * as customersEvents from './2026-11-23-01-customers-events.ts';
import * as customerPeriods from './2026-11-23-02-customer-periods.ts';
import * as annotations from './2026-11-23-03-annotations.ts';
import * as access from './2026-11-23-04-access.ts';
import * as periodCountsCache from './2026-11-23-05-period-counts-cache.ts';
import * as rollupNpsEvent from './2026-11-23-06-rollup-nps-event.ts';
import * as rollupHotUpdates from './2026-11-23-07-rollup-hot-updates.ts';
import * as countInvalidations from './2026-11-23-10-count-invalidations.ts';
import * as subscriptions from './2026-12-01-01-subscriptions.ts';
import * as churnInvalidations from './2026-12-02-01-churn-invalidations.ts';
import * as periodSummaries from './2026-12-02-02-period-summaries.ts';
import * as customerMilestones from './2026-12-02-03-customer-milestones.ts';
import * as customerPeriodIndex from './2026-12-02-04-customer-period-index.ts';
import * as summariesPlannedOnce from './2026-12-02-05-summaries-planned-once.ts';
import * as invalidationLookups from './2026-12-02-06-invalidation-lookups.ts';
import * as dropUnusedEventIndex from './2026-12-02-07-drop-unused-event-index.ts';
import * as churnPerProfile from './2026-12-03-01-churn-per-profile.ts';
import * as segmentSummaries from './2026-12-03-02-segment-summaries.ts';
import * as rollupQueue from './2026-12-03-03-rollup-queue.ts';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-01-customers-events': customersEvents,
  '2026-11-23-02-customer-periods': customerPeriods,
  '2026-11-23-03-annotations': annotations,
  '2026-11-23-04-access': access,
  '2026-11-23-05-period-counts-cache': periodCountsCache,
  '2026-11-23-06-rollup-nps-event': rollupNpsEvent,
  '2026-11-23-07-rollup-hot-updates': rollupHotUpdates,
  '2026-11-23-10-count-invalidations': countInvalidations,
  '2026-12-01-01-subscriptions': subscriptions,
  '2026-12-02-01-churn-invalidations': churnInvalidations,
  '2026-12-02-02-period-summaries': periodSummaries,
  '2026-12-02-03-customer-milestones': customerMilestones,
  '2026-12-02-04-customer-period-index': customerPeriodIndex,
  '2026-12-02-05-summaries-planned-once': summariesPlannedOnce,
  '2026-12-02-06-invalidation-lookups': invalidationLookups,
  '2026-12-02-07-drop-unused-event-index': dropUnusedEventIndex,
  '2026-12-03-01-churn-per-profile': churnPerProfile,
  '2026-12-03-02-segment-summaries': segmentSummaries,
  '2026-12-03-03-rollup-queue': rollupQueue,
};

/** A Kysely MigrationProvider over the list above (no file-system scanning, so it bundles). */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
