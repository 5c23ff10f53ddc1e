import type { FastifyRequest } from 'fastify';

// Fastify's own JSON parser answers every syntax error with the same sentence; a person
// fixing a 5,000-item batch needs to know where the JSON broke.

/** A body that is not JSON, answered as 400 with the reason. */
class JsonBodyError extends Error {
  readonly statusCode = 400;
  override readonly name = 'Bad Request';
}

/** Parses a JSON request body, saying at which line and column it breaks when it does. */
export function parseJsonBody(_request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) {
  if (body.trim() === '') return done(new JsonBodyError('The body is empty: send a JSON object.'));
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return done(new JsonBodyError(`The body is not valid JSON: ${whereItBreaks(body, (error as Error).message)}`));
  }
  // Prototype poisoning: a "__proto__" key would be harmless here, but no sender needs one.
  // Only as a key: a customer may well be called "__proto__".
  if (body.includes('"__proto__"') && /"__proto__"\s*:/.test(body)) return done(new JsonBodyError('The body contains a "__proto__" key, which is not accepted.'));
  return done(null, value);
}

/** The parser's message with "at position N" turned into a line and column a person can find. */
export function whereItBreaks(text: string, message: string): string {
  const match = /^(.*) in JSON at position (\d+)/s.exec(message);
  if (!match) return message;
  const position = Number(match[2]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const near = text.slice(Math.max(0, position - 20), position + 20).replace(/\s+/g, ' ');
  return `${match[1]} at line ${line}, column ${column}, near: ${near}`;
}
