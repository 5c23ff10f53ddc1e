// The journey maths: pure functions that turn the counts SQL produces into the figures
// the dashboard shows (../../spec/journey-model.md; explained in docs/journey-model.md).
export * from './periods.ts';
export * from './ladder.ts';
export * from './shares.ts';
export * from './rounding.ts';
export * from './nps.ts';
export * from './percentile.ts';
export * from './departments.ts';
export * from './change.ts';
export * from './phrases.ts';
export * from './flags.ts';
export * from './movement.ts';
export * from './headline.ts';
export * from './cost.ts';
export * from './churn.ts';
