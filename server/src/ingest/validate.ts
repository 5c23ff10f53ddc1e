import { CustomerInput, EVENT_TYPES, EventCommonInput, EventInputByType, MAX_ID_LENGTH, type EventType } from '@canopy/shared';
import Schema from 'typebox/schema';
import { reasonsFromSchemaErrors, show, type ReasonContext, type SchemaError } from './reasons.ts';
import type { CustomerRow, EventRow, Judgement } from './rows.ts';
import { unstorableFields } from './text.ts';
import { parseTimestamp, type TimestampOptions } from './timestamps.ts';

/** How items are judged: the clock to compare against, and the zone for offset-less timestamps. */
export interface ValidateOptions extends TimestampOptions {
  /** The server clock; events more than a day after it are refused. Injected in tests. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ATTRIBUTE_NAME = 100;

type Compiled = { Check(value: unknown): boolean; Errors(value: unknown): [boolean, SchemaError[]] };
type ObjectSchema = { properties: ReasonContext['properties'] };
const compile = (schema: unknown) => Schema.Compile(schema as never) as unknown as Compiled;

const eventValidators = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, compile(EventInputByType[type])]),
) as Record<EventType, Compiled>;
const commonValidator = compile(EventCommonInput);
const customerValidator = compile(CustomerInput);

// Which event types have a field, so "score" on a phone call can say it belongs to nps_response.
const fieldOwners: Record<string, string[]> = {};
for (const type of EVENT_TYPES) {
  for (const field of Object.keys((EventInputByType[type] as unknown as ObjectSchema).properties)) {
    if (!(field in (EventCommonInput as unknown as ObjectSchema).properties) && field !== 'type') {
      (fieldOwners[field] ??= []).push(type);
    }
  }
}

/** Judges one sent event: its row to store, or every reason it cannot be stored. */
export function validateEvent(item: unknown, options: ValidateOptions = {}): Judgement<EventRow> {
  if (!isPlainObject(item)) return { ok: false, reasons: [`an event must be a JSON object (got ${show(item)})`] };
  const reasons: string[] = [];
  const type = item.type;
  const known = typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type);
  let schema: unknown = EventCommonInput;
  if (known) {
    schema = EventInputByType[type as EventType];
  } else if (type === undefined) {
    reasons.push(`missing required field "type": use one of ${EVENT_TYPES.join(', ')}`);
  } else {
    reasons.push(`unknown type ${show(type)}: use one of ${EVENT_TYPES.join(', ')}`);
  }
  const validator = known ? eventValidators[type as EventType] : commonValidator;
  // Errors() costs ~80 times Check(): only items that fail are explained.
  const errors = validator.Check(item) ? [] : validator.Errors(item)[1];
  const properties = (schema as ObjectSchema).properties;
  reasons.push(...reasonsFromSchemaErrors(errors, item, { properties, fieldOwners, ...(known ? { type: type as string } : {}) }));
  reasons.push(...unstorableFields(item));

  let occurredAt: Date | undefined;
  if (typeof item.occurred_at === 'string') {
    const parsed = parseTimestamp('occurred_at', item.occurred_at, options);
    if (!parsed.ok) reasons.push(parsed.reason);
    else occurredAt = parsed.date;
  }
  const now = options.now ?? new Date();
  if (occurredAt && occurredAt.getTime() > now.getTime() + DAY_MS) {
    reasons.push(`"occurred_at" is more than a day in the future (${occurredAt.toISOString()}; the server clock says ${now.toISOString()})`);
  }
  if (reasons.length > 0 || !occurredAt) return { ok: false, reasons };

  const field = <T>(name: string) => (item[name] === undefined ? null : (item[name] as T));
  return {
    ok: true,
    row: {
      id: item.id as string,
      customer_id: item.customer_id as string,
      type: type as EventType,
      occurred_at: occurredAt,
      feature: field<string>('feature'),
      article: field<string>('article'),
      // The spec's default: a conversation not said to be escalated was not escalated.
      escalated: type === 'chatbot_conversation' ? (field<boolean>('escalated') ?? false) : null,
      resolved: field<boolean>('resolved'),
      hold_seconds: field<number>('hold_seconds'),
      talk_seconds: field<number>('talk_seconds'),
      score: field<number>('score'),
      comment: field<string>('comment'),
      reason: field<string>('reason'),
      channel: field<string>('channel'),
    },
  };
}

/** Judges one sent customer: the fields to store, or every reason it cannot be stored. */
export function validateCustomer(item: unknown, options: ValidateOptions = {}): Judgement<CustomerRow> {
  if (!isPlainObject(item)) return { ok: false, reasons: [`a customer must be a JSON object (got ${show(item)})`] };
  const errors = customerValidator.Check(item) ? [] : customerValidator.Errors(item)[1];
  const properties = (CustomerInput as unknown as ObjectSchema).properties;
  const reasons = reasonsFromSchemaErrors(errors, item, { properties });
  reasons.push(...unstorableFields(item));
  if (isPlainObject(item.attributes)) {
    for (const key of Object.keys(item.attributes)) {
      if (key.length === 0 || key.length > MAX_ATTRIBUTE_NAME) {
        reasons.push(`attribute names must be 1 to ${MAX_ATTRIBUTE_NAME} characters (got ${show(key)})`);
      }
    }
  }
  let createdAt: Date | undefined;
  if (typeof item.created_at === 'string') {
    const parsed = parseTimestamp('created_at', item.created_at, options);
    if (!parsed.ok) reasons.push(parsed.reason);
    else createdAt = parsed.date;
  }
  if (reasons.length > 0) return { ok: false, reasons };

  const row: CustomerRow = { id: item.id as string };
  if (item.name !== undefined) row.name = item.name as string;
  if (createdAt) row.created_at = createdAt;
  if (item.mrr !== undefined) row.mrr = item.mrr as number;
  if (item.attributes !== undefined) row.attributes = item.attributes as Record<string, string>;
  return { ok: true, row };
}

/** The id to quote back for a rejected item: its string id (cut to the id limit), else null. */
export function quotedId(item: unknown): string | null {
  if (!isPlainObject(item) || typeof item.id !== 'string') return null;
  return item.id.length > MAX_ID_LENGTH ? `${item.id.slice(0, MAX_ID_LENGTH)}…` : item.id;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
