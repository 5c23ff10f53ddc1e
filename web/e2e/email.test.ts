import type { EmailPreview, Subscription } from '@canopy/shared';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestMailServer, type TestMailServer } from '../../server/src/subscriptions/test-mail.ts';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuilt, ROOT, startServer, type RunningServer } from './harness.ts';

// The snapshot email in Chromium: its HTML at phone (375 px) and desktop-client (600 px)
// widths, with images and with images blocked, and the /email admin page sending one
// through a real local SMTP server. Screenshots go to docs/screenshots/email-*.png.

const found = existsSync(CHROMIUM);
const OUT = join(ROOT, 'docs', 'screenshots');

describe.skipIf(!found)('weekly email in Chromium [embedded]', () => {
  let server: RunningServer;
  let smtp: TestMailServer;
  let browser: Browser;
  let subscription: Subscription;

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startTestMailServer();
    server = await startServer('embedded', { SMTP_URL: smtp.url, MAIL_FROM: 'Canopy <canopy@example.com>' });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const res = await fetch(`${server.url}/api/v1/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Leadership weekly',
        recipients: ['ceo@example.com', 'cfo@example.com'],
        weekday: 1,
        localTime: '08:00',
        timezone: 'Europe/Berlin',
        grain: 'week',
        segment: {},
        sections: ['forest', 'change', 'stages', 'departments', 'comments'],
        paused: false,
      }),
    });
    expect(res.status).toBe(201);
    subscription = (await res.json()) as Subscription;
    mkdirSync(OUT, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  test('the email HTML at 375 and 600 px, light and dark, and with images blocked: no sideways scrolling, the table always there', async () => {
    const preview = (await (await fetch(`${server.url}/api/v1/subscriptions/${subscription.id}/preview`)).json()) as EmailPreview;
    expect(preview.chartMissing).toBe(false);
    for (const width of [375, 600]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.setContent(preview.html, { waitUntil: 'load' });
        const image = page.locator('img');
        await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1120);
        const [scrollWidth, innerWidth, imageWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth, document.querySelector('img')!.getBoundingClientRect().width]);
        expect(scrollWidth, `${width} ${colorScheme}`).toBeLessThanOrEqual(innerWidth);
        expect(imageWidth).toBeLessThanOrEqual(560);
        await expect.poll(() => page.locator('th', { hasText: 'Share' }).count()).toBeGreaterThan(0);
        await page.screenshot({ path: join(OUT, `email-${width}-${colorScheme}.png`), fullPage: true });
        await context.close();
      }
    }
    // Images blocked: the alt text and the table carry the numbers.
    const blocked = await browser.newContext({ viewport: { width: 600, height: 900 }, javaScriptEnabled: false });
    const page = await blocked.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(preview.html.replace(/src="data:image\/png;base64,[^"]+"/, 'src="cid:blocked"'), { waitUntil: 'load' });
    expect(await page.locator('table[summary="Share of customers at each stage"] td').count()).toBeGreaterThan(8);
    await page.screenshot({ path: join(OUT, 'email-600-images-blocked.png'), fullPage: true });
    await blocked.close();
  });

  test('the /email page: the list, a preview, and Send now delivered through SMTP and shown in the delivery log', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('/email');
    await page.locator('.subscription strong', { hasText: 'Leadership weekly' }).waitFor();
    await expect.poll(() => page.getByText('Mondays at 08:00 (Europe/Berlin)', { exact: false }).count()).toBe(1);
    await page.getByRole('button', { name: 'Preview' }).click();
    const frame = page.frameLocator('iframe.email-preview');
    await frame.locator('h1').waitFor();
    expect(await frame.locator('h1').textContent()).toMatch(/% of customers/);

    await page.getByRole('button', { name: 'Send now' }).click();
    await page.getByText(/2 sent\./).waitFor({ timeout: 30_000 });
    expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual(['ceo@example.com', 'cfo@example.com']);
    await page.getByRole('cell', { name: 'ceo@example.com' }).waitFor();
    await page.screenshot({ path: join(OUT, 'email-admin-1280.png'), fullPage: true });

    await page.getByRole('button', { name: 'New subscription' }).click();
    await page.getByLabel('Name').fill('Bad list');
    await page.getByLabel('Recipients (one address per line)').fill('not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('alert').filter({ hasText: 'is not an email address' }).waitFor();
    await context.close();
  });
});
