import type { DrilldownResponse, ForestResponse, MovementResponse, TrendResponse } from '@canopy/shared';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkAccessibility } from './accessibility.ts';
import { api, BROWSER_BACKENDS, CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, parseCsv, startServer, type RunningServer } from './harness.ts';
import { PAGES, saveScreenshots } from './screenshots.ts';

// The built web app in Chromium against the real server with the seeded demo company.
// Every number checked on screen is fetched from the API in the same test.

const found = existsSync(CHROMIUM);
if (!found) {
  const how = `Chromium not found at ${CHROMIUM}: the browser tests are SKIPPED. Install it with: apt-get update && apt-get install -y chromium (or set CANOPY_CHROMIUM).`;
  if (process.env.CANOPY_REQUIRE_BROWSER) throw new Error(`${how} CANOPY_REQUIRE_BROWSER is set, so this is a failure.`);
  console.warn(`\n*** ${how} ***\n`);
}

const count = (n: number) => n.toLocaleString('en-GB');
// Pages wait for the session, then for figures that may be counted on first request.
const poll = <T,>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

describe.skipIf(!found).each(BROWSER_BACKENDS)('web app in Chromium [%s]', (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(kind);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the forest shows the numbers the API returns', async () => {
    const forest = await api<ForestResponse>(server.url, '/api/v1/forest');
    await page.goto('/');
    await page.getByTestId('stage-share').first().waitFor();
    expect(await page.getByTestId('headline').textContent()).toBe(forest.headline);
    expect(await page.getByTestId('stage-share').allTextContents()).toEqual(forest.stages.map((s) => `${s.sharePercent!.toFixed(1)}%`));
    expect(await page.getByTestId('stage-customers').allTextContents()).toEqual(forest.stages.map((s) => count(s.customers)));
    expect(await page.getByTestId('active-customers').textContent()).toBe(count(forest.activeCustomers));
    expect(await page.getByTestId('flag').count()).toBe(new Set(forest.flags.map((f) => f.stageKey)).size);
    if (forest.unmappedContacts > 0) expect(await page.getByTestId('unmapped').textContent()).toContain(count(forest.unmappedContacts));
  });

  test('a segment filter goes into the URL and changes the numbers', async () => {
    await page.goto('/');
    await page.getByText('Segment:').click();
    await page.getByRole('group', { name: 'plan' }).getByLabel('enterprise').check();
    await page.waitForURL(/segment=plan%3Aenterprise/);
    const forest = await api<ForestResponse>(server.url, '/api/v1/forest?segment=plan:enterprise');
    await poll(() => page.getByTestId('active-customers').textContent()).toBe(count(forest.activeCustomers));
    expect(await page.getByTestId('stage-share').allTextContents()).toEqual(forest.stages.map((s) => `${s.sharePercent!.toFixed(1)}%`));
    // The same link reproduces the view.
    await page.reload();
    await poll(() => page.getByTestId('active-customers').textContent()).toBe(count(forest.activeCustomers));
  });

  test('the previous-period button moves the period in the URL', async () => {
    await page.goto('/?grain=month');
    await page.getByTestId('stage-share').first().waitFor();
    await page.getByRole('button', { name: /Previous/ }).click();
    await page.waitForURL(/date=\d{4}-\d{2}-\d{2}/);
    const date = new URL(page.url()).searchParams.get('date')!;
    const forest = await api<ForestResponse>(server.url, `/api/v1/forest?date=${date}`);
    await poll(() => page.getByTestId('headline').textContent()).toBe(forest.headline);
  });

  test('comparing two segments shows two forests side by side', async () => {
    await page.goto('/?segment=plan:pro&compare=plan:starter');
    await poll(() => page.getByTestId('forest').count()).toBe(2);
    const starter = await api<ForestResponse>(server.url, '/api/v1/forest?segment=plan:starter');
    await poll(() => page.getByTestId('active-customers').nth(1).textContent()).toBe(count(starter.activeCustomers));
  });

  test('drill-down opens from a stage with its customers and their words', async () => {
    await page.goto('/');
    await page.locator('[data-stage="phone_call"]').getByRole('link', { name: /See these customers/ }).click();
    await page.waitForURL(/\/customers\?.*stage=phone_call/);
    const drill = await api<DrilldownResponse>(server.url, '/api/v1/stages/phone_call/customers');
    await page.getByTestId('customer').first().waitFor();
    const first = drill.customers[0]!;
    expect(await page.getByTestId('customer').first().getByRole('heading').textContent()).toBe(first.name ?? first.id);
    const comment = drill.customers.flatMap((c) => c.comments)[0];
    if (comment) expect(await page.getByTestId('comment').first().textContent()).toBe(comment.comment);
  });

  test('trends show the API shares, and a note added appears on the page', async () => {
    const trend = await api<TrendResponse>(server.url, '/api/v1/trend');
    await page.goto('/trends');
    await page.getByText('Stage shares as a table').click();
    const table = page.getByRole('table', { name: 'Stage shares per period' });
    const last = trend.periods[trend.periods.length - 1]!;
    const row = table.getByRole('row', { name: new RegExp(last.period.label) });
    expect((await row.textContent())!).toContain(`${last.stages[0]!.sharePercent!.toFixed(1)}%`);
    await page.getByLabel('Day', { exact: true }).fill(last.period.start.slice(0, 10));
    await page.getByLabel('What happened').fill('Help centre relaunched');
    await page.getByRole('button', { name: 'Add note' }).click();
    await poll(() => page.getByTestId('annotations').textContent()).toContain('Help centre relaunched');
  });

  test('the movement matrix shows the API counts', async () => {
    const movement = await api<MovementResponse>(server.url, '/api/v1/movement');
    await page.goto('/movement');
    await page.getByTestId('movement-matrix').waitFor();
    const [from, to] = [movement.stages[0]!.key, movement.stages[3]!.key];
    expect(await page.locator(`td[data-from="${from}"][data-to="${to}"]`).textContent()).toContain(count(movement.matrix[from]![to]!));
  });

  test('an upload reports the stored lines and the rejected one', async () => {
    await page.goto('/data');
    const csv = ['id,customer_id,type,occurred_at,hold_seconds', 'e2e-1,e2e-c1,phone_call,2026-01-05T10:00:00Z,30', 'e2e-2,e2e-c1,phone_call,2026-01-06T10:00:00Z,-1'].join('\n');
    await page.getByLabel(/^File/).setInputFiles({ name: 'calls.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    // The report of this upload, in the upload panel (the status panel lists recent uploads too).
    const upload = page.getByRole('region', { name: 'Upload a file' });
    await upload.getByTestId('import-report').waitFor();
    expect(await upload.getByTestId('import-stored').textContent()).toBe('1');
    expect(await upload.getByTestId('import-rejected').textContent()).toBe('1');
    expect(await upload.getByTestId('import-report').textContent()).toMatch(/hold_seconds/);
  });

  test('the settings page shows the server’s reasons for refusing a ladder', async () => {
    await page.goto('/settings');
    await page.getByLabel('Label').nth(1).fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => page.getByTestId('settings-error').textContent()).toMatch(/label/i);
  });

  test('the forest CSV parses and matches the API', async () => {
    const forest = await api<ForestResponse>(server.url, '/api/v1/forest');
    await page.goto('/');
    await page.getByText('Forest as a table').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).first().click()]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(rows[0]!.slice(0, 3)).toEqual(['Stage', 'Customers', 'Share %']);
    expect(rows.slice(1).map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(forest.stages.map((s) => [s.label, s.customers, s.sharePercent]));
  });

  test.each(PAGES)('axe finds no serious or critical problem on %s', async (_name, path) => {
    expect(await checkAccessibility(page, path)).toEqual([]);
  });

  test('a share link shows its pinned segment, keeps its token when navigating, and shows no drill-down', async () => {
    const created = await fetch(`${server.url}/api/v1/share-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Enterprise wall', segment: ['plan:enterprise'] }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const forest = await api<ForestResponse>(server.url, '/api/v1/forest?segment=plan:enterprise');

    const guest = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const shared = await guest.newPage();
    await shared.goto(`/?share=${token}`);
    await poll(() => shared.getByTestId('headline').textContent()).toBe(forest.headline);
    expect(await shared.getByTestId('stage-customers').allTextContents()).toEqual(forest.stages.map((s) => count(s.customers)));

    await shared.getByRole('link', { name: 'Trends', exact: true }).click();
    await shared.waitForURL(/\/trends\?.*share=/);
    expect(await shared.getByRole('link', { name: 'Forest', exact: true }).getAttribute('href')).toContain(`share=${token}`);
    // The link does not allow customer details: the drill-down API refuses it.
    const drill = await shared.evaluate(async (t) => (await fetch('/api/v1/stages/phone_call/customers', { headers: { 'x-canopy-share': t } })).status, token);
    expect(drill).toBe(403);
    await guest.close();
  });

  // Screenshots once: the pages are the same on either backend.
  if (kind === 'embedded') test('screenshots of every page at 1280 and 390, light and dark, without sideways scrolling', async () => {
    const overflowing = await saveScreenshots(browser, server.url);
    expect(overflowing).toEqual([]);
  }, 240_000);
});
