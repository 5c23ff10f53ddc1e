import Type, { type Static } from 'typebox';

// Response shapes of the upload API. (They belong in shared/ next to the other schemas;
// they live here until that move, and the web client imports these types only.)

export const ImportKindSchema = Type.Union([Type.Literal('customers'), Type.Literal('events')], {
  description: 'What the file holds: customers or events (detected from its columns or fields unless given).',
});

export const ImportReportSchema = Type.Object({
  file: Type.String({ description: 'The uploaded file name.' }),
  kind: ImportKindSchema,
  lines: Type.Number({ description: 'Data lines read (the CSV header is not counted).' }),
  stored: Type.Number({ description: 'Items stored.' }),
  duplicates: Type.Number({ description: 'Events whose id was already stored: counted, not stored twice.' }),
  rejected: Type.Number({ description: 'Lines refused; stored + duplicates + rejected = lines.' }),
  rejections: Type.Array(
    Type.Object({
      line: Type.Number({ description: 'Line number in the file (a CSV header is line 1).' }),
      id: Type.Union([Type.String(), Type.Null()]),
      reasons: Type.Array(Type.String(), { description: 'Every reason, in plain words.' }),
    }),
    { description: 'The first rejected lines (up to 100), in file order.' },
  ),
  receivedAt: Type.String({ description: 'When the upload finished (ISO 8601).' }),
});
export type ImportReportJson = Static<typeof ImportReportSchema>;

export const ImportQuery = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255, description: 'The file name: .csv for CSV, .jsonl / .ndjson / .json for JSON Lines.' }),
    kind: Type.Optional(ImportKindSchema),
    assumeTimezone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA zone for timestamps without an offset (default: they are refused).' })),
  },
  { additionalProperties: false },
);

export const IngestionStatusSchema = Type.Object({
  lastReceivedAt: Type.Union([Type.String(), Type.Null()], { description: 'When the newest event was received (ISO 8601); null with no events.' }),
  lastOccurredAt: Type.Union([Type.String(), Type.Null()], { description: 'The latest occurred_at of any event.' }),
  timezone: Type.String({ description: 'The zone days are cut in.' }),
  days: Type.Array(
    Type.Object({
      day: Type.String({ description: 'YYYY-MM-DD in the deployment time zone.' }),
      counts: Type.Record(Type.String(), Type.Number(), { description: 'Events that occurred that day, by type.' }),
    }),
    { description: 'The last 14 days, oldest first, including days without events.' },
  ),
  recentImports: Type.Array(ImportReportSchema, {
    description: 'Reports of the last uploads since the server started, newest first. Events sent to the ingest API keep no rejection log: their rejections are only in each response.',
  }),
});
export type IngestionStatusJson = Static<typeof IngestionStatusSchema>;
