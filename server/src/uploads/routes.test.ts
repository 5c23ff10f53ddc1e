import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../app.ts';
import { describeEachDatabase, testConfig } from '../test/databases.ts';

describeEachDatabase('uploads API', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ config: testConfig(), database: db(), logger: false, webDist: '/nonexistent' });
  });
  afterAll(() => app.close());
  const upload = (filename: string, body: string) =>
    app.inject({ method: 'POST', url: `/api/v1/imports?filename=${encodeURIComponent(filename)}`, headers: { 'content-type': 'application/octet-stream' }, payload: body });

  test('imports a CSV of events and reports the bad line with its reasons', async () => {
    const csv = [
      'id,customer_id,type,occurred_at,hold_seconds',
      'e1,c1,phone_call,2025-03-02T10:00:00Z,30',
      'e2,c1,phone_call,2025-03-03T10:00:00Z,-5',
      'e3,c2,phone_call,2025-03-04T10:00:00Z,12',
    ].join('\n');
    const res = await upload('calls.csv', csv);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ file: 'calls.csv', kind: 'events', lines: 3, stored: 2, rejected: 1 });
    expect(report.rejections).toHaveLength(1);
    expect(report.rejections[0]).toMatchObject({ line: 3, id: 'e2' });
    expect(report.rejections[0].reasons.join(' ')).toMatch(/hold_seconds/);
  });

  test('imports JSON Lines and counts a repeated id as a duplicate', async () => {
    const lines = [
      JSON.stringify({ id: 'e1', customer_id: 'c1', type: 'phone_call', occurred_at: '2025-03-02T10:00:00Z', hold_seconds: 30 }),
      JSON.stringify({ id: 'h1', customer_id: 'c3', type: 'help_viewed', occurred_at: '2025-03-05T10:00:00Z' }),
    ].join('\n');
    const res = await upload('more.jsonl', `${lines}\n`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ lines: 2, stored: 1, duplicates: 1, rejected: 0 });
  });

  test('refuses a file that is neither CSV nor JSON Lines', async () => {
    const res = await upload('report.xlsx', 'PK...');
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toMatch(/neither CSV nor JSON Lines/);
  });

  test('answers 400 with the line for a file it cannot read', async () => {
    const res = await upload('bad.csv', 'colour,shape\nred,round\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/bad\.csv/);
  });

  test('the status lists the last uploads and 14 days of events per type', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/imports/status' });
    expect(res.statusCode).toBe(200);
    const status = res.json();
    expect(status.days).toHaveLength(14);
    expect(status.lastReceivedAt).not.toBeNull();
    expect(status.recentImports.map((r: { file: string }) => r.file)).toEqual(['more.jsonl', 'calls.csv']);
  });
});
