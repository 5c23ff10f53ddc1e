import type { FastifyInstance } from 'fastify';
import { apiKeyRoutes } from './routes-api-keys.ts';
import { authRoutes } from './routes-auth.ts';
import { shareLinkRoutes } from './routes-share-links.ts';
import { userRoutes } from './routes-users.ts';

/** Every access route: auth, users, API keys and share links (mounted under /api/v1). */
export async function accessRoutes(app: FastifyInstance) {
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(apiKeyRoutes);
  await app.register(shareLinkRoutes);
}
