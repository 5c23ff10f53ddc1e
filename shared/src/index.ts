export * from './schemas/ingest.ts';
