import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from './harness.ts';

/** Every page: a name for its screenshots and its path. */
export const PAGES: [string, string][] = [
  ['forest', '/'],
  ['trends', '/trends'],
  ['movement', '/movement'],
  ['features', '/features'],
  ['customers', '/customers?stage=phone_call'],
  ['data', '/data'],
  ['settings', '/settings'],
];

const OUT = join(ROOT, 'docs', 'screenshots');

/**
 * Saves a viewport screenshot of every page at 1280 and 390 px in light and dark to
 * docs/screenshots/, plus docs/screenshots/forest.png (the whole forest page, 1280, light).
 * Returns the pages that scroll sideways.
 */
export async function saveScreenshots(browser: Browser, baseURL: string): Promise<string[]> {
  mkdirSync(OUT, { recursive: true });
  const overflowing: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ baseURL, locale: 'en-GB', colorScheme, viewport: { width, height: width > 800 ? 900 : 844 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of PAGES) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        // On a machine this busy that a page is still loading after a minute, keep the
        // screenshot already in docs/ rather than replace it with a loading bar.
        const loaded = await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 60_000 }).then(() => true, () => false);
        if (!loaded) continue;
        await page.waitForTimeout(200);
        const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        if (scrollWidth > innerWidth) overflowing.push(`${name} at ${width} ${colorScheme}: ${scrollWidth} px wide`);
        await page.screenshot({ path: join(OUT, `${name}-${width}-${colorScheme}.png`) });
        if (name === 'forest' && width === 1280 && colorScheme === 'light') await page.screenshot({ path: join(OUT, 'forest.png'), fullPage: true });
      }
      await context.close();
    }
  }
  return overflowing;
}
