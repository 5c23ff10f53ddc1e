import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** Postgres error codes and client errors that mean "the database is not reachable right now". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);

/** True when an error says the database is down rather than that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  // Class 08: connection exceptions (08000, 08001 cannot connect, 08003, 08006 failure...).
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

/** True when the database refused a write for lack of disk space (53100 disk_full). */
export function isDiskFull(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === '53100';
}

/**
 * Turns any error into an answer a user can act on: validation problems list every
 * reason, an unreachable database is a 503 with Retry-After, and anything else is a
 * plain 500. Stack traces and SQL stay in the log.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    const reasons = error.validation.map((v) => {
      const where = `${error.validationContext ?? 'request'}${v.instancePath ? v.instancePath.replace(/\//g, '.') : ''}`;
      const extra = (v.params as { additionalProperty?: string })?.additionalProperty;
      return extra ? `${where}: unknown field "${extra}"` : `${where} ${v.message ?? 'is invalid'}`;
    });
    return reply.code(400).send({ error: 'Bad Request', message: reasons.join('; '), reasons });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return reply
      .code(503)
      .header('Retry-After', '5')
      .send({ error: 'Service Unavailable', message: 'The database cannot be reached right now. Try again shortly.' });
  }
  if (isDiskFull(error)) {
    request.log.error({ err: error }, 'database disk full');
    return reply.code(503).header('Retry-After', '60').send({
      error: 'Service Unavailable',
      message: 'The database has no disk space left, so nothing of this request was stored. Free space on its disk, then send again.',
    });
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'Internal Server Error', message: 'Something went wrong on our side. It has been logged.' });
  }
  return reply.code(status).send({ error: STATUS_CODES[status] ?? 'Error', message: friendlyClientMessage(error) });
}

function friendlyClientMessage(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return `The body is not valid JSON: ${error.message}`;
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The body is too large: send fewer items per request.';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Send the body as application/json.';
  return error.message;
}

/** A request the caller must change; the message says how. Answers 400 (or the given status). */
export class RequestError extends Error {
  override name = 'Bad Request';
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}
