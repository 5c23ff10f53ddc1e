import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * True when a state-changing request was sent by a page of another site: the check that
 * stops cross-site request forgery on cookie-authenticated (and local-mode) writes.
 *
 * Browsers mark every such request: Sec-Fetch-Site (all current browsers) and Origin (on
 * every non-GET fetch and form post). So a write is refused when Sec-Fetch-Site says
 * cross-site or same-site, or when Origin names another host, unless that origin is
 * listed in CANOPY_CORS_ORIGINS. A request with neither header did not come from a
 * browser, cannot ride on a victim's cookie, and is let through. A request with an
 * Authorization header carries its own credential, which browsers never add by themselves.
 */
export function isCrossSiteWrite(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (request.headers.authorization !== undefined) return false;
  const origin = request.headers.origin;
  const allowed = origin !== undefined && (allowedOrigins.includes(origin) || sameHost(origin, request.host));
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return false;
  if (site === 'same-site' || site === 'cross-site') return !allowed;
  if (origin === undefined) return false;
  return !allowed;
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and junk are foreign
  }
}
