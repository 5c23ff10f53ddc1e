import Type, { type Static } from 'typebox';

// Annotations: dated notes admins add ("help centre relaunched") that every time chart
// shows, so a change in the lines can be read next to what the company did.

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const Annotation = Type.Object({
  id: Type.Integer({ description: 'Identifier, for deleting.' }),
  occurredOn: Type.String({ pattern: DAY_PATTERN, description: 'The day it happened, YYYY-MM-DD in the deployment time zone.' }),
  text: Type.String({ description: 'What happened, as people will read it on the charts.' }),
  createdAt: Type.String({ description: 'When the note was added (ISO 8601).' }),
});
export type Annotation = Static<typeof Annotation>;

export const AnnotationInput = Type.Object(
  {
    occurredOn: Type.String({ pattern: DAY_PATTERN, description: 'The day it happened, YYYY-MM-DD.' }),
    text: Type.String({ minLength: 1, maxLength: 280, description: 'What happened, 1 to 280 characters, e.g. "Help centre relaunched".' }),
  },
  { additionalProperties: false },
);
export type AnnotationInput = Static<typeof AnnotationInput>;

export const AnnotationsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'First day to include, YYYY-MM-DD.' })),
    to: Type.Optional(Type.String({ pattern: DAY_PATTERN, description: 'Last day to include, YYYY-MM-DD.' })),
  },
  { additionalProperties: false },
);

export const AnnotationsResponse = Type.Object({
  annotations: Type.Array(Annotation, { description: 'The notes, oldest day first.' }),
});
export type AnnotationsResponse = Static<typeof AnnotationsResponse>;
