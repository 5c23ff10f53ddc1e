import {
  DrilldownResponse,
  ForestResponse,
  GrainSchema,
  MovementResponse,
  SegmentsResponse,
  stageRankForKey,
  TrendResponse,
} from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { DRILLDOWN_PAGE_SIZE, getDrilldown } from './drilldown.ts';
import { startRecounts, stopRecounts } from './counts-cache.ts';
import { getForest } from './forest.ts';
import { getMovement } from './movement.ts';
import { journeyContext, periodOf, periodRange } from './request.ts';
import { getSegmentValues } from './segment.ts';
import { getTrend } from './trend.ts';

const segment = Type.Optional(
  Type.Array(Type.String({ maxLength: 1100 }), {
    maxItems: 50,
    description: 'Repeatable key:value filter on customer attributes: the same key twice is OR, different keys are AND (segment=plan:pro&segment=region:EU).',
  }),
);
const grain = Type.Optional(GrainSchema);
const date = Type.Optional(Type.String({ maxLength: 40, description: 'Any date inside the period, YYYY-MM-DD. Default: today.' }));
const PeriodQuery = Type.Object({ grain, date, segment }, { additionalProperties: false });

/** The journey read API: forest, trend, movement, drill-down and segments. */
export async function journeyRoutes(app: FastifyInstance) {
  const db = app.database.db;
  // Dashboards may be served figures a little older than the latest data while they are recounted.
  const freshness = { maxStaleMs: app.config.staleFiguresSeconds * 1000 };
  // Another app on the same database (tests) may have stopped them when it closed.
  startRecounts(db);
  app.addHook('onClose', () => stopRecounts(db));

  app.get(
    '/forest',
    { config: { access: 'viewer' }, schema: { tags: ['journey'], summary: 'The forest of one period', querystring: PeriodQuery, response: { 200: ForestResponse } } },
    async (request) => {
      const query = request.query as { grain?: string; date?: string; segment?: string[] };
      const ctx = await journeyContext(app, query);
      return getForest(db, periodOf(ctx.grain, query.date, ctx.timezone), ctx.segment, ctx.settings, new Date(), freshness);
    },
  );

  app.get(
    '/trend',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['journey'],
        summary: 'Stage shares and NPS per period over a range',
        querystring: Type.Object(
          {
            grain,
            from: Type.Optional(Type.String({ maxLength: 40, description: 'A date in the first period (default: 11 periods before `to`).' })),
            to: Type.Optional(Type.String({ maxLength: 40, description: 'A date in the last period (default: today).' })),
            segment,
          },
          { additionalProperties: false },
        ),
        response: { 200: TrendResponse },
      },
    },
    async (request) => {
      const query = request.query as { grain?: string; from?: string; to?: string; segment?: string[] };
      const ctx = await journeyContext(app, query);
      return getTrend(db, periodRange(ctx.grain, query.from, query.to, ctx.timezone), ctx.segment, ctx.settings, freshness);
    },
  );

  app.get(
    '/movement',
    { config: { access: 'viewer' }, schema: { tags: ['journey'], summary: 'Where last period’s customers went', querystring: PeriodQuery, response: { 200: MovementResponse } } },
    async (request) => {
      const query = request.query as { grain?: string; date?: string; segment?: string[] };
      const ctx = await journeyContext(app, query);
      return getMovement(db, periodOf(ctx.grain, query.date, ctx.timezone), ctx.segment, ctx.settings, freshness);
    },
  );

  app.get(
    '/stages/:key/customers',
    {
      config: { access: 'drilldown' },
      schema: {
        tags: ['journey'],
        summary: 'The customers of a stage in a period, with their events and NPS comments',
        params: Type.Object({ key: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object(
          {
            grain,
            date,
            segment,
            cursor: Type.Optional(Type.String({ maxLength: 300, description: 'nextCursor of the previous page.' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: DRILLDOWN_PAGE_SIZE })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DrilldownResponse },
      },
    },
    async (request) => {
      const query = request.query as { grain?: string; date?: string; segment?: string[]; cursor?: string; limit?: number };
      const { key } = request.params as { key: string };
      // The validator lets "Infinity" through its bounds as a number: check it here.
      if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= 200)) {
        throw new RequestError('limit: a whole number from 1 to 200.');
      }
      const ctx = await journeyContext(app, query);
      const rank = stageRankForKey(ctx.settings.ladder, key);
      if (rank === null) {
        throw new RequestError(`No stage "${key}": stages are ${ctx.settings.ladder.map((s) => s.key).join(', ')}.`, 404);
      }
      return getDrilldown(db, periodOf(ctx.grain, query.date, ctx.timezone), rank, ctx.segment, ctx.settings, query.cursor, query.limit, freshness);
    },
  );

  app.get(
    '/segments',
    { config: { access: 'viewer' }, schema: { tags: ['journey'], summary: 'Attribute keys and values for segment filters', response: { 200: SegmentsResponse } } },
    async () => ({ attributes: await getSegmentValues(db) }),
  );
}
