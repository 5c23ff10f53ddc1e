import {
  DeliveriesResponse,
  EmailPreview,
  SendNowInput,
  SendNowResponse,
  Subscription,
  SubscriptionInput,
  SubscriptionsResponse,
  periodKey,
  type Delivery,
} from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { isValidZone } from '@canopy/shared';
import Type from 'typebox';
import { RequestError } from '../errors.ts';
import { previewHtml } from '../email/render.ts';
import { assertSegmentKeysExist, SegmentError } from '../journey/segment.ts';
import { effectiveTimezone, getSettings } from '../settings/queries.ts';
import { createSmtpMailer, sendingDisabledReason, type Mailer } from './mailer.ts';
import { deliverDue, enqueueManual, renderPending } from './outbox.ts';
import { reportedPeriod } from './schedule.ts';
import { buildSnapshot } from './snapshot.ts';
import { addSubscription, deleteSubscription, getSubscription, listSubscriptions, setPaused, subscriptionJson, updateSubscription } from './store.ts';

// /api/v1/subscriptions (admins only): the snapshot email lists, a preview of exactly what
// would be sent, "Send now", and the delivery log.

const tags = ['email'];
const IdParams = Type.Object({ id: Type.String({ description: 'Subscription id.' }) });
const NotFound = (id: string) => new RequestError(`No subscription with id ${id}.`, 404);
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends "Send now" snapshot emails (SMTP_URL); undefined when email is not configured. */
    mailer: Mailer | undefined;
  }
}

/** Checks what the schema cannot: real addresses, a real time zone, known segment keys. */
async function checkInput(app: FastifyInstance, input: SubscriptionInput): Promise<SubscriptionInput> {
  const name = input.name.trim();
  if (name === '') throw new RequestError('name: give the list a name, e.g. "Leadership weekly".');
  const recipients = input.recipients.map((r) => r.trim()).filter((r) => r !== '');
  const bad = recipients.filter((r) => !ADDRESS.test(r));
  if (bad.length > 0) throw new RequestError(`recipients: ${bad.map((r) => JSON.stringify(r)).join(', ')} ${bad.length === 1 ? 'is not an email address' : 'are not email addresses'}. Use one address per entry, e.g. ceo@example.com.`);
  if (recipients.length === 0) throw new RequestError('recipients: add at least one email address.');
  if (!isValidZone(input.timezone)) throw new RequestError(`timezone: ${JSON.stringify(input.timezone)} is not a time zone. Use an IANA name such as Europe/Berlin or America/New_York.`);
  for (const [key, values] of Object.entries(input.segment)) {
    if (values.length === 0 || values.some((v) => v.trim() === '')) throw new RequestError(`segment.${key}: give at least one value, e.g. {"${key}": ["pro"]}.`);
  }
  try {
    await assertSegmentKeysExist(app.database.db, input.segment);
  } catch (error) {
    if (error instanceof SegmentError) throw new RequestError(error.message);
    throw error;
  }
  return { ...input, name, recipients };
}

export async function subscriptionsRoutes(app: FastifyInstance) {
  const db = app.database.db;
  app.decorate('mailer', createSmtpMailer(app.config));
  app.addHook('onClose', () => app.mailer?.close());
  const timezone = async () => effectiveTimezone(await getSettings(db), app.config.timezone);
  const existing = async (id: string) => {
    const sub = await getSubscription(db, id);
    if (!sub) throw NotFound(id);
    return sub;
  };

  app.get(
    '/subscriptions',
    { config: { access: 'admin' }, schema: { tags, summary: 'Email subscriptions, and whether sending is configured', response: { 200: SubscriptionsResponse } } },
    async () => {
      const now = new Date();
      const tz = await timezone();
      const reason = app.mailer ? null : sendingDisabledReason(app.config) ?? 'Sending is turned off.';
      return { subscriptions: (await listSubscriptions(db)).map((s) => subscriptionJson(s, now, tz)), sending: { enabled: reason === null, reason } };
    },
  );

  app.post(
    '/subscriptions',
    { config: { access: 'admin' }, schema: { tags, summary: 'Subscribe a list to the snapshot email', body: SubscriptionInput, response: { 201: Subscription } } },
    async (request, reply) => {
      const input = await checkInput(app, request.body as SubscriptionInput);
      const createdBy = request.caller.kind === 'user' ? request.caller.user.userId : null;
      return reply.code(201).send(subscriptionJson(await addSubscription(db, input, createdBy), new Date(), await timezone()));
    },
  );

  app.put(
    '/subscriptions/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a subscription', params: IdParams, body: SubscriptionInput, response: { 200: Subscription } } },
    async (request) => {
      const { id } = request.params as { id: string };
      const input = await checkInput(app, request.body as SubscriptionInput);
      const row = await updateSubscription(db, id, input);
      if (!row) throw NotFound(id);
      return subscriptionJson(row, new Date(), await timezone());
    },
  );

  app.put(
    '/subscriptions/:id/paused',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Pause or resume a subscription (resuming does not send what was skipped)',
        params: IdParams,
        body: Type.Object({ paused: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Subscription },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const row = await setPaused(db, id, (request.body as { paused: boolean }).paused);
      if (!row) throw NotFound(id);
      return subscriptionJson(row, new Date(), await timezone());
    },
  );

  app.delete(
    '/subscriptions/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Delete a subscription and its delivery log', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await deleteSubscription(db, id))) throw NotFound(id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/subscriptions/:id/preview',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Exactly the email that would be sent now (the chart inlined for the browser)', params: IdParams, response: { 200: EmailPreview } },
    },
    async (request) => {
      const sub = await existing((request.params as { id: string }).id);
      const now = new Date();
      const period = reportedPeriod(sub.grain, now, await timezone());
      const rendered = await buildSnapshot(db, app.config, sub, period, now);
      return { subject: rendered.subject, html: previewHtml(rendered), text: rendered.text, period: periodKey(period), chartMissing: rendered.chartMissing };
    },
  );

  app.post(
    '/subscriptions/:id/send',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Send the latest snapshot now, to the list or to me', params: IdParams, body: SendNowInput, response: { 200: SendNowResponse } },
    },
    async (request) => {
      const sub = await existing((request.params as { id: string }).id);
      const mailer = app.mailer;
      if (!mailer) throw new RequestError(sendingDisabledReason(app.config) ?? 'Sending is turned off.', 409);
      const { to } = request.body as SendNowInput;
      let recipients = sub.recipients;
      if (to === 'me') {
        if (request.caller.kind !== 'user') throw new RequestError('to: "me" needs a signed-in admin with an email address; send to the subscription instead.');
        recipients = [request.caller.user.email];
      }
      const now = new Date();
      const tz = await timezone();
      const { id, period } = await enqueueManual(db, sub, recipients, now, tz);
      await renderPending(db, app.config, now, tz, { outboxId: id });
      await deliverDue(db, mailer, () => new Date(), { outboxId: id });
      const outcome = await db.selectFrom('snapshot_deliveries').select('status').where('outbox_id', '=', id).execute();
      const sent = outcome.filter((d) => d.status === 'sent').length;
      return { period: periodKey(period), sent, failed: outcome.length - sent };
    },
  );

  app.get(
    '/subscriptions/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'The delivery log: sent, failed and why, next attempt',
        querystring: Type.Object({ subscription: Type.Optional(Type.String({ description: 'Only this subscription.' })) }, { additionalProperties: false }),
        response: { 200: DeliveriesResponse },
      },
    },
    async (request) => {
      const { subscription } = request.query as { subscription?: string };
      let query = db
        .selectFrom('snapshot_deliveries as d')
        .innerJoin('snapshot_outbox as o', 'o.id', 'd.outbox_id')
        .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
        .select(['d.id', 'o.subscription_id', 's.name', 'o.period_key', 'o.kind', 'd.recipient', 'd.status', 'd.attempts', 'd.last_error', 'd.next_attempt_at', 'd.sent_at', 'd.created_at'])
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(200);
      if (subscription) query = query.where('o.subscription_id', '=', subscription);
      const rows = await query.execute();
      const deliveries: Delivery[] = rows.map((r) => ({
        id: r.id,
        subscriptionId: r.subscription_id,
        subscriptionName: r.name,
        period: r.period_key,
        kind: r.kind,
        recipient: r.recipient,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
        createdAt: r.created_at.toISOString(),
      }));
      return { deliveries };
    },
  );
}
