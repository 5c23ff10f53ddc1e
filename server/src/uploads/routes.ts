import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequestError } from '../errors.ts';
import { ImportFileError } from '../import/file-error.ts';
import { importFile } from '../import/import-file.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import { ImportQuery, ImportReportSchema, IngestionStatusSchema, type ImportReportJson } from './schemas.ts';
import { getIngestionStatus } from './status.ts';

/** Largest upload accepted (bytes); bigger files go through `pnpm canopy import`. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const EXTENSIONS = ['.csv', '.jsonl', '.ndjson', '.json'];
const RECENT = 10;

/** POST /api/v1/imports (a raw file body, streamed to disk, then imported) and GET /api/v1/imports/status. */
export async function uploadsRoutes(app: FastifyInstance) {
  const db = app.database.db;
  // Newest first; kept in memory: the ingest API keeps no log of what it refused.
  const recentImports: ImportReportJson[] = [];

  // The body stays a stream: the file is never held in memory.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/x-ndjson', 'application/jsonl'], (_request, payload, done) => done(null, payload));

  app.post(
    '/imports',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['ingest'],
        summary: 'Upload a CSV or JSON Lines file of customers or events',
        description: `Send the file as the raw body (Content-Type: application/octet-stream) with its name in ?filename=. Up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Lines are judged one by one like POST /events: the report lists every refused line with its reasons.`,
        querystring: ImportQuery,
        response: { 200: ImportReportSchema },
      },
    },
    async (request) => {
      const query = request.query as { filename: string; kind?: 'customers' | 'events'; assumeTimezone?: string };
      const extension = extname(query.filename).toLowerCase();
      if (!EXTENSIONS.includes(extension)) throw new RequestError(`filename: ${query.filename} is neither CSV nor JSON Lines. Use a name ending in ${EXTENSIONS.join(', ')}.`, 415);
      if (!request.body || typeof (request.body as Readable).pipe !== 'function') throw new RequestError('Send the file as the body, with Content-Type: application/octet-stream.', 415);
      const folder = await mkdtemp(join(tmpdir(), 'canopy-upload-'));
      const path = join(folder, `${randomUUID()}${extension}`);
      try {
        let bytes = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(bytes > MAX_UPLOAD_BYTES ? new RequestError(`The file is over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: use pnpm canopy import for it.`, 413) : null, chunk);
          },
        });
        await pipeline(request.body as Readable, limit, createWriteStream(path));
        const report = await importFile(db, path, { kind: query.kind, assumeTimezone: query.assumeTimezone, maxListedRejections: 100 });
        const answer: ImportReportJson = { ...report, file: query.filename, receivedAt: new Date().toISOString() };
        recentImports.unshift(answer);
        recentImports.length = Math.min(recentImports.length, RECENT);
        return answer;
      } catch (error) {
        if (error instanceof ImportFileError) {
          const partial = error.partial ? ` Stored before the problem: ${error.partial.stored} of ${error.partial.lines} lines.` : '';
          throw new RequestError(`${query.filename}: ${error.message}.${partial}`);
        }
        throw error;
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/imports/status',
    { config: { access: 'admin' }, schema: { tags: ['ingest'], summary: 'When events last arrived, events per type per day, recent uploads', response: { 200: IngestionStatusSchema } } },
    async () => {
      const timezone = effectiveTimezone(await getSettings(db), app.config.timezone);
      return { ...(await getIngestionStatus(db, timezone)), recentImports };
    },
  );
}
