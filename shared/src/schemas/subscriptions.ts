import Type, { type Static } from 'typebox';

// Email subscriptions: a list of people who get the forest as a snapshot email on a
// weekday at a local time in their time zone (default Monday 08:00), for the last complete
// week or month of a segment. Admins manage them; the delivery log says what went out.

/** The parts of the snapshot email a subscription can include (the headline is always there). */
export const SECTION_KEYS = ['forest', 'change', 'stages', 'departments', 'comments'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SectionSchema = Type.Union(
  [Type.Literal('forest'), Type.Literal('change'), Type.Literal('stages'), Type.Literal('departments'), Type.Literal('comments')],
  {
    description:
      'forest: the chart and its table; change: change since the previous period; stages: NPS and churn by stage; departments: department figures and local-optimum flags; comments: up to three NPS comments from the right-most stage.',
  },
);

const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';

export const SubscriptionInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: 'What the list is called, e.g. "Leadership weekly".' }),
    recipients: Type.Array(Type.String({ maxLength: 254 }), {
      minItems: 1,
      maxItems: 200,
      description: 'Email addresses, one per person (1 to 200).',
    }),
    weekday: Type.Integer({ minimum: 1, maximum: 7, default: 1, description: 'Day it goes out: 1 = Monday … 7 = Sunday (default Monday).' }),
    localTime: Type.String({ pattern: TIME_PATTERN, default: '08:00', description: 'Time it goes out in `timezone`, HH:MM (24 h, default 08:00).' }),
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone of the recipients, e.g. Europe/Berlin.' }),
    grain: Type.Union([Type.Literal('week'), Type.Literal('month')], {
      default: 'week',
      description: 'Report the last complete week, or the last complete month (then it goes out once a month, on the first scheduled day after the month ends).',
    }),
    segment: Type.Record(Type.String(), Type.Array(Type.String()), {
      default: {},
      description: 'Attribute key → accepted values; {} for the whole company.',
    }),
    sections: Type.Array(SectionSchema, { uniqueItems: true, description: 'Which parts to include; the headline is always there.' }),
    paused: Type.Boolean({ default: false, description: 'A paused subscription sends nothing until resumed.' }),
  },
  { additionalProperties: false },
);
export type SubscriptionInput = Static<typeof SubscriptionInput>;

export const Subscription = Type.Object({
  id: Type.String({ description: 'Identifier.' }),
  ...SubscriptionInput.properties,
  nextSendAt: Type.Union([Type.String(), Type.Null()], { description: 'When it next goes out (ISO 8601, UTC); null when paused.' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Subscription = Static<typeof Subscription>;

export const SubscriptionsResponse = Type.Object({
  subscriptions: Type.Array(Subscription),
  sending: Type.Object({
    enabled: Type.Boolean({ description: 'True when SMTP_URL and MAIL_FROM are set, so the scheduler sends.' }),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'Why nothing is sent, when it is not.' }),
  }),
});
export type SubscriptionsResponse = Static<typeof SubscriptionsResponse>;

export const DeliveryStatus = Type.Union(
  [Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('unknown')],
  {
    description:
      'pending: waiting for its (next) attempt; sending: being handed to the mail server; sent; failed: gave up after the retries; unknown: the server stopped while sending, so it is not sent again (never twice).',
  },
);

export const Delivery = Type.Object({
  id: Type.Integer(),
  subscriptionId: Type.String(),
  subscriptionName: Type.String(),
  period: Type.String({ description: 'The period reported, e.g. 2025-W10.' }),
  kind: Type.Union([Type.Literal('scheduled'), Type.Literal('manual')], { description: 'scheduled, or sent with "Send now".' }),
  recipient: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ description: 'Attempts made so far.' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed.' }),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()], { description: 'When it is tried next (pending only).' }),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveriesResponse = Type.Object({ deliveries: Type.Array(Delivery, { description: 'Newest first, at most 200.' }) });
export type DeliveriesResponse = Static<typeof DeliveriesResponse>;

export const EmailPreview = Type.Object({
  subject: Type.String(),
  html: Type.String({ description: 'The HTML part, with the chart inlined as a data: URL so a browser shows it.' }),
  text: Type.String({ description: 'The plain-text part.' }),
  period: Type.String({ description: 'The period it reports.' }),
  chartMissing: Type.Boolean({ description: 'True when the chart could not be drawn (the email says so and keeps the table).' }),
});
export type EmailPreview = Static<typeof EmailPreview>;

export const SendNowInput = Type.Object(
  { to: Type.Union([Type.Literal('subscription'), Type.Literal('me')], { description: 'The subscription’s recipients, or only the signed-in admin.' }) },
  { additionalProperties: false },
);
export type SendNowInput = Static<typeof SendNowInput>;

export const SendNowResponse = Type.Object({
  period: Type.String(),
  sent: Type.Integer({ description: 'Messages the mail server accepted.' }),
  failed: Type.Integer({ description: 'Messages not sent yet (retried later; see the delivery log).' }),
});
export type SendNowResponse = Static<typeof SendNowResponse>;
