import Type, { type Static } from 'typebox';

// Response shapes of the journey API (what every number means: docs/journey-model.md).
// Rates and shares are fractions (0.25, not 25); NPS is -100..100; null where a figure has no data.

const Num = (description: string) => Type.Number({ description });
const NullableNum = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const GrainSchema = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter')], {
  description: 'Period length: day, week (Monday to Sunday), month or quarter, in the deployment time zone.',
});

export const PeriodSchema = Type.Object({
  grain: GrainSchema,
  start: Type.String({ description: 'First instant of the period (ISO 8601, UTC).' }),
  end: Type.String({ description: 'First instant after the period: the period is [start, end).' }),
  key: Type.String({ description: 'Stable label: 2025-03, 2025-W10, 2025-Q1 or 2025-03-15.' }),
  label: Type.String({ description: 'Human label such as "March 2025".' }),
  timezone: Type.String({ description: 'The IANA time zone periods are cut in.' }),
});
export type PeriodJson = Static<typeof PeriodSchema>;

export const Nps = Type.Object({
  score: NullableNum('NPS, -100..100, over each customer’s latest response in the period; null with no responses.'),
  responses: Num('How many customers’ responses the score is over.'),
  lowSample: Type.Boolean({ description: 'Fewer responses than the configured minimum sample: read with care.' }),
});
export type Nps = Static<typeof Nps>;

export const Contacts = Type.Object({
  help_viewed: Num('Help views.'),
  chatbot_conversation: Num('Chatbot conversations.'),
  phone_call: Num('Phone calls.'),
  channels: Type.Record(Type.String(), Type.Number(), { description: 'Contact events by channel.' }),
});
export type Contacts = Static<typeof Contacts>;

export const StageFigures = Type.Object({
  customers: Num('Active customers whose stage in the period is this one.'),
  share: NullableNum('customers / active customers; the shares of all stages add up to exactly 1.'),
  sharePercent: NullableNum('share as a percentage rounded to one decimal by largest remainder, so the shown stages add up to 100.'),
  reached: NullableNum('Share of active customers at this stage or further right.'),
  nps: Nps,
  churn: Type.Object({
    rate: NullableNum('Share of this stage’s customers with a churned event from period start to period end + churn window.'),
    churned: Num('How many of them churned in that window.'),
    complete: Type.Boolean({ description: 'False while period end + churn window is still in the future.' }),
    windowDays: Num('The churn window in days.'),
  }),
  revenue: Type.Object({
    mrr: Num('Sum of MRR of this stage’s customers.'),
    share: NullableNum('Its share of the MRR of all active customers.'),
  }),
  cost: Type.Object({
    total: Num('Assisted contacts of this stage’s customers at the configured unit costs.'),
    perCustomer: NullableNum('total / customers.'),
  }),
  contacts: Contacts,
  featureBreadth: NullableNum('Mean number of distinct features used per customer of this stage.'),
});
export type StageFigures = Static<typeof StageFigures>;

export const StageChange = Type.Object(
  {
    customers: NullableNum('Change in customers.'),
    share: NullableNum('Change in share (a fraction: 0.01 = one percentage point).'),
    reached: NullableNum('Change in reached share.'),
    nps: NullableNum('Change in NPS points.'),
    churnRate: NullableNum('Change in churn rate.'),
    revenueShare: NullableNum('Change in revenue share.'),
    costPerCustomer: NullableNum('Change in cost per customer.'),
    featureBreadth: NullableNum('Change in feature breadth.'),
  },
  { description: 'This period minus the previous one; null where either is null.' },
);
export type StageChange = Static<typeof StageChange>;

export const Stage = Type.Object({
  key: Type.String(),
  label: Type.String(),
  rank: Type.Integer({ description: '1 = left-most (just works).' }),
  ...StageFigures.properties,
  previous: StageFigures,
  change: StageChange,
});
export type Stage = Static<typeof Stage>;

export const Departments = Type.Object({
  support: Type.Object({
    calls: Num('Phone calls in the period.'),
    callers: Num('Distinct customers who phoned.'),
    holdSeconds: Type.Object({
      mean: NullableNum('Mean hold time, seconds.'),
      median: NullableNum('Median hold time (continuous percentile), seconds.'),
      p90: NullableNum('90th percentile hold time (continuous), seconds.'),
    }),
  }),
  chatbot: Type.Object({
    conversations: Num('Chatbot conversations.'),
    containment: NullableNum('Conversations not escalated to a human / conversations.'),
  }),
  help: Type.Object({ views: Num('Help views.'), viewers: Num('Distinct customers who viewed help.') }),
  product: Type.Object({
    features: Type.Array(
      Type.Object({
        feature: Type.String(),
        adopters: Num('Active customers who used it in the period.'),
        adoption: NullableNum('adopters / active customers.'),
        stageMix: Type.Record(Type.String(), Type.Number(), {
          description: 'Share of its adopters at each stage key (adds up to 1).',
        }),
        previousAdoption: NullableNum('Adoption in the previous period.'),
      }),
    ),
  }),
  cx: Type.Object({ nps: NullableNum('NPS over every customer’s latest response in the period, active or not.'), responses: Num('Responses.') }),
  finance: Type.Object({
    churnRate: NullableNum('churned / atStart.'),
    churned: Num('Customers who existed at period start and churned during the period.'),
    atStart: Num('Customers who existed at period start: created or first seen before it, not churned before it.'),
  }),
});
export type Departments = Static<typeof Departments>;

export const Flag = Type.Object({
  department: Type.String(),
  figure: Type.String(),
  stageKey: Type.String(),
  message: Type.String({ description: 'The local optimum in plain words.' }),
});
export type Flag = Static<typeof Flag>;

export const ForestResponse = Type.Object({
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  activeCustomers: Num('Customers with any feature use, help view, chatbot conversation, phone call or contact in the period.'),
  previousActiveCustomers: Num('Active customers in the previous period.'),
  stages: Type.Array(Stage),
  departments: Departments,
  previousDepartments: Departments,
  flags: Type.Array(Flag),
  unmappedContacts: Num('Contact events whose channel lands on no stage: counted, never dropped.'),
  headline: Type.String({ description: 'The forest in one sentence.' }),
  segment: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'The segment these figures are for.' }),
  dataAsOf: Type.Union([Type.String(), Type.Null()], { description: 'When the newest event these figures include was received.' }),
  refreshing: Type.Optional(
    Type.Boolean({
      description:
        'True when newer data arrived than these figures include and they are being recounted; dataAsOf then says what they include. Absent or false: the figures include all data.',
    }),
  ),
});
export type ForestResponse = Static<typeof ForestResponse>;

export const PeriodQuery = Type.Object({
  grain: Type.Optional(GrainSchema),
  date: Type.Optional(Type.String({ description: 'Any date inside the period, YYYY-MM-DD (default: today).' })),
  segment: Type.Optional(
    Type.Array(Type.String(), {
      description: 'Repeatable key:value filter. The same key twice is OR, different keys are AND.',
    }),
  ),
});

/** A ladder stage named in a response: its key, label and rank (1 = left-most). */
export const StageRef = Type.Object({ key: Type.String(), label: Type.String(), rank: Type.Integer() });

export const TrendResponse = Type.Object({
  grain: GrainSchema,
  segment: Type.Record(Type.String(), Type.Array(Type.String())),
  stages: Type.Array(StageRef),
  periods: Type.Array(
    Type.Object({
      period: PeriodSchema,
      activeCustomers: Num('Active customers in the period.'),
      stages: Type.Array(
        Type.Object({
          key: Type.String(),
          customers: Num('Active customers at this stage.'),
          share: NullableNum('customers / active customers (adds up to exactly 1).'),
          sharePercent: NullableNum('Share in percent, rounded by largest remainder to one decimal.'),
          nps: Nps,
        }),
      ),
      nps: Nps,
    }),
  ),
  refreshing: Type.Optional(
    Type.Boolean({
      description:
        'True when newer data arrived than these figures include and they are being recounted; dataAsOf then says what they include. Absent or false: the figures include all data.',
    }),
  ),
});
export type TrendResponse = Static<typeof TrendResponse>;

export const MovementResponse = Type.Object({
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  segment: Type.Record(Type.String(), Type.Array(Type.String())),
  stages: Type.Array(StageRef),
  matrix: Type.Record(Type.String(), Type.Record(Type.String(), Type.Number()), {
    description: 'matrix[fromStage][toStage]: customers active in both periods, by stage in the previous period and in this one.',
  }),
  both: Num('Customers active in both periods.'),
  movedLeft: Num('Customers whose stage moved left (less effort).'),
  stayed: Num('Customers on the same stage.'),
  movedRight: Num('Customers whose stage moved right (more effort).'),
  netLeftward: NullableNum('(movedLeft - movedRight) / both; null when nobody was active in both.'),
  onlyCurrent: Num('Active in this period only: new or returning.'),
  onlyPrevious: Num('Active in the previous period only: gone quiet.'),
  refreshing: Type.Optional(
    Type.Boolean({
      description:
        'True when newer data arrived than these figures include and they are being recounted; dataAsOf then says what they include. Absent or false: the figures include all data.',
    }),
  ),
});
export type MovementResponse = Static<typeof MovementResponse>;

export const DrilldownEvent = Type.Object({
  id: Type.String(),
  type: Type.String(),
  occurredAt: Type.String(),
  feature: Type.Optional(Type.String()),
  article: Type.Optional(Type.String()),
  escalated: Type.Optional(Type.Boolean()),
  resolved: Type.Optional(Type.Boolean()),
  holdSeconds: Type.Optional(Type.Number()),
  talkSeconds: Type.Optional(Type.Number()),
  score: Type.Optional(Type.Number()),
  comment: Type.Optional(Type.String({ description: 'The customer’s words, verbatim.' })),
  reason: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()),
});
export type DrilldownEvent = Static<typeof DrilldownEvent>;

export const DrilldownResponse = Type.Object({
  period: PeriodSchema,
  stage: StageRef,
  segment: Type.Record(Type.String(), Type.Array(Type.String())),
  customers: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      mrr: Type.Union([Type.Number(), Type.Null()]),
      attributes: Type.Record(Type.String(), Type.String()),
      eventCount: Num('Events of this customer in the period.'),
      eventsTruncated: Type.Boolean({ description: 'True when only the first events of the period are listed.' }),
      events: Type.Array(DrilldownEvent, { description: 'Their events of the period, in time order.' }),
      comments: Type.Array(
        Type.Object({ occurredAt: Type.String(), score: Type.Number(), comment: Type.String() }),
        { description: 'Their NPS comments of the period, verbatim.' },
      ),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last page.' }),
  refreshing: Type.Optional(
    Type.Boolean({
      description:
        'True on a first page read before newer data of the period arrived, while it is read again. Absent or false: the page includes all data. Later pages are always read afresh.',
    }),
  ),
});
export type DrilldownResponse = Static<typeof DrilldownResponse>;

export const SegmentsResponse = Type.Object({
  attributes: Type.Record(Type.String(), Type.Array(Type.String()), {
    description: 'Every customer attribute key with its values: what segment filters can use.',
  }),
});
export type SegmentsResponse = Static<typeof SegmentsResponse>;
