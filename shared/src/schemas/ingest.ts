import Type, { type Static } from 'typebox';

// The shapes data arrives in (../spec/data-format.md), declared once: the server
// validates with them, the OpenAPI document shows them, and the web client types them.

/** Longest id (customer or event) accepted: ids are keys, not documents. */
export const MAX_ID_LENGTH = 256;
/** Longest free-text field (comment, name, reason...) accepted. */
export const MAX_TEXT_LENGTH = 10_000;

export const EVENT_TYPES = [
  'feature_used',
  'help_viewed',
  'chatbot_conversation',
  'phone_call',
  'nps_response',
  'churned',
  'contact',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const Id = (description: string) => Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description });
const Text = (description: string) => Type.String({ maxLength: MAX_TEXT_LENGTH, description });
const Timestamp = (description: string) =>
  Type.String({ description: `${description} ISO 8601 with an offset or Z, e.g. 2025-03-04T14:05:10+01:00.` });

export const CustomerInput = Type.Object(
  {
    id: Id("The company's own id for this customer account."),
    name: Type.Optional(Text('Display name of the account.')),
    created_at: Type.Optional(Timestamp('When the account was created.')),
    mrr: Type.Optional(Type.Number({ minimum: 0, description: 'Monthly recurring revenue, >= 0.' })),
    attributes: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.String({ maxLength: 1000 }), {
        description: 'String attributes such as plan, region, industry: the segments people filter by.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CustomerInput = Static<typeof CustomerInput>;

const common = {
  id: Id('Unique event id: sending the same id twice stores it once.'),
  customer_id: Id('The customer this event belongs to; an unknown id creates the customer.'),
  occurred_at: Timestamp('When it happened.'),
};

/** One schema per event type: the type-specific fields sit beside the common ones. */
export const EventInputByType = {
  feature_used: Type.Object(
    { ...common, type: Type.Literal('feature_used'), feature: Text('The feature used.') },
    { additionalProperties: false },
  ),
  help_viewed: Type.Object(
    { ...common, type: Type.Literal('help_viewed'), article: Type.Optional(Text('The article, guide or tooltip opened.')) },
    { additionalProperties: false },
  ),
  chatbot_conversation: Type.Object(
    {
      ...common,
      type: Type.Literal('chatbot_conversation'),
      escalated: Type.Optional(Type.Boolean({ description: 'Handed to a human. Default false.' })),
      resolved: Type.Optional(Type.Boolean({ description: 'The chatbot resolved the question.' })),
    },
    { additionalProperties: false },
  ),
  phone_call: Type.Object(
    {
      ...common,
      type: Type.Literal('phone_call'),
      hold_seconds: Type.Number({ minimum: 0, description: 'Seconds on hold, >= 0.' }),
      talk_seconds: Type.Optional(Type.Number({ minimum: 0, description: 'Seconds talking, >= 0.' })),
    },
    { additionalProperties: false },
  ),
  nps_response: Type.Object(
    {
      ...common,
      type: Type.Literal('nps_response'),
      score: Type.Integer({ minimum: 0, maximum: 10, description: 'NPS score, a whole number 0 to 10.' }),
      comment: Type.Optional(Text("The customer's comment, verbatim.")),
    },
    { additionalProperties: false },
  ),
  churned: Type.Object(
    { ...common, type: Type.Literal('churned'), reason: Type.Optional(Text('Why they cancelled.')) },
    { additionalProperties: false },
  ),
  contact: Type.Object(
    {
      ...common,
      type: Type.Literal('contact'),
      channel: Type.String({ minLength: 1, maxLength: 100, description: 'The channel, e.g. email, live_chat.' }),
    },
    { additionalProperties: false },
  ),
} as const;

export const EventInput = Type.Union(
  [
    EventInputByType.feature_used,
    EventInputByType.help_viewed,
    EventInputByType.chatbot_conversation,
    EventInputByType.phone_call,
    EventInputByType.nps_response,
    EventInputByType.churned,
    EventInputByType.contact,
  ],
  {
    description: 'An event: the common fields plus those of its type.',
  },
);
export type EventInput = Static<typeof EventInput>;

/** The fields every event has, whatever its type: used to judge an event of unknown type. */
export const EventCommonInput = Type.Object(common);

/**
 * The body of POST /api/v1/events: the items are judged one by one by the server (one bad
 * item must not fail the batch), so the schema only says "an object with a list".
 */
export const EventsBatch = (maxItems: number) =>
  Type.Object(
    {
      events: Type.Array(Type.Unknown(), {
        maxItems,
        description: `Up to ${maxItems} events (CANOPY_MAX_BATCH_ITEMS), each shaped as EventInput.`,
      }),
    },
    { additionalProperties: false, description: 'A batch of events.' },
  );

/** The body of POST /api/v1/customers: customers are created or updated by id. */
export const CustomersBatch = (maxItems: number) =>
  Type.Object(
    {
      customers: Type.Array(Type.Unknown(), {
        maxItems,
        description: `Up to ${maxItems} customers (CANOPY_MAX_BATCH_ITEMS), each shaped as CustomerInput.`,
      }),
    },
    { additionalProperties: false, description: 'A batch of customers.' },
  );

export const IngestRejection = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: 'Position of the item in the sent list, from 0.' }),
    id: Type.Union([Type.String(), Type.Null()], {
      description: "The item's id as sent (cut to 256 characters), or null when it had no string id.",
    }),
    reasons: Type.Array(Type.String(), { description: 'Every reason the item was not stored, in plain words.' }),
  },
  { description: 'An item that was not stored.' },
);
export type IngestRejection = Static<typeof IngestRejection>;

export const IngestResult = Type.Object(
  {
    stored: Type.Integer({
      minimum: 0,
      description: 'Items stored: new events; customers created or changed.',
    }),
    duplicates: Type.Integer({
      minimum: 0,
      description:
        'Valid items that changed nothing: an event id already stored (or repeated in the batch), a customer already stored exactly as sent.',
    }),
    rejected: Type.Array(IngestRejection, { description: 'The invalid items, each with every reason. Nothing of them was stored.' }),
  },
  { description: 'What happened to each item of the batch: stored + duplicates + rejected = items sent.' },
);
export type IngestResult = Static<typeof IngestResult>;

export const IngestProblem = Type.Object(
  {
    error: Type.String({ description: 'The HTTP status text.' }),
    message: Type.String({ description: 'What was wrong with the request as a whole, and how to fix it.' }),
    reasons: Type.Optional(Type.Array(Type.String(), { description: 'Each problem on its own.' })),
  },
  { description: 'The request was not a batch the server could judge item by item.' },
);
