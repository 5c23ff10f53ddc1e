// What `pnpm canopy export` writes and `pnpm canopy import-all` reads: every table that holds
// data a person entered or sent. Derived tables (rollups, cached counts and their change log)
// are left out: import-all rebuilds the rollups from the events, and the caches refill.

/** One exported table: its name and the column rows are ordered by (its primary key). */
export interface TransferTable {
  name: string;
  key: string;
  /** An identity column the database generates: imported as is, then the sequence moves past it. */
  identity?: string;
}

/**
 * Every table that moves, in the order they are imported (a table after those it refers to);
 * they are emptied in the reverse order. Add new tables here (e.g. subscriptions).
 */
export const TRANSFER_TABLES: TransferTable[] = [
  { name: 'settings', key: 'key' },
  { name: 'customers', key: 'id' },
  { name: 'events', key: 'id' },
  { name: 'annotations', key: 'id', identity: 'id' },
  { name: 'users', key: 'id' },
  { name: 'sessions', key: 'id_hash' },
  { name: 'api_keys', key: 'id' },
  { name: 'share_links', key: 'id' },
];

/** Derived tables emptied by `import-all --replace` and rebuilt or refilled afterwards. */
export const DERIVED_TABLES = ['customer_periods', 'period_counts_cache', 'count_invalidations'];
