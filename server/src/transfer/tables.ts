// What `pnpm canopy export` writes and `pnpm canopy import-all` reads: every table that holds
// data a person entered or sent. Derived tables (rollups, cached counts and their change log)
// are left out: import-all rebuilds the rollups from the events, and the caches refill.

/** One exported table: its name and the column rows are ordered by (its primary key). */
export interface TransferTable {
  name: string;
  key: string;
  /** An identity column the database generates: imported as is, then the sequence moves past it. */
  identity?: string;
  /** Columns the database derives from the others (kept by triggers): left out, and derived again on import. */
  derived?: string[];
}

/**
 * Every table that moves, in the order they are imported (a table after those it refers to);
 * they are emptied in the reverse order. Add new tables here.
 */
export const TRANSFER_TABLES: TransferTable[] = [
  { name: 'settings', key: 'key' },
  { name: 'customers', key: 'id', derived: ['attribute_set'] },
  { name: 'events', key: 'id' },
  { name: 'annotations', key: 'id', identity: 'id' },
  { name: 'users', key: 'id' },
  { name: 'sessions', key: 'id_hash' },
  { name: 'api_keys', key: 'id' },
  { name: 'share_links', key: 'id' },
  { name: 'subscriptions', key: 'id' },
  // The outbox and deliveries move too: their (subscription, period) keys are what stops the
  // new home from sending last week's snapshot again, and they are the delivery log.
  { name: 'snapshot_outbox', key: 'id', identity: 'id' },
  { name: 'snapshot_deliveries', key: 'id', identity: 'id' },
];

/** Derived tables emptied by `import-all --replace` and rebuilt or refilled afterwards. */
export const DERIVED_TABLES = [
  'customer_periods',
  'period_profiles',
  'period_profile_items',
  'period_hold_times',
  'customer_milestones',
  'segment_profiles',
  'segment_profile_items',
  'segment_hold_times',
  'segment_milestones',
  'attribute_sets',
  'period_counts_cache',
  'count_invalidations',
  'rollup_queue',
];
