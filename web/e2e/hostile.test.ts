import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, startServer, type RunningServer } from './harness.ts';

// Script injection through everything people and senders can write: customer names,
// attribute values (segments), NPS comments, notes and stage labels, each a payload that
// would set window.__xss or open a dialog if a page ever treated it as markup. Every page
// renders them in real Chromium; none may run, none may become an element, and the text
// shows literally. (Escaping does not depend on the database: embedded only.)

const found = existsSync(CHROMIUM);
if (!found) console.warn(`\n*** Chromium not found at ${CHROMIUM}: the hostile browser test is SKIPPED. ***\n`);

/** Every page that shows text people or senders wrote. The lead adds /wall and /email here. */
export const HOSTILE_PAGES: string[] = [
  '/',
  '/trends',
  '/movement',
  '/features',
  '/customers?stage=phone_call&segment=hostile:yes',
  '/customers?stage=phone_call&segment=hostile:yes&grain=week',
  '/data',
  '/settings',
  '/email',
  // The wall screen shows one view at a time: each view once, and a segment named by a payload.
  '/wall?views=forest&grain=month',
  '/wall?views=trend&grain=month',
  '/wall?views=movement&grain=month',
  '/wall?views=features&grain=month',
  `/wall?views=${encodeURIComponent('forest/note:<img src=x onerror=alert(1)>')}&grain=month`,
  '/settings/wall',
];

const RUN = 'window.__xss=(window.__xss||0)+1';
/** Payloads that run script or make elements if inserted as HTML (or used as a link). */
const PAYLOADS = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `"><svg onload="${RUN}">`,
  `javascript:${RUN}`,
  `<a href="javascript:${RUN}">click me</a>`,
  `'); ${RUN}; ('`,
  `{{constructor.constructor('${RUN}')()}}`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  '<b onmouseover=alert(1)>bold</b>',
];
const LABEL = `<img src=x onerror="${RUN}">`; // a stage label: at most 100 characters

describe.skipIf(!found)('script injection in every page [embedded]', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    ensureWebBuilt();
    // Without the demo company: the hostile customers are all there is (and the start is quick).
    server = await startServer('embedded', { CANOPY_DEMO_DATA: 'false' });
    // Local mode: this computer may write. Today's month, so the default views show it all.
    const now = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const today = now.slice(0, 10);
    await send('POST', '/api/v1/customers', {
      customers: PAYLOADS.map((payload, i) => ({ id: `xss-${i}`, name: payload, mrr: 100, attributes: { hostile: 'yes', note: payload } })),
    });
    await send('POST', '/api/v1/events', {
      events: PAYLOADS.flatMap((payload, i) => [
        { id: `xss-call-${i}`, customer_id: `xss-${i}`, type: 'phone_call', occurred_at: now, hold_seconds: 60 },
        { id: `xss-nps-${i}`, customer_id: `xss-${i}`, type: 'nps_response', occurred_at: now, score: 3, comment: payload },
        { id: `xss-feature-${i}`, customer_id: `xss-${i}`, type: 'feature_used', occurred_at: now, feature: payload },
      ]),
    });
    // Last week too: the weekly email reports the last complete week, with the phone stage's comments.
    const lastWeek = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000).toISOString();
    await send('POST', '/api/v1/events', {
      events: PAYLOADS.flatMap((payload, i) => [
        { id: `xss-call-lw-${i}`, customer_id: `xss-${i}`, type: 'phone_call', occurred_at: lastWeek, hold_seconds: 60 },
        { id: `xss-nps-lw-${i}`, customer_id: `xss-${i}`, type: 'nps_response', occurred_at: lastWeek, score: 3, comment: payload },
      ]),
    });
    for (const payload of PAYLOADS) await send('POST', '/api/v1/annotations', { occurredOn: today, text: payload });
    await send('POST', '/api/v1/subscriptions', {
      name: PAYLOADS[1],
      recipients: ['lead@example.com'],
      timezone: 'Europe/Berlin',
      sections: ['forest', 'change', 'stages', 'departments', 'comments'],
    });
    const settings = (await (await fetch(`${server.url}/api/v1/settings`)).json()) as { ladder: { label: string }[] };
    settings.ladder[2]!.label = LABEL;
    await send('PUT', '/api/v1/settings', settings);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a page and waits until its figures are in. */
  const open = async (path: string) => {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
    await page.waitForTimeout(300);
  };

  /** What would show that a payload was treated as markup or a link. */
  const injected = () =>
    page.evaluate(() => ({
      ran: (window as unknown as { __xss?: number }).__xss ?? 0,
      handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[onfocus]').length,
      scriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      images: document.querySelectorAll('img[src="x"]').length,
      frames: document.querySelectorAll('iframe').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__xss')).length,
    }));
  const NOTHING = { ran: 0, handlers: 0, scriptLinks: 0, images: 0, frames: 0, inlineScripts: 0 };

  test.each(HOSTILE_PAGES)('%s runs no payload and makes no element of one', async (path) => {
    await open(path);
    expect(await injected()).toEqual(NOTHING);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('the drill-down shows names, attribute values, comments and features literally', async () => {
    await open('/customers?stage=phone_call&segment=hostile:yes');
    await page.getByTestId('customer').first().waitFor();
    const text = await page.locator('main').innerText();
    for (const payload of PAYLOADS) {
      expect(text, payload).toContain(payload); // as the name, the comment and the attribute
    }
    expect(await page.getByTestId('comment').allTextContents()).toEqual(expect.arrayContaining(PAYLOADS));
    // The events list (collapsed) holds the feature names, as text.
    for (const details of await page.locator('details').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    expect(await page.locator('main').innerText()).toContain(`used ${PAYLOADS[0]}`);
    expect(await injected()).toEqual(NOTHING);
  });

  test('the trends page shows the notes and the stage label literally', async () => {
    await open('/trends');
    const text = await page.locator('main').innerText();
    for (const payload of PAYLOADS) expect(text, payload).toContain(payload);
    expect(text).toContain(LABEL);
    expect(await injected()).toEqual(NOTHING);
  });

  test('the segment picker lists attribute values literally', async () => {
    await open('/');
    expect(await page.locator('main').innerText()).toContain(LABEL);
    await page.getByText('Segment:').click();
    const group = page.getByRole('group', { name: 'note' });
    for (const payload of PAYLOADS) await expect.poll(() => group.getByLabel(payload, { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    // Choosing one filters by it, and it goes into the URL as data.
    await group.getByLabel(PAYLOADS[1]!, { exact: true }).check();
    await page.waitForURL(/segment=note/);
    await page.waitForLoadState('networkidle');
    expect(await injected()).toEqual(NOTHING);
    expect(dialogs).toEqual([]);
  });

  test('the email preview shows the subscription name, stage label and comments as text', async () => {
    await open('/email');
    expect(await page.locator('main').innerText()).toContain(PAYLOADS[1]);
    await page.getByRole('button', { name: 'Preview' }).first().click();
    const frame = page.frameLocator('iframe.email-preview');
    await frame.locator('body').waitFor();
    const email = frame.locator('body');
    const text = await email.innerText();
    expect(text).toContain(LABEL);
    for (const payload of PAYLOADS.slice(0, 3)) expect(text, payload).toContain(payload); // up to three comments
    expect(
      await email.evaluate((body) => ({
        handlers: body.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[onfocus]').length,
        images: body.querySelectorAll('img[src="x"]').length,
        scripts: body.querySelectorAll('script').length,
        frames: body.querySelectorAll('iframe').length,
        scriptLinks: [...body.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
      })),
    ).toEqual({ handlers: 0, images: 0, scripts: 0, frames: 0, scriptLinks: 0 });
    // The only frame on the page is the preview itself (sandboxed, no scripts).
    expect(await injected()).toEqual({ ...NOTHING, frames: 1 });
    expect(dialogs).toEqual([]);
  });

  test('the wall screen shows the stage label and feature names literally', async () => {
    await open('/wall?views=forest&grain=month');
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain(LABEL);
    await open('/wall?views=features&grain=month');
    // The view lists the top features only: several of the payload feature names, as text.
    const shown = async () => {
      const text = await page.locator('body').innerText();
      return PAYLOADS.filter((payload) => text.includes(payload)).length;
    };
    await expect.poll(shown, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(await injected()).toEqual(NOTHING);
  });

  test('the settings page shows the stage label as an input value, not markup', async () => {
    await open('/settings');
    const values = await page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values).toContain(LABEL);
    expect(await injected()).toEqual(NOTHING);
  });
});
