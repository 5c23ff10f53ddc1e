import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { LAST_YEAR } from '../ingest/timestamps.ts';
import { assertSegmentKeysExist, parseSegment, SegmentError } from '../journey/segment.ts';
import type { Segment } from '../journey/source.ts';
import { creatorOf } from './routes-api-keys.ts';
import { CreatedShareLink, NewShareLink, ShareLinksResponse, type NewShareLinkBody } from '@canopy/shared';
import { createShareLink, listShareLinks, revokeShareLink } from './share-links.ts';

const tags = ['access'];

/** The expiry of a new link: a time in the future, or null for none. */
export function expiryOf(value: string | null | undefined, now = new Date()): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) throw new RequestError(`expiresAt: ${JSON.stringify(value)} is not a time. Use ISO 8601, e.g. 2026-12-31T18:00:00Z.`);
  if (when <= now) throw new RequestError('expiresAt is in the past: choose a later time, or none.');
  // The years every other time in the API may name: JavaScript reads times up to the year
  // 275760, which the embedded database refuses.
  if (when.getUTCFullYear() > LAST_YEAR) {
    throw new RequestError(`expiresAt is too far ahead: choose a time before the year ${LAST_YEAR + 1}, or none for a link that never expires.`);
  }
  return when;
}

/** /api/v1/share-links: read-only links for wall screens and people without accounts (admins only). */
export async function shareLinkRoutes(app: FastifyInstance) {
  const db = app.database.db;

  app.get(
    '/share-links',
    { config: { access: 'admin' }, schema: { tags, summary: 'Every share link, revoked and expired ones included', response: { 200: ShareLinksResponse } } },
    async () => ({ links: await listShareLinks(db) }),
  );

  app.post(
    '/share-links',
    {
      bodyLimit: 64 * 1024,
      config: { access: 'admin' },
      schema: { tags, summary: 'Create a share link; the answer shows its token once', body: NewShareLink, response: { 201: CreatedShareLink } },
    },
    async (request, reply) => {
      const body = request.body as NewShareLinkBody;
      let segment: Segment;
      try {
        segment = parseSegment(body.segment);
        await assertSegmentKeysExist(db, segment);
      } catch (error) {
        if (error instanceof SegmentError) throw new RequestError(error.message);
        throw error;
      }
      const link = await createShareLink(
        db,
        { label: body.label.trim(), segment, allowCustomerDetails: body.allowCustomerDetails ?? false, expiresAt: expiryOf(body.expiresAt) },
        creatorOf(request.caller),
      );
      return reply.code(201).send(link);
    },
  );

  app.delete(
    '/share-links/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Revoke a link (by id or prefix): it stops working at once', params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await revokeShareLink(db, id))) throw new RequestError(`No live share link ${id}.`, 404);
      return reply.code(204).send();
    },
  );
}
