import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AccessLevel } from '../app.ts';
import { identifyCaller } from './callers.ts';
import { isCrossSiteWrite } from './csrf.ts';
import { decide, type Caller } from './decide.ts';
import { ingestRateLimit } from './rate-limits.ts';
import { LocalMode } from './local-mode.ts';
import { forceShareSegment } from './share-segment.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the access guard before any handler runs. */
    caller: Caller;
  }
}

/** Bodies a route may receive unless it says otherwise; ingestion and admin imports set their own. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The routes outside /api/ that hold no data and are open to all: health checks, the API
 * docs, the web app's files (@fastify/static marks each with config.file) and CORS preflight.
 */
export function isPublicShell(route: Pick<RouteOptions, 'url' | 'config' | 'method'>): boolean {
  const url = route.url;
  if (url === '*' && route.method === 'OPTIONS') return true; // CORS preflight (CANOPY_CORS_ORIGINS)
  if (url === '/healthz' || url === '/readyz') return true;
  if (url === '/docs' || url.startsWith('/docs/')) return true;
  return (route.config as { file?: unknown } | undefined)?.file !== undefined && !url.startsWith('/api/');
}

/** The access level a route declared (after the public shell was marked). */
export function accessOf(request: FastifyRequest): AccessLevel | undefined {
  return request.routeOptions.config.access;
}

/**
 * Installs the one access check every request passes: it works out the caller, refuses
 * cross-site writes, applies the access matrix to the route's `config.access` (a route
 * without one is closed), and forces a share link's segment onto the query. It runs on
 * onRequest, so a refused request's body is never read.
 */
export async function installAccessGuard(app: FastifyInstance): Promise<void> {
  const localMode = new LocalMode(app.config, app.database.db);
  app.decorate('localMode', localMode);
  const routes: RouteAccess[] = [];
  app.decorate('routeAccess', routes);
  app.decorateRequest('caller', null as never);

  app.addHook('onRoute', (route) => {
    route.config ??= {};
    if (route.config.access === undefined && isPublicShell(route)) route.config.access = 'public';
    const access = route.config.access;
    if (access === 'ingest') route.config.rateLimit ??= ingestRateLimit(app.config);
    if (route.bodyLimit === undefined && access !== 'ingest' && access !== 'admin') route.bodyLimit = DEFAULT_BODY_LIMIT;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    request.caller = { kind: 'anonymous' };
    if (request.is404) return; // the not-found handler: the web app's index.html or a JSON 404
    const access = accessOf(request);
    if (isCrossSiteWrite(request, app.config.corsOrigins)) {
      return reply.code(403).send({
        error: 'Forbidden',
        message: 'This request came from another site’s page and was refused (cross-site request protection).',
      });
    }
    const onApi = request.url.startsWith('/api/');
    if (access !== 'public' || onApi) request.caller = await identifyCaller(request, app.database.db, localMode);
    // ?share= is a credential, not a filter: routes never see it (and strict schemas would refuse it).
    const query = request.query as Record<string, unknown> | undefined;
    if (query && 'share' in query) delete query.share;

    const verdict = decide(access, request.caller, request.method);
    if (!verdict.allow) {
      if (access === undefined) request.log.error({ url: request.routeOptions.url }, 'route without config.access refused');
      if (verdict.status === 401 && access === 'ingest') reply.header('WWW-Authenticate', 'Bearer realm="canopy"');
      return reply.code(verdict.status).send({ error: verdict.status === 401 ? 'Unauthorized' : 'Forbidden', message: verdict.message });
    }
    if (request.caller.kind === 'share') {
      const outside = forceShareSegment(request, request.caller.link.segment);
      if (outside) return reply.code(403).send({ error: 'Forbidden', message: outside });
    }
  });
}

/** One registered route and the access level it declared (undefined: closed). */
export interface RouteAccess {
  method: string;
  url: string;
  access: AccessLevel | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether this server is still in local mode (loopback, no admin yet). */
    localMode: LocalMode;
    /** Every route registered after the guard, with its access level: what the route audit test reads. */
    routeAccess: RouteAccess[];
  }
}
