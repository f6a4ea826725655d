// Forecasts as a new user meets them in the demo, in real Chromium against the shared demo
// server: resources sorted by time to exhaustion with backup storage flagged (full at worst
// within its 60-day lead time), its chart with history, forecast line, band, capacity line and
// the two markers (the worst-case date left of the lead-time marker), a scenario that moves the
// date, a lost data centre that brings the media bucket's date forward, and the capacity planner's result with its ratio to the lower bound. Both themes pass axe.
import { describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, THEME_RULES, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

export function forecastsScene(web: () => Web): void {
  describe('forecasts', () => {
    test('resources by time to exhaustion, the flagged disk and its chart, a scenario, the planner', async () => {
      for (const theme of ['light', 'dark'] as const) {
        const context = await web().browser.newContext({ colorScheme: theme, viewport: { width: 1400, height: 1000 } });
        const page = await context.newPage();
        const errors = watchPageErrors(page);
        try {
          await page.goto(`${web().server.url}/forecasts`);
          await page.getByRole('heading', { level: 1, name: 'Forecasts' }).waitFor();
          const first = page.locator('tbody tr').first();
          await first.getByText('Backup storage').waitFor();
          await expect(first.textContent()).resolves.toMatch(/Within lead time/);
          const days = Number((await first.locator('td').nth(3).textContent())?.trim());
          expect(days).toBeGreaterThan(34);
          expect(days).toBeLessThan(41);
          await page.getByRole('row').filter({ hasText: 'Hypervisor hv-02' }).getByText(/Cannot forecast/).waitFor();
          await expectAccessible(page, `/forecasts (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
          await screenshot(page, `forecasts-${theme}`);

          await first.getByRole('link', { name: 'Backup storage' }).click();
          await page.getByRole('heading', { level: 1, name: 'Backup storage' }).waitFor();
          const chart = page.getByRole('img', { name: /Backup storage: usage .* full at worst on \d{4}-\d{2}-\d{2}; lead time and margin end on/ });
          await chart.waitFor();
          for (const id of ['fc-history', 'fc-line', 'fc-band', 'fc-capacity', 'fc-lead', 'fc-full']) await page.getByTestId(id).waitFor({ state: 'attached' }); // a horizontal line has no area: attached, not visible
          const full = await page.getByTestId('fc-full').locator('line').getAttribute('x1');
          const lead = await page.getByTestId('fc-lead').locator('line').getAttribute('x1');
          expect(Number(full)).toBeLessThan(Number(lead));
          await expectAccessible(page, `/forecasts/resource (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
          await screenshot(page, `forecast-chart-${theme}`);

          const before = await page.locator('.forecast-facts dd').first().textContent();
          await page.getByLabel('Demand up (%)').fill('100');
          await page.waitForFunction((b) => document.querySelector('.forecast-facts dd')?.textContent !== b, before);
          const after = await page.locator('.forecast-facts dd').first().textContent();
          expect(Date.parse(after!)).toBeLessThan(Date.parse(before!));

          // A data centre lost: the media bucket (ams 30 TB + fra 20 TB) keeps ams's capacity only, and fills sooner.
          await page.goto(`${web().server.url}/forecasts/resource?ref=${encodeURIComponent('resource:default/media-bucket')}`);
          await page.getByRole('heading', { level: 1, name: 'Product media bucket' }).waitFor();
          const facts = page.locator('.forecast-facts dd');
          const bothSites = { full: await facts.nth(0).textContent(), capacity: await facts.nth(4).textContent() };
          await page.getByLabel('Site lost').selectOption('fra');
          await page.waitForFunction((b) => document.querySelectorAll('.forecast-facts dd')[4]?.textContent !== b, bothSites.capacity);
          expect(page.url()).toContain('siteLost=fra');
          await expect(facts.nth(4).textContent()).resolves.toMatch(/\/ 30(\.0)? TB/);
          await expect(page.locator('.forecast-why').textContent()).resolves.toMatch(/^with site fra lost, /);
          // Never later than with both sites ('—': not within the horizon).
          const fullAt = (text: string | null) => (text === '—' ? Infinity : Date.parse(text!));
          expect(fullAt(await facts.nth(0).textContent())).toBeLessThanOrEqual(fullAt(bothSites.full));

          await page.goto(`${web().server.url}/capacity`);
          await page.getByRole('button', { name: 'Plan' }).click();
          await expect(page.getByTestId('plan-summary').textContent()).resolves.toMatch(/Best: [a-z-]+ — \d+ machines, lower bound \d+, ratio [\d.]+; \d+ moves/);
          await expectAccessible(page, `/capacity (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
          await screenshot(page, `capacity-${theme}`);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }, 90_000);
  });
}
