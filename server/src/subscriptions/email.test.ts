import { formatShare, periodFromKey, type ForestResponse } from '@canopy/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { createUser } from '../access/users.ts';
import { PASSWORD, signIn } from '../access/test-callers.ts';
import { pngSize } from '../email/png.ts';
import { CHART_CID } from '../email/render.ts';
import { chartHeight, CHART_WIDTH } from '../email/chart.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { createSmtpMailer } from './mailer.ts';
import { EmailScheduler } from './scheduler.ts';
import { HOSTILE_COMMENT, loadTwoWeeks } from './test-fixture.ts';
import { startTestMailServer, type TestMailServer } from './test-mail.ts';

// The snapshot email end to end: subscription through the API, the scheduler at Monday
// 08:00 in Berlin, a real SMTP server receiving it, mailparser reading it.

const MONDAY_0800_BERLIN = new Date('2025-03-17T07:00:00Z'); // CET, UTC+1
const input = {
  name: 'Leadership <weekly>',
  recipients: ['ceo@example.com', 'cfo@example.com'],
  weekday: 1,
  localTime: '08:00',
  timezone: 'Europe/Berlin',
  grain: 'week',
  segment: {},
  sections: ['forest', 'change', 'stages', 'departments', 'comments'],
  paused: false,
};

describeEachDatabase('weekly snapshot email through SMTP', (db) => {
  let smtp: TestMailServer;
  let app: FastifyInstance;
  let admin: Record<string, string>;
  let forest: ForestResponse;
  let subscriptionId: string;

  beforeAll(async () => {
    smtp = await startTestMailServer();
    await loadTwoWeeks(db().db);
    const config = testConfig({ smtpUrl: smtp.url, mailFrom: 'Canopy <canopy@example.com>', publicUrl: 'https://canopy.example.com', host: '0.0.0.0' });
    app = await buildApp({ config, database: db(), logger: false, webDist: '/nonexistent' });
    await createUser(db().db, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
    admin = { cookie: await signIn(app, 'admin@example.com') };
    const res = await app.inject({ method: 'GET', url: '/api/v1/forest?grain=week&date=2025-03-10', headers: admin });
    expect(res.statusCode).toBe(200);
    forest = res.json();
    // Created on Monday 10 March after 08:00, so the Monday 08:00 of 17 March is its first scheduled moment.
    await db().db.insertInto('subscriptions').values({
      id: 'lead', name: input.name, recipients: input.recipients, weekday: 1, local_time: '08:00', timezone: 'Europe/Berlin',
      grain: 'week', segment: '{}', sections: input.sections, active_since: new Date('2025-03-10T12:00:00Z'), created_by: null,
    }).execute();
    subscriptionId = 'lead';
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
  });

  test('at Monday 08:00 in Berlin each recipient gets one email with the API’s numbers, a PNG chart by cid, a table and a text part', async () => {
    const config = testConfig({ smtpUrl: smtp.url, mailFrom: 'canopy@example.com', publicUrl: 'https://canopy.example.com' });
    const at = (iso: Date) => () => iso;
    const early = new EmailScheduler({ db: db().db, config, mailer: createSmtpMailer(config)!, now: at(new Date(MONDAY_0800_BERLIN.getTime() - 60_000)) });
    expect((await early.tick()).queued).toBe(0);
    expect(smtp.messages).toHaveLength(0);

    const scheduler = new EmailScheduler({ db: db().db, config, mailer: createSmtpMailer(config)!, now: at(MONDAY_0800_BERLIN) });
    const result = await scheduler.tick();
    expect(result).toMatchObject({ queued: 1, sent: 2, failed: 0 });
    expect((await scheduler.tick()).sent).toBe(0); // the same minute again: nothing more
    await scheduler.stop();
    await early.stop();

    expect(smtp.messages.map((m) => m.envelopeTo).flat().sort()).toEqual(['ceo@example.com', 'cfo@example.com']);
    const mail = smtp.messages[0]!;
    expect(mail.from?.text).toContain('canopy@example.com');
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).map((a) => a?.text)).toHaveLength(1); // nobody sees the list

    // The numbers are the API's: phone stage 3 of 20 now, 1 of 20 the week before.
    const phone = forest.stages[forest.stages.length - 1]!;
    expect(phone.share).toBe(3 / 20);
    expect(mail.subject).toBe(`Canopy weekly: ${formatShare(phone.share)} had to phone us, up 10.0 pts`);
    const html = mail.html as string;
    expect(html).toContain(forest.headline.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
    for (const stage of forest.stages) expect(html).toContain(`>${formatShare(stage.share)}<`);

    // The chart: an inline PNG of the drawn size, referenced by cid, with alt text.
    const chart = mail.attachments.find((a) => a.contentType === 'image/png')!;
    expect(chart.cid).toBe(CHART_CID);
    expect(chart.contentDisposition).toBe('inline');
    expect(pngSize(chart.content)).toEqual({ width: CHART_WIDTH * 2, height: chartHeight(forest.stages.length) * 2 });
    expect(chart.content.length).toBeGreaterThan(5000); // drawn, not blank
    expect(html).toMatch(new RegExp(`<img src="cid:${CHART_CID}" width="560" height="\\d+" alt="Share of customers at each stage, [^"]+"`));

    // Reads with images blocked: the same numbers in a table; and a text part.
    expect(html).toMatch(/<th scope="col"[^>]*>Share<\/th>/);
    expect(mail.text).toContain(forest.headline);
    expect(mail.text).toContain(`Phone call`);
    expect(mail.text).toContain('https://canopy.example.com/?grain=week&date=2025-03-10');
    expect(html).toContain('href="https://canopy.example.com/?grain=week&amp;date=2025-03-10"');

    // Customer text (and the list's name) escaped; only right-most-stage comments quoted.
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>40 min</b>');
    expect(html).toContain('Waited &lt;b&gt;40 min&lt;/b&gt; &amp; &quot;hung up&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Leadership &lt;weekly&gt;');
    expect(mail.text).toContain(HOSTILE_COMMENT);
    expect(html).toContain('Nobody could tell me why the export failed.');
    expect(html).not.toContain('Works great');
    expect(html).toMatch(/max-width:600px/);
  });

  test('the delivery log shows both as sent; Preview is the same email with the chart inlined', async () => {
    const log = await app.inject({ url: '/api/v1/subscriptions/deliveries', headers: admin });
    expect(log.statusCode).toBe(200);
    const deliveries = log.json().deliveries as { status: string; period: string; kind: string }[];
    expect(deliveries.filter((d) => d.kind === 'scheduled').map((d) => [d.status, d.period])).toEqual([
      ['sent', '2025-W11'],
      ['sent', '2025-W11'],
    ]);
    const preview = await app.inject({ url: `/api/v1/subscriptions/${subscriptionId}/preview`, headers: admin });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.html).toContain('src="data:image/png;base64,');
    expect(body.html).not.toContain('cid:');
    expect(body.chartMissing).toBe(false);
  });

  test('Send now to me reaches only the signed-in admin, and is logged as manual', async () => {
    const before = smtp.messages.length;
    const res = await app.inject({ method: 'POST', url: `/api/v1/subscriptions/${subscriptionId}/send`, headers: admin, payload: { to: 'me' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sent: 1, failed: 0 });
    expect(smtp.messages.slice(before).map((m) => m.envelopeTo)).toEqual([['admin@example.com']]);
    const log = (await app.inject({ url: `/api/v1/subscriptions/deliveries?subscription=${subscriptionId}`, headers: admin })).json();
    expect(log.deliveries[0]).toMatchObject({ kind: 'manual', recipient: 'admin@example.com', status: 'sent' });
  });

  test('a chart that fails to draw: the email still goes out, with the table and a note, and no image', async () => {
    const config = testConfig({ smtpUrl: smtp.url, mailFrom: 'canopy@example.com' });
    await db().db.insertInto('subscriptions').values({
      id: 'nochart', name: 'No chart', recipients: ['ops@example.com'], weekday: 1, local_time: '08:00', timezone: 'Europe/Berlin',
      grain: 'week', segment: '{}', sections: ['forest'], active_since: new Date('2025-03-10T12:00:00Z'), created_by: null,
    }).execute();
    const scheduler = new EmailScheduler({
      db: db().db, config, mailer: createSmtpMailer(config)!, now: () => MONDAY_0800_BERLIN,
      drawChart: () => {
        throw new Error('font missing');
      },
    });
    expect(await scheduler.tick()).toMatchObject({ queued: 1, sent: 1 });
    await scheduler.stop();
    const mail = smtp.messages.find((m) => m.envelopeTo.includes('ops@example.com'))!;
    expect(mail.attachments).toHaveLength(0);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('The chart could not be drawn for this email');
    expect(mail.html).toMatch(/<th scope="col"[^>]*>Share<\/th>/);
    expect(mail.text).toContain('The chart could not be drawn');
  });
});

describe('the period key round-trips', () => {
  test('2025-W11 is 10 to 17 March', () => {
    expect(periodFromKey('2025-W11', 'UTC').start.toISOString()).toBe('2025-03-10T00:00:00.000Z');
  });
});
