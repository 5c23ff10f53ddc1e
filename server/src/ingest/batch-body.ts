import type { FastifySchemaCompiler } from 'fastify';
import { show } from './reasons.ts';

// Fastify's shared validator coerces types ("coerceTypes: array" turns {"events": {...}}
// into a one-item list) and would fail the whole batch for one bad item. Ingest routes
// judge their body here instead: only "is this a batch at all" is checked; each item
// is judged on its own by the handler.

type BatchSchema = { properties: Record<string, { maxItems?: number }> };

/** A validation problem shaped as the error handler expects (it prefixes "body"). */
interface BodyProblem {
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
  keyword: string;
  schemaPath: string;
}

/** Why a body is not a batch of `key` items of at most `maxItems`, or undefined when it is one. */
export function batchBodyProblems(body: unknown, key: string, maxItems: number): BodyProblem[] | undefined {
  const problem = (instancePath: string, message: string): BodyProblem[] => [
    { instancePath, message, params: {}, keyword: 'batch', schemaPath: '#' },
  ];
  const example = `{"${key}": [...]}`;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem('', `must be an object like ${example} (got ${show(body)})`);
  }
  const others = Object.keys(body).filter((k) => k !== key);
  if (!(key in body)) {
    const hint = others.length > 0 ? ` (found ${others.map((k) => `"${k}"`).join(', ')})` : '';
    return problem('', `must have the list "${key}", like ${example}${hint}`);
  }
  if (others.length > 0) {
    return problem('', `has unknown field ${others.map((k) => `"${k}"`).join(', ')}: send only ${example}`);
  }
  const items = (body as Record<string, unknown>)[key];
  if (!Array.isArray(items)) return problem(`/${key}`, `must be a list (got ${show(items)})`);
  if (items.length > maxItems) {
    return problem(
      `/${key}`,
      `has ${items.length} items, more than the ${maxItems} one request may carry (CANOPY_MAX_BATCH_ITEMS): send them in smaller batches`,
    );
  }
  return undefined;
}

/** The validator compiler for the ingest routes' batch bodies (see the note above). */
export const batchBodyCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart !== 'body') return (value) => ({ value });
  const [key, items] = Object.entries((schema as BatchSchema).properties)[0]!;
  const maxItems = items.maxItems ?? Number.POSITIVE_INFINITY;
  return (body) => {
    const problems = batchBodyProblems(body, key, maxItems);
    return problems ? { error: problems as never } : { value: body };
  };
};
