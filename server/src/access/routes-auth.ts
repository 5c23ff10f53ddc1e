import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookies.ts';
import { LOCAL_MODE_BANNER } from './local-mode.ts';
import { passwordProblem, verifyDecoy, verifyPassword } from './passwords.ts';
import { signInRateLimit } from './rate-limits.ts';
import { Credentials, Problem, Session } from '@canopy/shared';
import { createSession, endAllSessions, endSession } from './sessions.ts';
import { adminExists, createFirstAdmin, findUserByEmail, UserExistsError } from './users.ts';

/** The one answer to every failed sign-in, so it tells no one which emails have accounts. */
export const SIGN_IN_FAILED = 'email or password is wrong';

const small = { bodyLimit: 16 * 1024 };
const tags = ['access'];

/** /api/v1/auth: who am I, sign in and out, and the first-admin setup. */
export async function authRoutes(app: FastifyInstance) {
  const db = app.database.db;

  // Starts a fresh session: any session the browser came with ends, so an id planted
  // before sign-in (session fixation) is worth nothing after it.
  const startSession = async (request: FastifyRequest, reply: FastifyReply, userId: string) => {
    const old = readSessionCookie(request);
    if (old !== undefined) await endSession(db, old);
    setSessionCookie(reply, app.config, await createSession(db, userId));
  };

  app.get(
    '/auth/me',
    { config: { access: 'public' }, schema: { tags, summary: 'Who is looking: local mode, a person, a share link, or no one', response: { 200: Session, 401: Session } } },
    async (request, reply) => {
      const caller = request.caller;
      if (caller.kind === 'local') return { mode: 'local', banner: LOCAL_MODE_BANNER, setupNeeded: true };
      if (caller.kind === 'user') return { mode: 'signed-in', user: { email: caller.user.email, role: caller.user.role } };
      if (caller.kind === 'share') {
        const { label, segment, allowCustomerDetails, expiresAt } = caller.link;
        return { mode: 'share', label, segment, allowCustomerDetails, expiresAt };
      }
      const setupNeeded = !(await adminExists(db));
      const problem = caller.kind === 'invalid' ? { problem: caller.problem } : {};
      return reply.code(401).send({ mode: 'anonymous', setupNeeded, ...problem });
    },
  );

  app.post(
    '/auth/sign-in',
    { ...small, config: { access: 'public', rateLimit: signInRateLimit() }, schema: { tags, summary: 'Sign in with email and password; sets the session cookie', body: Credentials, response: { 204: Type.Null(), 401: Problem } } },
    async (request, reply) => {
      const { email, password } = request.body as Credentials;
      const user = await findUserByEmail(db, email);
      const ok = user ? await verifyPassword(password, user.password_hash) : await verifyDecoy(password);
      if (!user || !ok) return reply.code(401).send({ error: 'Unauthorized', message: SIGN_IN_FAILED });
      await startSession(request, reply, user.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/sign-out',
    { ...small, config: { access: 'public' }, schema: { tags, summary: 'Sign out this browser', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const id = readSessionCookie(request);
      if (id !== undefined) await endSession(db, id);
      clearSessionCookie(reply, app.config);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    { ...small, config: { access: 'public' }, schema: { tags, summary: 'End every session of the signed-in person, this one included', response: { 204: Type.Null(), 401: Problem } } },
    async (request, reply) => {
      if (request.caller.kind !== 'user') return reply.code(401).send({ error: 'Unauthorized', message: 'Sign in first.' });
      await endAllSessions(db, request.caller.user.userId);
      clearSessionCookie(reply, app.config);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/setup',
    { ...small, config: { access: 'public' }, schema: { tags, summary: 'Create the first admin (local mode only, while no admin exists); signs them in', body: Credentials, response: { 201: Session, 403: Problem } } },
    async (request, reply) => {
      // Only the computer's owner, before any admin exists: local mode says both.
      const closed = { error: 'Forbidden', message: 'Setup is closed: an admin already exists, or this is not the computer Canopy runs on. Sign in instead.' };
      if (request.caller.kind !== 'local' || !(await app.localMode.active())) return reply.code(403).send(closed);
      const { email, password } = request.body as Credentials;
      const problem = passwordProblem(password);
      if (problem) throw new RequestError(problem);
      const user = await createFirstAdmin(db, { email, password }).catch((error: unknown) => {
        throw error instanceof UserExistsError ? new RequestError(`${error.message} Use another email.`, 409) : error;
      });
      if (!user) return reply.code(403).send(closed);
      await startSession(request, reply, user.id);
      return reply.code(201).send({ mode: 'signed-in', user: { email: user.email, role: user.role } });
    },
  );
}
