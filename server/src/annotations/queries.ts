import type { Annotation, AnnotationInput } from '@canopy/shared';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

// Rows of `annotations` become API objects here, and only here. The day is read as text
// so no driver turns a calendar date into a midnight in some zone.

interface AnnotationRow {
  id: number;
  occurred_on: string;
  text: string;
  created_at: Date | string;
}

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    id: Number(row.id),
    occurredOn: row.occurred_on,
    text: row.text,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const columns = ['id', sql<string>`occurred_on::text`.as('occurred_on'), 'text', 'created_at'] as const;

/** The notes whose day is in [from, to] (either end open), oldest day first. */
export async function listAnnotations(db: Db, range: { from?: string; to?: string } = {}): Promise<Annotation[]> {
  let query = db.selectFrom('annotations').select(columns);
  if (range.from) query = query.where('occurred_on', '>=', range.from);
  if (range.to) query = query.where('occurred_on', '<=', range.to);
  const rows = await query.orderBy('occurred_on').orderBy('id').execute();
  return rows.map((row) => toAnnotation(row as AnnotationRow));
}

/** Stores a note and returns it as the API shows it. */
export async function addAnnotation(db: Db, input: AnnotationInput): Promise<Annotation> {
  const row = await db
    .insertInto('annotations')
    .values({ occurred_on: input.occurredOn, text: input.text.trim() })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toAnnotation(row as AnnotationRow);
}

/** Deletes a note; false when there was none with that id. */
export async function deleteAnnotation(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('annotations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
