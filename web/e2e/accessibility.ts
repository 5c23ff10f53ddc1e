import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Opens `path`, waits for it to settle, and returns axe's serious and critical violations, in words. */
export async function checkAccessibility(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  // Open the folded tables so they are checked too.
  for (const details of await page.locator('details.table-details').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
