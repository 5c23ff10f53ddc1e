import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { hashToken } from './tokens.ts';
import { normaliseEmail } from './users.ts';

/** Sign-in attempts one address may make for one email per window. */
export const SIGN_IN_ATTEMPTS = 10;
/** The sign-in window: after SIGN_IN_ATTEMPTS, wait this long. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** The message for a throttled sign-in: the same whether or not the email has an account. */
export const SIGN_IN_THROTTLED = 'Too many sign-in attempts for this email from here. Wait 15 minutes, then try again.';

function tooMany(message: string) {
  return () => Object.assign(new Error(message), { statusCode: 429, name: 'Too Many Requests' });
}

/**
 * Sign-in throttling, keyed by address and email: guessing one person's password from one
 * place is slowed to SIGN_IN_ATTEMPTS per window, and others signing in from the same
 * office address are not locked out. Runs once the body (the email) has been read.
 */
export function signInRateLimit() {
  return {
    max: SIGN_IN_ATTEMPTS,
    timeWindow: SIGN_IN_WINDOW_MS,
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return `${request.ip}|${typeof email === 'string' ? normaliseEmail(email) : ''}`;
    },
    errorResponseBuilder: tooMany(SIGN_IN_THROTTLED),
  };
}

/**
 * Ingestion throttling, keyed by the credential (a hash of the Authorization header) or,
 * without one (local mode), by address: one runaway sender cannot starve the others.
 */
export function ingestRateLimit(config: Config) {
  return {
    max: config.ingestRequestsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => {
      const authorization = request.headers.authorization;
      return authorization ? `key:${hashToken(authorization).slice(0, 32)}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: tooMany(
      `More than ${config.ingestRequestsPerMinute} ingestion requests in a minute (CANOPY_INGEST_REQUESTS_PER_MINUTE): send larger batches, or wait a minute.`,
    ),
  };
}
