import Type, { type Static } from 'typebox';

// A deployment's journey settings (../../spec/journey-model.md, "The ladder"), declared
// once: the server validates and stores them, the OpenAPI document shows them, and the
// web client types them. The plain-words checks a schema cannot express (unique keys, an
// event type on two stages...) are in ../journey/ladder.ts: validateSettings.

/** Stage keys: lower-case letters, digits and underscores, starting with a letter. */
export const STAGE_KEY_PATTERN = '^[a-z][a-z0-9_]{0,62}$';

export const LadderStage = Type.Object(
  {
    key: Type.String({
      pattern: STAGE_KEY_PATTERN,
      description: 'Stable identifier of the stage, e.g. phone_call: lower-case letters, digits, underscores.',
    }),
    label: Type.String({ minLength: 1, maxLength: 100, description: 'What screens call the stage, e.g. "Phone call".' }),
    eventTypes: Type.Array(Type.String(), {
      description:
        'Assisted event types that land a customer on this stage: help_viewed, chatbot_conversation or phone_call. Empty on the first stage.',
    }),
    channels: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      description: 'Channels of `contact` events that land on this stage, e.g. email. Empty on the first stage.',
    }),
  },
  { additionalProperties: false, description: 'One rung of the ladder.' },
);
export type LadderStage = Static<typeof LadderStage>;

export const Ladder = Type.Array(LadderStage, {
  minItems: 2,
  description:
    'The stages, left (least effort) to right (most effort). The first always means "active, no assisted contact" and has no event types or channels.',
});
export type Ladder = Static<typeof Ladder>;

const Cost = (description: string) => Type.Number({ minimum: 0, description: `${description} In the deployment's currency, >= 0.` });

export const UnitCosts = Type.Object(
  {
    help_viewed: Cost('Cost of one help_viewed event.'),
    chatbot_conversation: Cost('Cost of one chatbot conversation.'),
    phone_call: Cost('Cost of one phone call.'),
    channels: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Cost('Cost of one contact in this channel.'), {
      description: 'Cost of one `contact` event per channel, e.g. { "email": 3.5 }. A channel not listed costs 0 and is reported as unpriced.',
    }),
  },
  { additionalProperties: false, description: 'What one assisted event costs, used for the cost to serve.' },
);
export type UnitCosts = Static<typeof UnitCosts>;

export const Settings = Type.Object(
  {
    ladder: Ladder,
    unitCosts: UnitCosts,
    churnWindowDays: Type.Integer({
      minimum: 1,
      maximum: 366,
      description: 'Days after a period ends during which a churned event still counts as churn of that period. Default 30.',
    }),
    minNpsSample: Type.Integer({
      minimum: 1,
      maximum: 100000,
      description: 'Fewest NPS responses for a score not to be marked low-sample. Default 10.',
    }),
    timezone: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
      description: 'IANA time zone periods are cut in, e.g. Europe/Berlin; null means the deployment default (CANOPY_TIMEZONE).',
    }),
  },
  { additionalProperties: false, description: "A deployment's journey settings." },
);
export type Settings = Static<typeof Settings>;

/** Freezes a default all the way down, so a caller editing "its" settings cannot change everyone's. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** The default ladder of the spec: just works, in-product help, chatbot, phone call. */
export const DEFAULT_LADDER: Ladder = frozen([
  { key: 'just_works', label: 'Just works', eventTypes: [], channels: [] },
  { key: 'in_product_help', label: 'In-product help', eventTypes: ['help_viewed'], channels: [] },
  { key: 'chatbot', label: 'Chatbot', eventTypes: ['chatbot_conversation'], channels: [] },
  { key: 'phone_call', label: 'Phone call', eventTypes: ['phone_call'], channels: [] },
]);

/** The spec's default unit costs; no contact channel is priced until configured. */
export const DEFAULT_UNIT_COSTS: UnitCosts = frozen({
  help_viewed: 0.1,
  chatbot_conversation: 1,
  phone_call: 8,
  channels: {},
});

/** Settings of a deployment that has configured nothing. */
export const DEFAULT_SETTINGS: Settings = frozen({
  ladder: DEFAULT_LADDER,
  unitCosts: DEFAULT_UNIT_COSTS,
  churnWindowDays: 30,
  minNpsSample: 10,
  timezone: null,
});
