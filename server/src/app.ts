import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/index.ts';
import { errorHandler, RequestError } from './errors.ts';
import { loggerOptions } from './access/logging.ts';
import { accessRoutes } from './access/routes.ts';
import { registerSecurity, trustProxySetting } from './access/security.ts';
import { annotationsRoutes } from './annotations/routes.ts';
import { waitForHandlersOnClose } from './health/in-flight.ts';
import { healthRoutes } from './health/routes.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { findUnstorableText } from './ingest/text.ts';
import { journeyRoutes } from './journey/routes.ts';
import { RollupWorker } from './rollups/worker.ts';
import { settingsRoutes } from './settings/routes.ts';
import { subscriptionsRoutes } from './subscriptions/routes.ts';
import { uploadsRoutes } from './uploads/routes.ts';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Serve the built web app from this folder (skipped when it does not exist). */
  webDist?: string;
  logger?: boolean;
}

/** Who may call a route: enforced by the access plugin from each route's `config.access`. */
export type AccessLevel = 'public' | 'viewer' | 'drilldown' | 'admin' | 'ingest';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessLevel;
    /** The route judges the text of each body item itself (ingestion: one bad item must not refuse the batch). */
    judgesBodyTextPerItem?: boolean;
  }
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    /** Adds stored events to the rollups in the background (ingestion kicks it; tests await `settled()`). */
    rollups: RollupWorker;
  }
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the Canopy HTTP app: every route, the OpenAPI document and the web app. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config),
    trustProxy: trustProxySetting(config),
    // Ingestion batches are large; the item limit is checked per request with a clear reason.
    bodyLimit: 64 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('database', database);
  const rollups = new RollupWorker(database.db, (error) => app.log.error({ err: error }, 'Adding stored events to the rollups failed; they stay queued and are tried again.'));
  app.decorate('rollups', rollups);
  app.addHook('onReady', async () => rollups.kick()); // events left queued by a stop or crash
  app.addHook('onClose', () => rollups.stop());
  app.setErrorHandler(errorHandler);
  waitForHandlersOnClose(app);
  // Before every route: the access guard (config.access on each route), headers, CORS, rate limits.
  await registerSecurity(app);
  // PostgreSQL refuses a NUL character in text (and half a surrogate pair cannot be stored as
  // UTF-8): refuse such input with a 400 that says so, before any route turns it into SQL.
  app.addHook('preValidation', async (request) => {
    const reason =
      findUnstorableText('querystring', request.query) ??
      findUnstorableText('params', request.params) ??
      (request.routeOptions.config.judgesBodyTextPerItem ? undefined : findUnstorableText('body', request.body));
    if (reason) throw new RequestError(`${reason}: remove it and send again.`);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Canopy API',
        version: '1.0.0',
        description: 'The forest view of the customer journey: send customers and events in, read the journey out.',
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes);
  await app.register(accessRoutes, { prefix: '/api/v1' });
  await app.register(ingestRoutes, { prefix: '/api/v1' });
  await app.register(journeyRoutes, { prefix: '/api/v1' });
  await app.register(annotationsRoutes, { prefix: '/api/v1' });
  await app.register(uploadsRoutes, { prefix: '/api/v1' });
  await app.register(settingsRoutes, { prefix: '/api/v1' });
  await app.register(subscriptionsRoutes, { prefix: '/api/v1' });

  const webDist = options.webDist ?? defaultWebDist;
  if (existsSync(webDist)) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    // Client-side routes (/trends, /movement...) all load the app's index.html.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'Not Found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
    });
  }
  return app;
}
