import { describe, expect, test } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { narrowSegment, segmentParameters } from './share-segment.ts';
import { hashesEqual, hashToken, looksLikeToken, newToken, tokenMatches, visiblePrefix } from './tokens.ts';

describe('tokens', () => {
  test('a new token carries 256 random bits after its marker, and two are never alike', () => {
    const a = newToken('apiKey');
    expect(a).toMatch(/^cnp_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice('cnp_live_'.length), 'base64url')).toHaveLength(32);
    expect(newToken('apiKey')).not.toBe(a);
    expect(visiblePrefix(a, 'apiKey')).toBe(a.slice(0, 17));
    expect(looksLikeToken(a, 'apiKey')).toBe(true);
    expect(looksLikeToken(a, 'shareLink')).toBe(false);
    expect(looksLikeToken(`${a}x`, 'apiKey')).toBe(false);
  });

  test('hashesEqual compares equal-length hashes exactly, and unequal lengths without throwing', () => {
    const h = hashToken('secret');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesEqual(h, hashToken('secret'))).toBe(true);
    const lastDiffers = h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    expect(hashesEqual(h, lastDiffers)).toBe(false);
    expect(hashesEqual(h, h.slice(0, 32))).toBe(false);
    expect(hashesEqual('', h)).toBe(false);
    expect(tokenMatches('secret', h)).toBe(true);
    expect(tokenMatches('secreT', h)).toBe(false);
  });
});

describe('passwords', () => {
  test('a hash is salted per password, verifies the right one only, and records its parameters', async () => {
    const one = await hashPassword('correct horse battery');
    const two = await hashPassword('correct horse battery');
    expect(one).not.toBe(two);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', one)).toBe(true);
    expect(await verifyPassword('correct horse batterY', one)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  test.each([
    ['short', /at least 10/],
    ['x'.repeat(257), /at most 256/],
    ['long enough passphrase', null],
  ])('passwordProblem(%#)', (password, problem) => {
    const found = passwordProblem(password);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('narrowing a pinned segment', () => {
  test.each([
    ['nothing asked: the pin', { plan: ['pro'] }, {}, { segment: { plan: ['pro'] } }],
    ['a wider ask is cut to the pin', { plan: ['pro'] }, { plan: ['pro', 'enterprise'] }, { segment: { plan: ['pro'] } }],
    ['another key narrows', { plan: ['pro'] }, { region: ['EU'] }, { segment: { plan: ['pro'], region: ['EU'] } }],
    ['fewer values of a pinned key narrow', { plan: ['pro', 'starter'] }, { plan: ['starter'] }, { segment: { plan: ['starter'] } }],
    ['only values outside the pin: refused', { plan: ['pro'] }, { plan: ['enterprise'] }, { outside: ['plan'] }],
  ])('%s', (_what, pinned, requested, result) => {
    expect(narrowSegment(pinned, requested)).toEqual(result);
  });

  test('segmentParameters writes key:value pairs', () => {
    expect(segmentParameters({ plan: ['pro', 'starter'], region: ['EU'] })).toEqual(['plan:pro', 'plan:starter', 'region:EU']);
  });
});
