import type { FastifyInstance } from 'fastify';

/** POST /api/v1/customers and /api/v1/events. */
export async function ingestRoutes(_app: FastifyInstance) {}
