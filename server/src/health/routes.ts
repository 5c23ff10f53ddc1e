import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { isMigrated } from '../db/migrate.ts';
import { rollupBacklog } from '../rollups/queue.ts';

/**
 * GET /healthz (the process is alive) and GET /readyz (the database answers and is migrated;
 * with how many stored events the figures still wait for).
 */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.database.db);
      if (!(await isMigrated(app.database.db))) {
        return reply.code(503).send({ status: 'unavailable', database: app.database.kind, reason: 'migrations pending' });
      }
      // Stored events the figures do not include yet (the rollup worker adds them within seconds).
      const backlog = await rollupBacklog(app.database.db);
      return {
        status: 'ready',
        database: app.database.kind,
        rollups: { queuedEvents: backlog.events, oldestQueuedAt: backlog.oldestQueuedAt?.toISOString() ?? null },
      };
    } catch {
      return reply
        .code(503)
        .header('Retry-After', '5')
        .send({ status: 'unavailable', database: app.database.kind, reason: 'database unreachable' });
    }
  });
}
