import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Database } from '../db/index.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';
import { createSmtpMailer, type Mailer, type OutgoingSnapshot } from './mailer.ts';
import { backoffMs, enqueueDue, renderPending, STALE_SENDING_MS } from './outbox.ts';
import { EmailScheduler } from './scheduler.ts';
import { startTestMailServer, type TestMailServer } from './test-mail.ts';

// The scheduler with a faked clock, and the outbox's promise: every snapshot goes to every
// recipient exactly once, with two schedulers racing, with the mail server down, and when
// the process dies between rendering and sending or in the middle of sending.

const config = testConfig({ publicUrl: 'https://canopy.example.com' });

async function subscribe(db: Kysely<Database>, id: string, recipients: string[], timezone = 'Europe/Berlin', activeSince = '2026-10-01T00:00:00Z') {
  await db
    .insertInto('subscriptions')
    .values({ id, name: id, recipients, weekday: 1, local_time: '08:00', timezone, grain: 'week', segment: '{}', sections: ['forest', 'change'], active_since: new Date(activeSince), created_by: null })
    .execute();
}

/** A mailer that records what it was asked to send, and when (by the faked clock). */
function recordingMailer(clock: () => Date) {
  const sent: { to: string; subject: string; at: string }[] = [];
  const mailer: Mailer = {
    async send(to: string, snapshot: OutgoingSnapshot) {
      sent.push({ to, subject: snapshot.subject, at: clock().toISOString() });
      return { messageId: `<${sent.length}@test>` };
    },
    close() {},
  };
  return { mailer, sent };
}

const only = (db: Kysely<Database>, id: string) => db.selectFrom('snapshot_deliveries as d').innerJoin('snapshot_outbox as o', 'o.id', 'd.outbox_id').where('o.subscription_id', '=', id);

describeEachDatabase('email scheduler and outbox', (db) => {
  let smtp: TestMailServer;
  beforeAll(async () => {
    smtp = await startTestMailServer();
  });
  afterAll(() => smtp.stop());
  // Each test has its own subscriptions: the scheduler ticks all of them.
  afterEach(() => db().db.deleteFrom('subscriptions').execute());

  test('Monday 08:00 in Berlin and in New York, three weeks across both DST ends: each goes out once, at 08:00 local', async () => {
    // Subscribed on Sunday 18 October: the first Monday 08:00 is the 19th in both places.
    await subscribe(db().db, 'berlin', ['b@example.com'], 'Europe/Berlin', '2026-10-18T12:00:00Z');
    await subscribe(db().db, 'new-york', ['ny@example.com'], 'America/New_York', '2026-10-18T12:00:00Z');
    let now = new Date(0);
    const clock = () => now;
    const { mailer, sent } = recordingMailer(clock);
    const scheduler = new EmailScheduler({ db: db().db, config, mailer, now: clock });
    // Every hour through each Monday, and one minute before each expected moment.
    const expected = ['2026-10-19T06:00', '2026-10-19T12:00', '2026-10-26T07:00', '2026-10-26T12:00', '2026-11-02T07:00', '2026-11-02T13:00'];
    const moments = new Set<number>();
    for (const day of ['2026-10-19', '2026-10-26', '2026-11-02']) {
      for (let m = 0; m < 24 * 60; m += 60) moments.add(Date.parse(`${day}T00:00:00Z`) + m * 60_000);
    }
    for (const e of expected) moments.add(Date.parse(`${e}:00Z`) - 60_000);
    for (const t of [...moments].sort((a, b) => a - b)) {
      now = new Date(t);
      await scheduler.tick();
    }
    const at = (to: string) => sent.filter((s) => s.to === to).map((s) => s.at.slice(0, 16));
    expect(at('b@example.com')).toEqual(['2026-10-19T06:00', '2026-10-26T07:00', '2026-11-02T07:00']);
    expect(at('ny@example.com')).toEqual(['2026-10-19T12:00', '2026-10-26T12:00', '2026-11-02T13:00']);
    // Each reports the week that just ended.
    const periods = await db().db.selectFrom('snapshot_outbox').select('period_key').where('subscription_id', '=', 'berlin').orderBy('id').execute();
    expect(periods.map((p) => p.period_key)).toEqual(['2026-W42', '2026-W43', '2026-W44']);
  });

  test('a snapshot missed while the server was down goes out once when it starts, not the weeks before it', async () => {
    await subscribe(db().db, 'missed', ['m@example.com']);
    const now = new Date('2026-11-04T10:00:00Z'); // Wednesday: down since the weekend
    const { mailer, sent } = recordingMailer(() => now);
    const scheduler = new EmailScheduler({ db: db().db, config, mailer, now: () => now });
    await scheduler.tick();
    await scheduler.tick();
    expect(sent.map((s) => s.to)).toEqual(['m@example.com']);
    expect((await db().db.selectFrom('snapshot_outbox').select('period_key').where('subscription_id', '=', 'missed').execute()).map((r) => r.period_key)).toEqual(['2026-W44']);
  });

  test('two schedulers racing on the same minute: every recipient gets exactly one email', async () => {
    const recipients = Array.from({ length: 40 }, (_, i) => `race${i}@example.com`);
    await subscribe(db().db, 'race', recipients);
    const now = () => new Date('2026-11-09T07:00:00Z');
    const before = smtp.messages.length;
    const smtpConfig = { smtpUrl: smtp.url, mailFrom: 'canopy@example.com' };
    const a = new EmailScheduler({ db: db().db, config, mailer: createSmtpMailer(smtpConfig)!, now });
    const b = new EmailScheduler({ db: db().db, config, mailer: createSmtpMailer(smtpConfig)!, now });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(ra.sent + rb.sent).toBe(40);
    const got = smtp.messages.slice(before).flatMap((m) => m.envelopeTo);
    expect(got.sort()).toEqual([...recipients].sort());
    expect(await db().db.selectFrom('snapshot_outbox').select('id').where('subscription_id', '=', 'race').execute()).toHaveLength(1);
  });

  test('SMTP down: the attempt fails with the reason and a next attempt, is retried after the backoff and delivered once', async () => {
    await subscribe(db().db, 'down', ['down@example.com']);
    let now = new Date('2026-11-09T07:00:00Z');
    const before = smtp.messages.length;
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, mailFrom: 'canopy@example.com' })!;
    const scheduler = new EmailScheduler({ db: db().db, config, mailer, now: () => now });
    await smtp.stop();
    try {
      expect(await scheduler.tick()).toMatchObject({ queued: 1, sent: 0, failed: 1 });
    } finally {
      await smtp.start();
    }
    const failed = await only(db().db, 'down').select(['d.status', 'd.attempts', 'd.last_error', 'd.next_attempt_at']).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toMatch(/refused the connection/);
    expect(failed.next_attempt_at.getTime()).toBe(now.getTime() + backoffMs(1));

    now = new Date(now.getTime() + backoffMs(1) - 1000);
    expect((await scheduler.tick()).claimed).toBe(0); // still waiting
    // Back up, but it answers "try again later" once: the second backoff is longer.
    smtp.refuseNext(1);
    now = new Date(now.getTime() + 1000);
    expect(await scheduler.tick()).toMatchObject({ sent: 0, failed: 1 });
    const busy = await only(db().db, 'down').select(['d.last_error', 'd.next_attempt_at']).executeTakeFirstOrThrow();
    expect(busy.last_error).toMatch(/451 Mailbox busy/);
    now = busy.next_attempt_at;
    expect(await scheduler.tick()).toMatchObject({ sent: 1, failed: 0 });
    now = new Date(now.getTime() + 60 * 60_000);
    expect((await scheduler.tick()).claimed).toBe(0);
    await scheduler.stop();
    expect(smtp.messages.slice(before).flatMap((m) => m.envelopeTo)).toEqual(['down@example.com']);
    expect(await only(db().db, 'down').select(['d.status', 'd.attempts']).executeTakeFirst()).toEqual({ status: 'sent', attempts: 3 });
  });

  test('a crash between rendering and sending: the next start sends the stored email once', async () => {
    await subscribe(db().db, 'crash-render', ['r1@example.com', 'r2@example.com']);
    const now = new Date('2026-11-09T07:00:00Z');
    // The first process queues and renders, then dies before sending.
    expect(await enqueueDue(db().db, now, 'UTC')).toBe(1);
    await renderPending(db().db, config, now, 'UTC');
    const stored = await db().db.selectFrom('snapshot_outbox').select(['subject', 'rendered_at']).where('subscription_id', '=', 'crash-render').executeTakeFirstOrThrow();
    expect(stored.rendered_at).not.toBeNull();
    // The next process starts a minute later.
    const later = new Date(now.getTime() + 60_000);
    const { mailer, sent } = recordingMailer(() => later);
    const scheduler = new EmailScheduler({ db: db().db, config, mailer, now: () => later });
    await scheduler.tick();
    await scheduler.tick();
    expect(sent.filter((s) => s.to.startsWith('r')).map((s) => [s.to, s.subject])).toEqual([
      ['r1@example.com', stored.subject],
      ['r2@example.com', stored.subject],
    ]);
  });

  test('a crash while handing the email to SMTP: the delivery is marked unknown, never sent twice', async () => {
    await subscribe(db().db, 'crash-send', ['s1@example.com']);
    const now = new Date('2026-11-09T07:00:00Z');
    const hanging: Mailer = { send: () => new Promise(() => {}), close() {} };
    const dying = new EmailScheduler({ db: db().db, config, mailer: hanging, now: () => now });
    void dying.tick(); // never finishes: the process "dies" mid-send
    for (let i = 0; i < 200; i++) {
      const row = await only(db().db, 'crash-send').select('d.status').executeTakeFirst();
      if (row?.status === 'sending') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await only(db().db, 'crash-send').select('d.status').executeTakeFirst()).toEqual({ status: 'sending' });

    // Another process: while the claim is fresh it leaves it alone; once stale it gives it up.
    let later = new Date(now.getTime() + 60_000);
    const { mailer, sent } = recordingMailer(() => later);
    const next = new EmailScheduler({ db: db().db, config, mailer, now: () => later });
    expect((await next.tick()).abandoned).toBe(0);
    later = new Date(now.getTime() + STALE_SENDING_MS + 60_000);
    expect((await next.tick()).abandoned).toBe(1);
    await next.tick();
    expect(sent.filter((s) => s.to === 's1@example.com')).toEqual([]);
    const row = await only(db().db, 'crash-send').select(['d.status', 'd.last_error']).executeTakeFirstOrThrow();
    expect(row.status).toBe('unknown');
    expect(row.last_error).toMatch(/not sent again/);
  });
});
