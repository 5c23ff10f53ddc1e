import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import type { Caller } from './decide.ts';
import { ApiKeysResponse, CreatedApiKey, NewApiKey } from '@canopy/shared';

const tags = ['access'];

/** The user id to record as creator: none in local mode. */
export function creatorOf(caller: Caller): string | null {
  return caller.kind === 'user' ? caller.user.userId : null;
}

/** /api/v1/api-keys: ingestion keys (admins only). */
export async function apiKeyRoutes(app: FastifyInstance) {
  const db = app.database.db;

  app.get(
    '/api-keys',
    { config: { access: 'admin' }, schema: { tags, summary: 'Every ingestion key, with when it was last used', response: { 200: ApiKeysResponse } } },
    async () => ({ keys: await listApiKeys(db) }),
  );

  app.post(
    '/api-keys',
    {
      bodyLimit: 16 * 1024,
      config: { access: 'admin' },
      schema: { tags, summary: 'Create an ingestion key; the answer shows it once', body: NewApiKey, response: { 201: CreatedApiKey } },
    },
    async (request, reply) => {
      const { name } = request.body as { name: string };
      return reply.code(201).send(await createApiKey(db, name.trim(), creatorOf(request.caller)));
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Revoke a key (by id or prefix); the next request with it is refused', params: Type.Object({ id: Type.String({ maxLength: 100 }) }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await revokeApiKey(db, id))) throw new RequestError(`No live key ${id}.`, 404);
      return reply.code(204).send();
    },
  );
}
