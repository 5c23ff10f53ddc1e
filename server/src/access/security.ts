import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { installAccessGuard } from './guard.ts';

/**
 * The Content-Security-Policy for every answer: scripts only from Canopy itself, never
 * inline; no plugins, no framing, no form posts elsewhere. Styles allow inline attributes
 * (charts set them) but scripts never do. Images allow data: (the API docs' icons).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Canopy is often served over plain HTTP on an office network: upgrading would break it.
  upgradeInsecureRequests: null,
};

/** Fastify's trustProxy from CANOPY_TRUST_PROXY; a hop count becomes "trust the nearest N". */
export function trustProxySetting(config: Config): boolean | string[] | ((address: string, hop: number) => boolean) {
  const trust = config.trustProxy;
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Installs Canopy's protections, before any route: the access guard, cookies, security
 * headers, CORS (only for the origins in CANOPY_CORS_ORIGINS) and rate limiting.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  // Cookies are parsed before the guard reads the session; the guard's onRoute hook sets
  // per-route rate limits, so it is installed before the limiter.
  await app.register(fastifyCookie);
  await installAccessGuard(app);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Share links travel in URLs: never send them on as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: app.config.cookieSecure === true ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  if (app.config.corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: app.config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Canopy-Share'],
      // Other sites call with an API key or a share token, never with the session cookie.
      credentials: false,
      maxAge: 600,
    });
  }
  await app.register(fastifyRateLimit, { global: false });
}
