import type { FastifyRequest } from 'fastify';
import { parseSegment, SegmentError } from '../journey/segment.ts';
import type { Segment } from '../journey/source.ts';

/** The segment a share-link request may see, or the keys where the request asked outside it. */
export type Narrowed = { segment: Segment } | { outside: string[] };

/**
 * Intersects a share link's pinned segment with the one a request asks for. The request
 * can narrow (fewer values of a pinned key, or another key) but never widen: values of a
 * pinned key that the link does not include are dropped, and asking only for such values
 * is refused.
 */
export function narrowSegment(pinned: Segment, requested: Segment): Narrowed {
  // A Map and own-key checks: attribute names such as "__proto__" or "constructor" are plain keys here.
  const result = new Map<string, string[]>();
  const outside: string[] = [];
  for (const [key, values] of Object.entries(pinned)) {
    const asked = Object.hasOwn(requested, key) ? requested[key] : undefined;
    const kept = asked === undefined ? [...values] : asked.filter((v) => values.includes(v));
    if (kept.length === 0) outside.push(key);
    result.set(key, kept);
  }
  for (const [key, values] of Object.entries(requested)) {
    if (!Object.hasOwn(pinned, key)) result.set(key, [...values]);
  }
  return outside.length > 0 ? { outside } : { segment: Object.fromEntries(result) };
}

/** A segment as repeatable query parameters: {plan:[pro]} → ['plan:pro']. */
export function segmentParameters(segment: Segment): string[] {
  return Object.entries(segment).flatMap(([key, values]) => values.map((v) => `${key}:${v}`));
}

/** True when the route takes a `segment` query parameter, i.e. serves segment-scoped figures. */
export function routeTakesSegment(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
  return schema?.properties?.segment !== undefined;
}

/**
 * Forces a share link's segment onto the request's query before validation. Returns a
 * message when the request asked only for customers outside the link's segment.
 */
export function forceShareSegment(request: FastifyRequest, pinned: Segment | null): string | undefined {
  if (!pinned || !routeTakesSegment(request)) return undefined;
  const query = request.query as Record<string, unknown>;
  let requested: Segment;
  try {
    requested = parseSegment(query.segment as string[] | string | undefined);
  } catch (error) {
    if (error instanceof SegmentError) return undefined; // validation answers 400 with the reason
    throw error;
  }
  const narrowed = narrowSegment(pinned, requested);
  if ('outside' in narrowed) {
    return `This share link only shows ${segmentParameters(pinned).join(', ')}; ${narrowed.outside.join(', ')} asked for other values.`;
  }
  query.segment = segmentParameters(narrowed.segment);
  return undefined;
}
