import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { passwordProblem } from './passwords.ts';
import { NewUser, UserChange, UserSchema, UsersResponse } from '@canopy/shared';
import { changeUser, createUser, listUsers, setPassword, UserExistsError, type Role } from './users.ts';

const tags = ['access'];
const small = { bodyLimit: 16 * 1024 };
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const LAST_ADMIN = 'This is the last admin: make someone else an admin first.';

/** /api/v1/users: the people who may sign in (admins only). */
export async function userRoutes(app: FastifyInstance) {
  const db = app.database.db;

  app.get(
    '/users',
    { config: { access: 'admin' }, schema: { tags, summary: 'Everyone who can sign in', response: { 200: UsersResponse } } },
    async () => ({ users: await listUsers(db) }),
  );

  app.post(
    '/users',
    { ...small, config: { access: 'admin' }, schema: { tags, summary: 'Add a person with a first password', body: NewUser, response: { 201: UserSchema } } },
    async (request, reply) => {
      const input = request.body as { email: string; role: Role; password: string };
      const problem = passwordProblem(input.password);
      if (problem) throw new RequestError(problem);
      try {
        return reply.code(201).send(await createUser(db, input));
      } catch (error) {
        if (error instanceof UserExistsError) throw new RequestError(error.message, 409);
        throw error;
      }
    },
  );

  app.put(
    '/users/:id',
    { ...small, config: { access: 'admin' }, schema: { tags, summary: 'Change a role or set a new password', params: Id, body: UserChange, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const change = request.body as { role?: Role; password?: string };
      if (change.password !== undefined) {
        const problem = passwordProblem(change.password);
        if (problem) throw new RequestError(problem);
      }
      if (change.role !== undefined) {
        const result = await changeUser(db, id, { role: change.role });
        if (result === 'missing') throw new RequestError(`No person with id ${id}.`, 404);
        if (result === 'last-admin') throw new RequestError(LAST_ADMIN, 409);
      }
      if (change.password !== undefined && !(await setPassword(db, id, change.password))) {
        throw new RequestError(`No person with id ${id}.`, 404);
      }
      return reply.code(204).send();
    },
  );

  app.delete(
    '/users/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a person; their sessions end at once', params: Id, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const result = await changeUser(db, id, 'delete');
      if (result === 'missing') throw new RequestError(`No person with id ${id}.`, 404);
      if (result === 'last-admin') throw new RequestError(LAST_ADMIN, 409);
      return reply.code(204).send();
    },
  );
}
