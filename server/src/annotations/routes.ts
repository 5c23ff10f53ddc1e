import { Annotation, AnnotationInput, AnnotationsQuery, AnnotationsResponse } from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { FIRST_YEAR, LAST_YEAR } from '../journey/request.ts';
import { addAnnotation, deleteAnnotation, listAnnotations } from './queries.ts';

/** A calendar day that exists (the schema only checks its shape: 2025-02-30 is refused here). */
function assertRealDay(day: string | undefined, field: string) {
  if (day === undefined) return;
  const parsed = DateTime.fromISO(day);
  if (!parsed.isValid) throw new RequestError(`${field}: ${day} is not a date. Use YYYY-MM-DD, e.g. 2025-03-15.`);
  // The journey reads take the same years: PostgreSQL has no year 0, and no chart shows year 1.
  if (parsed.year < FIRST_YEAR || parsed.year > LAST_YEAR) throw new RequestError(`${field}: choose a day between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31.`);
}

/** GET /api/v1/annotations (viewers), POST and DELETE (admins): dated notes on the time charts. */
export async function annotationsRoutes(app: FastifyInstance) {
  const db = app.database.db;

  app.get(
    '/annotations',
    {
      config: { access: 'viewer' },
      schema: { tags: ['annotations'], summary: 'Dated notes shown on the time charts', querystring: AnnotationsQuery, response: { 200: AnnotationsResponse } },
    },
    async (request) => {
      const query = request.query as { from?: string; to?: string };
      assertRealDay(query.from, 'from');
      assertRealDay(query.to, 'to');
      return { annotations: await listAnnotations(db, query) };
    },
  );

  app.post(
    '/annotations',
    {
      config: { access: 'admin' },
      schema: { tags: ['annotations'], summary: 'Add a dated note', body: AnnotationInput, response: { 201: Annotation } },
    },
    async (request, reply) => {
      const input = request.body as AnnotationInput;
      assertRealDay(input.occurredOn, 'occurredOn');
      if (input.text.trim() === '') throw new RequestError('text: write what happened, e.g. "Help centre relaunched".');
      return reply.code(201).send(await addAnnotation(db, input));
    },
  );

  app.delete(
    '/annotations/:id',
    {
      config: { access: 'admin' },
      schema: { tags: ['annotations'], summary: 'Delete a note', params: Type.Object({ id: Type.Integer({ minimum: 1, description: 'The note id.' }) }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { id } = request.params as { id: number };
      // The validator lets "Infinity" through as a number; no note has an id past the column's range.
      if (!Number.isSafeInteger(id) || id > 2147483647 || !(await deleteAnnotation(db, id))) throw new RequestError(`No note with id ${id}.`, 404);
      return reply.code(204).send();
    },
  );
}
