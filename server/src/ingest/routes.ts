import { CustomersBatch, EventsBatch, IngestProblem, IngestResult } from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { closeIngestionDb, INGESTION_CONNECTIONS, openIngestionDb } from '../db/index.ts';
import { batchBodyCompiler } from './batch-body.ts';
import { groupCommit } from './group-commit.ts';
import { parseJsonBody } from './json-body.ts';
import { ingestCustomers, ingestEvents } from './service.ts';
import type { EventRow } from './rows.ts';
import { storeEventRows, type StoreOptions } from './store.ts';

/** Most events stored in one group commit (a single batch may be larger, up to CANOPY_MAX_BATCH_ITEMS). */
const GROUP_COMMIT_MAX_ROWS = 5000;

const responses = { 200: IngestResult, 400: IngestProblem, 413: IngestProblem, 415: IngestProblem };

/** POST /api/v1/customers and /api/v1/events. */
export async function ingestRoutes(app: FastifyInstance) {
  // Scoped to this plugin: batch bodies are judged item by item, never coerced.
  app.setValidatorCompiler(batchBodyCompiler);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  const max = app.config.maxBatchItems;
  const db = openIngestionDb(app.database);
  app.addHook('onClose', () => closeIngestionDb(app.database, db));
  // Event batches that arrive while both ingestion connections are busy are stored together.
  // The answer comes once the events are stored; the rollup worker then adds them to the figures.
  const storeAndKick = async (rows: EventRow[], options: StoreOptions) => {
    const stored = await storeEventRows(db, rows, options);
    if (stored.size > 0) app.rollups.kick();
    return stored;
  };
  const storeGrouped = groupCommit(storeAndKick, {
    concurrency: INGESTION_CONNECTIONS,
    maxRows: GROUP_COMMIT_MAX_ROWS,
  });

  app.post(
    '/events',
    {
      // Senders use an API key (the access guard in ../access decides who may call).
      config: { access: 'ingest', judgesBodyTextPerItem: true },
      schema: {
        tags: ['ingest'],
        summary: 'Send events',
        description:
          `Stores up to ${max} events (CANOPY_MAX_BATCH_ITEMS). Each item is judged on its own: valid ones are stored, ` +
          'invalid ones are listed with every reason. An event id already stored counts as a duplicate, not an error. ' +
          'The batch is stored atomically, so sending it again is always safe. The answer comes once the events are stored; ' +
          'the dashboard figures include them seconds later (GET /readyz shows how many stored events they still wait for).',
        body: EventsBatch(max),
        response: responses,
      },
    },
    async (request) => ingestEvents(db, (request.body as { events: unknown[] }).events, {}, storeGrouped),
  );

  app.post(
    '/customers',
    {
      config: { access: 'ingest', judgesBodyTextPerItem: true },
      schema: {
        tags: ['ingest'],
        summary: 'Create or update customers',
        description:
          `Creates or updates up to ${max} customers by id (CANOPY_MAX_BATCH_ITEMS). The fields sent replace the stored ` +
          'ones; fields not sent are kept (attributes are replaced as a whole map). Invalid items are listed with every reason.',
        body: CustomersBatch(max),
        response: responses,
      },
    },
    async (request) => ingestCustomers(db, (request.body as { customers: unknown[] }).customers),
  );
}
