// Turns JSON-schema errors into reasons a person sending data can act on: one reason per
// field, naming the field, what it must be, and what was sent.

/** The parts of a TypeBox validation error that reasons are made from. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

type PropertySchema = { type?: string; minimum?: number; maximum?: number; maxLength?: number; const?: unknown };

/** Context for wording: the item's field schemas, every field name any shape knows, the event type. */
export interface ReasonContext {
  properties: Record<string, PropertySchema>;
  /** Field name → the event types that have it: to say where a misplaced field belongs. */
  fieldOwners?: Record<string, string[]>;
  /** The event type, for "missing required field ... for type phone_call". */
  type?: string;
}

/** Plain reasons for the schema errors of one item: every problem, at most one reason per field. */
export function reasonsFromSchemaErrors(errors: SchemaError[], item: Record<string, unknown>, context: ReasonContext): string[] {
  const reasons: string[] = [];
  const seenFields = new Set<string>();
  const unknownFields = new Set<string>();
  const addUnknown = (field: string) => {
    if (unknownFields.has(field)) return;
    unknownFields.add(field);
    reasons.push(unknownField(field, context));
  };
  for (const error of errors) {
    if (error.keyword === 'required') {
      for (const field of error.params.requiredProperties as string[]) {
        reasons.push(`missing required field "${field}"${context.type ? ` for type ${context.type}` : ''}`);
      }
      continue;
    }
    if (error.keyword === 'additionalProperties') {
      for (const field of error.params.additionalProperties as string[]) addUnknown(field);
      continue;
    }
    if (error.keyword === 'boolean') {
      // An unknown field as "schema is false". The validator stops after 8 errors, so with 8 or
      // more unknown fields this is all it reports: the "additionalProperties" error is cut off.
      const [field, ...rest] = error.instancePath.split('/').slice(1).map(unescapePointer);
      if (field !== undefined && rest.length === 0 && !Object.hasOwn(context.properties, field)) addUnknown(field);
      continue;
    }
    const [field = '', ...rest] = error.instancePath.split('/').slice(1).map(unescapePointer);
    if (field === 'attributes' && rest.length > 0) {
      const key = rest[0]!;
      if (seenFields.has(`attributes/${key}`)) continue;
      seenFields.add(`attributes/${key}`);
      reasons.push(
        error.keyword === 'maxLength'
          ? `attribute "${key}" is longer than ${error.params.limit} characters`
          : `attribute "${key}" must be a string (got ${show((item.attributes as Record<string, unknown>)[key])})`,
      );
      continue;
    }
    if (seenFields.has(field)) continue;
    seenFields.add(field);
    reasons.push(fieldReason(field, error, item[field], (Object.hasOwn(context.properties, field) ? context.properties[field] : undefined) ?? {}));
  }
  // The validator stops after 8 errors: once it named an unknown field, name all of them.
  if (unknownFields.size > 0) {
    for (const field of Object.keys(item)) if (!Object.hasOwn(context.properties, field)) addUnknown(field);
  }
  // Never let a failed check pass for want of words.
  if (errors.length > 0 && reasons.length === 0) reasons.push('does not match the expected shape (see docs/ingestion.md)');
  return reasons;
}

function fieldReason(field: string, error: SchemaError, value: unknown, schema: PropertySchema): string {
  if (error.keyword === 'maxLength') return `"${field}" is longer than ${error.params.limit} characters`;
  if (error.keyword === 'minLength') return `"${field}" must not be empty`;
  return `"${field}" must be ${describe(schema)} (got ${show(value)})`;
}

/** What a field must hold, in words: "a whole number from 0 to 10". */
function describe(schema: PropertySchema): string {
  if (schema.type === 'integer' && schema.minimum !== undefined && schema.maximum !== undefined) {
    return `a whole number from ${schema.minimum} to ${schema.maximum}`;
  }
  if (schema.type === 'integer') return 'a whole number';
  if (schema.type === 'number' && schema.minimum !== undefined) return `a number of ${schema.minimum} or more`;
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'string') return 'a string';
  if (schema.type === 'object') return 'an object of string values, like {"plan": "pro"}';
  return 'valid';
}

function unknownField(field: string, context: ReasonContext): string {
  const owners = context.fieldOwners && Object.hasOwn(context.fieldOwners, field) ? context.fieldOwners[field] : undefined;
  if (owners && owners.length > 0 && context.type) {
    return `unknown field "${field}" for type ${context.type} (it belongs to ${owners.join(', ')} events)`;
  }
  const near = Object.keys(context.properties).find((known) => isNear(field, known));
  return `unknown field "${field}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** A likely typo: one name starts the other, or few edits apart for its length (hold_secs). */
function isNear(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.length >= 3 && (y.startsWith(x) || x.startsWith(y))) return true;
  const allowed = Math.max(2, Math.floor(Math.min(x.length, y.length) / 3));
  if (Math.abs(x.length - y.length) > allowed) return false;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]! <= allowed;
}

/** A sent value as a reason quotes it: short, and never the whole of a huge string. */
export function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  return String(value);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
