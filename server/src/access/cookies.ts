import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { SESSION_LIFETIME_MS } from './sessions.ts';

// Over HTTPS the __Host- prefix makes browsers refuse the cookie from any subdomain or path.
const SECURE_NAME = '__Host-canopy_session';
const PLAIN_NAME = 'canopy_session';

/** True when session cookies for this request must carry Secure. */
export function cookieIsSecure(config: Config, request: FastifyRequest): boolean {
  return config.cookieSecure === 'auto' ? request.protocol === 'https' : config.cookieSecure;
}

/** The session id a request's cookie carries, if any. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  return request.cookies[SECURE_NAME] ?? request.cookies[PLAIN_NAME];
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over HTTPS, path /. */
export function setSessionCookie(reply: FastifyReply, config: Config, sessionId: string): void {
  const secure = cookieIsSecure(config, reply.request);
  reply.setCookie(secure ? SECURE_NAME : PLAIN_NAME, sessionId, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor(SESSION_LIFETIME_MS / 1000),
  });
}

/** Removes the session cookie, under either name. */
export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  const secure = cookieIsSecure(config, reply.request);
  for (const name of [SECURE_NAME, PLAIN_NAME]) {
    if (name === SECURE_NAME && !secure) continue; // browsers ignore a __Host- cookie without Secure
    reply.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  }
}
