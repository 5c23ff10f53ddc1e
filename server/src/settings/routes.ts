import { Settings, validateSettings } from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { RequestError } from '../errors.ts';
import { invalidateCounts } from '../journey/counts-cache.ts';
import { ensureRollupTimezone } from '../rollups/rebuild.ts';
import { effectiveTimezone, getSettings, saveSettings } from './queries.ts';

/** GET /api/v1/settings (anyone who can read the dashboard) and PUT (admins). */
export async function settingsRoutes(app: FastifyInstance) {
  const db = app.database.db;

  app.get(
    '/settings',
    { config: { access: 'viewer' }, schema: { tags: ['settings'], summary: 'The ladder, unit costs, churn window, minimum NPS sample and time zone', response: { 200: Settings } } },
    async () => getSettings(db),
  );

  app.put(
    '/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Replace the settings; every figure follows at once',
        description: 'Changing the time zone re-cuts every period: the rollups are rebuilt before this answers.',
        body: Settings,
        response: { 200: Settings },
      },
    },
    async (request) => {
      const settings = request.body as Settings;
      const problems = validateSettings(settings);
      if (problems.length > 0) throw new RequestError(`The settings cannot be saved: ${problems.join(' ')}`);
      await db.transaction().execute(async (trx) => {
        await saveSettings(trx, settings);
        await ensureRollupTimezone(trx, effectiveTimezone(settings, app.config.timezone));
        await invalidateCounts(trx, null);
      });
      return getSettings(db);
    },
  );
}
