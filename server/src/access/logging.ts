import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/** Log paths that may hold a secret; pino writes [Redacted] instead. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-canopy-share"]',
  'res.headers["set-cookie"]',
  'req.body.password',
  'body.password',
  'password',
];

/** A URL with the value of every `share` parameter replaced, so share tokens never reach a log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]share=)[^&#]*/gi, '$1[Redacted]');
}

/**
 * The logger settings: the configured level, secrets redacted, and request lines that
 * carry the method, the URL without share tokens, and the caller's address.
 */
export function loggerOptions(config: Config) {
  return {
    level: config.logLevel,
    redact: REDACTED_PATHS,
    serializers: {
      req(request: FastifyRequest | Record<string, unknown>): Record<string, unknown> {
        // Anything else logged under `req` is left to the redaction paths above.
        if (typeof request.url !== 'string' || typeof request.method !== 'string') return request as Record<string, unknown>;
        const r = request as FastifyRequest;
        return { method: r.method, url: redactUrl(r.url), host: r.host, remoteAddress: r.ip };
      },
    },
  };
}
