import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The visible start of every kind of Canopy secret, so a leaked one is recognisable. */
export const TOKEN_KINDS = {
  apiKey: 'cnp_live_',
  shareLink: 'cnp_share_',
  session: '',
} as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

/** Characters after the kind that are shown (and indexed) to tell tokens apart: 48 bits. */
export const VISIBLE_CHARACTERS = 8;

/** A new secret of 256 random bits, base64url, starting with the kind's marker. */
export function newToken(kind: TokenKind): string {
  return TOKEN_KINDS[kind] + randomBytes(32).toString('base64url');
}

/** The part of a token that may be shown and stored in clear, e.g. `cnp_live_ab12cd34`. */
export function visiblePrefix(token: string, kind: TokenKind): string {
  return token.slice(0, TOKEN_KINDS[kind].length + VISIBLE_CHARACTERS);
}

/** True when the text has the shape of a token of this kind (never a database hit otherwise). */
export function looksLikeToken(text: string, kind: TokenKind): boolean {
  const marker = TOKEN_KINDS[kind];
  return text.startsWith(marker) && /^[A-Za-z0-9_-]{43}$/.test(text.slice(marker.length));
}

/**
 * SHA-256 of a token, hex. Enough for secrets of 256 random bits: there is nothing to
 * guess, so a slow hash would only cost time on every request.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two hashes in time that does not depend on where they differ. Inputs of
 * different length (never two SHA-256 hex digests) are unequal without a comparison.
 */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** True when the presented token hashes to the stored hash, compared in constant time. */
export function tokenMatches(token: string, storedHash: string): boolean {
  return hashesEqual(hashToken(token), storedHash);
}
