import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openEmbedded } from '../db/index.ts';
import { killIfRunning, startServer, waitFor, type SpawnedServer } from './processes.ts';

// SIGTERM (what `docker stop` and Kubernetes send): the request being served finishes,
// new connections are refused, background work (the email scheduler) stops, the database
// closes, exit code 0.

const dataDir = mkdtempSync(join(tmpdir(), 'canopy-sigterm-'));
let server: SpawnedServer | undefined;

afterAll(async () => {
  await killIfRunning(server);
  rmSync(dataDir, { recursive: true, force: true });
});

const events = Array.from({ length: 3000 }, (_, i) => ({
  id: `term-e${i}`,
  customer_id: `term-c${i % 300}`,
  type: 'feature_used',
  feature: 'reports',
  occurred_at: new Date(Date.now() - i * 1000).toISOString(),
}));

/** Whether a new TCP connection to the server is accepted. */
const accepts = (url: string) =>
  fetch(`${url}/healthz`).then(
    () => true,
    () => false,
  );

describe('SIGTERM', () => {
  test('finishes the request in flight, refuses new connections, stops cleanly and exits 0', async () => {
    // With SMTP configured the email scheduler runs (nothing is due; no mail server is needed to stop it).
    server = await startServer({ CANOPY_DATA_DIR: dataDir, SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'canopy@example.com' });
    const { url } = server;
    expect(await accepts(url)).toBe(true);

    // An upload still arriving when the signal comes: headers and half the body now, the rest after.
    // On a keep-alive connection, as browsers and load balancers send: once answered, it sits
    // idle, and must not hold the shutdown until its keep-alive timeout (72 s) runs out.
    const agent = new Agent({ keepAlive: true });
    const body = Buffer.from(JSON.stringify({ events }));
    const half = Math.floor(body.length / 2);
    let finishUpload = () => {};
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/api/v1/events`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, half));
      finishUpload = () => req.end(body.subarray(half));
    });
    answer.catch(() => {}); // awaited below; a server that dies early must fail the test, not the run
    await new Promise((r) => setTimeout(r, 300)); // the server has the headers and half the body

    server.child.kill('SIGTERM');
    // The listener closes: a new connection is refused while the upload is still open.
    await waitFor(async () => ((await accepts(url)) ? undefined : true), 10_000, () => 'new connections were still accepted after SIGTERM');
    expect(server.child.exitCode).toBeNull();

    finishUpload();
    const done = await answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({ stored: 3000, duplicates: 0, rejected: [] });

    const answeredAt = Date.now();
    expect(await server.exited).toBe(0);
    expect(Date.now() - answeredAt, 'exit waited for the idle keep-alive connection').toBeLessThan(15_000);
    agent.destroy();
    // Background jobs stop after the last request and before the database closes.
    expect(server.output()).toMatch(/Email scheduler stopped\.[\s\S]*Stopped cleanly\./);
    expect(server.output()).not.toMatch(/Error|level":50/);

    // What was answered as stored is on disk: the data directory opens with every event.
    const reopened = await openEmbedded(dataDir);
    const row = await reopened.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await reopened.db.destroy();
    expect(Number(row.n)).toBe(3000);
  }, 60_000);
});
