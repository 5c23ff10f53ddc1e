import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';
import { findApiKey } from './api-keys.ts';
import { readSessionCookie } from './cookies.ts';
import type { Caller } from './decide.ts';
import type { LocalMode } from './local-mode.ts';
import { findSession } from './sessions.ts';
import { findShareLink } from './share-links.ts';
import { TOKEN_KINDS } from './tokens.ts';

/** The share token a request carries: X-Canopy-Share header, else ?share=. */
export function shareTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-canopy-share'];
  if (typeof header === 'string' && header !== '') return header;
  const param = (request.query as Record<string, unknown> | undefined)?.share;
  if (typeof param === 'string' && param !== '') return param;
  if (Array.isArray(param) && typeof param[0] === 'string') return param[0];
  return undefined;
}

/**
 * Works out who is calling, strongest credential first: an Authorization bearer token,
 * then a share token, then the session cookie, then local mode. A credential that is sent
 * but not valid makes the caller 'invalid', never anonymous or local.
 */
export async function identifyCaller(request: FastifyRequest, db: Db, localMode: LocalMode): Promise<Caller> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: 'invalid', problem: 'Send the API key as Authorization: Bearer cnp_live_…' };
    const token = match[1]!;
    if (token.startsWith(TOKEN_KINDS.shareLink)) return shareCaller(db, token);
    const key = await findApiKey(db, token);
    return key ? { kind: 'api-key', key } : { kind: 'invalid', problem: 'This API key is not valid or has been revoked.' };
  }
  const share = shareTokenOf(request);
  if (share !== undefined) return shareCaller(db, share);
  const sessionId = readSessionCookie(request);
  if (sessionId !== undefined) {
    const user = await findSession(db, sessionId);
    if (user) return { kind: 'user', user };
    // A stale cookie is normal (expired, signed out elsewhere): carry on as if absent.
  }
  return (await localMode.grants(request)) ? { kind: 'local' } : { kind: 'anonymous' };
}

async function shareCaller(db: Db, token: string): Promise<Caller> {
  const link = await findShareLink(db, token);
  return link ? { kind: 'share', link } : { kind: 'invalid', problem: 'This share link has expired or was revoked. Ask for a new one.' };
}
