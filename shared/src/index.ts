export * from './schemas/ingest.ts';
export * from './schemas/journey.ts';
export * from './journey/index.ts';
export * from './schemas/settings.ts';
export * from './schemas/annotations.ts';
export * from './schemas/access.ts';
export * from './schemas/subscriptions.ts';
