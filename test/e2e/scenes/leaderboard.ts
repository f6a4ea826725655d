// The leaderboard and the report card at desktop and phone width (issue 12, item 16), in real
// Chromium against a real `tally serve` on the demo: columns sort, worst first, filters keep
// ranks, teams by display name; at 390 px the header fits, service names stay readable and the
// report card starts with "To reach …, fix". Axe and screenshots at 390 and 1280 px, both themes.
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, THEME_RULES, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

interface Line { rank: number; name: string; title: string | null; grade: string | null; score: number | null }

export function leaderboardScene(web: () => Web): void {
  let board: { services: Line[] };

  beforeAll(async () => {
    board = (await (await fetch(`${web().server.url}/api/v1/leaderboard`)).json()) as { services: Line[] };
  });

  const rows = (page: Page) => page.locator('.services-table tbody tr[aria-rowindex]');
  const firstRank = async (page: Page) => Number(await rows(page).first().locator('td').first().innerText());

  async function withPage(width: number, theme: 'light' | 'dark', path: string, body: (page: Page) => Promise<void>): Promise<void> {
    const context = await web().browser.newContext({ colorScheme: theme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${web().server.url}${path}`);
      await body(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }

  describe.each(['light', 'dark'] as const)('the leaderboard (%s theme)', (theme) => {
    test('sorts by any column, shows the worst first, and keeps ranks under filters', async () => {
      await withPage(1280, theme, '/', async (page) => {
        await rows(page).first().waitFor();
        const table = page.getByRole('region', { name: 'Services, ranked' });
        const score = table.getByRole('columnheader', { name: 'Score' });
        const sortedBy = (order: string) => table.locator(`th[aria-sort="${order}"]`, { hasText: 'Score' }).waitFor();
        await score.getByRole('button').click();
        await page.waitForURL((u) => u.searchParams.get('sort') === 'score');
        await sortedBy('descending'); // a first click sorts best first
        await score.getByRole('button').click();
        await sortedBy('ascending');
        const lowest = Math.min(...board.services.filter((s) => s.score !== null).map((s) => s.score!));
        expect(await rows(page).first().locator('td').nth(5).innerText()).toBe(lowest.toFixed(1));

        await page.getByRole('button', { name: 'Worst first' }).click();
        await page.waitForURL((u) => u.searchParams.get('order') === 'desc' && u.searchParams.get('sort') === 'rank');
        expect(await firstRank(page)).toBe(Math.max(...board.services.filter((s) => s.score !== null).map((s) => s.rank)));
        await expectAccessible(page, `/ worst first (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
        await screenshot(page, `leaderboard-worst-first-1280-${theme}`);

        // A filter keeps each service's rank on the whole board.
        await page.getByRole('combobox', { name: 'Grade' }).selectOption('B');
        await page.waitForURL((u) => u.searchParams.get('grade') === 'B');
        // The board now (grades move while the suite runs: a status page over its latency budget).
        const now = (await (await fetch(`${web().server.url}/api/v1/leaderboard`)).json()) as { services: Line[] };
        const bestB = now.services.find((s) => s.grade === 'B')!;
        await page.getByRole('button', { name: 'Worst first' }).click(); // back to best first
        await page.waitForURL((u) => !u.searchParams.has('sort'));
        await rows(page).first().locator('td', { hasText: String(bestB.rank) }).first().waitFor();
        expect(await firstRank(page)).toBe(bestB.rank);
        expect(bestB.rank).toBeGreaterThan(1);

        // Teams by display name, in the filter and the table.
        await page.getByRole('combobox', { name: 'Team' }).selectOption({ label: 'Web Experience' });
        await page.waitForURL((u) => u.searchParams.get('team') === 'group:default/team-web');
        await page.getByRole('table').filter({ hasText: 'F services' }).getByRole('link', { name: 'Web Experience' }).waitFor();
        await screenshot(page, `leaderboard-filtered-1280-${theme}`);
      });
    }, 90_000);

    test('at 390 px the header fits, names are readable, and the menu reaches every page', async () => {
      await withPage(390, theme, '/', async (page) => {
        await rows(page).first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        for (const name of ['Tally home', 'Menu', 'Sign in']) expect(await page.getByRole('link', { name }).or(page.getByRole('button', { name })).first().isVisible()).toBe(true);
        expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog', exact: true }).isVisible()).toBe(false); // folded into the menu
        // Every service name in view is shown whole (it wraps rather than being cut).
        const cut = await rows(page).locator('td:nth-child(2)').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1 || (c.firstElementChild as HTMLElement | null)?.offsetWidth === 0).map((c) => c.textContent));
        expect(cut).toEqual([]);
        await expectAccessible(page, `/ at 390 px (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
        await screenshot(page, `leaderboard-390-${theme}`);
        await page.getByRole('button', { name: 'Menu' }).click();
        await page.getByText('More', { exact: true }).click();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Waivers', exact: true }).click();
        await page.waitForURL('**/waivers');
        await page.getByRole('heading', { level: 1, name: 'Waivers' }).waitFor();
        expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Waivers', exact: true }).isVisible()).toBe(false); // the menu closed
      });
      await withPage(1280, theme, '/', async (page) => {
        await rows(page).first().waitFor();
        await expectAccessible(page, `/ at 1280 px (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
        await screenshot(page, `leaderboard-1280-${theme}`);
      });
    }, 90_000);

    test('at 390 px the report card starts with what to fix', async () => {
      await withPage(390, theme, '/services/default/checkout', async (page) => {
        const next = page.getByRole('heading', { name: /^To reach/ });
        const reqs = page.getByRole('heading', { name: /^Requirements/ });
        await next.waitFor();
        await reqs.waitFor();
        expect((await next.boundingBox())!.y).toBeLessThan((await reqs.boundingBox())!.y);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.locator('.dep-list li').first().waitFor();
        await expectAccessible(page, `report card at 390 px (${theme})`, theme === 'dark' ? THEME_RULES : undefined);
        await screenshot(page, `report-card-390-${theme}`);
      });
      await withPage(1280, theme, '/services/default/checkout', async (page) => {
        const next = page.getByRole('heading', { name: /^To reach/ });
        await next.waitFor();
        const reqs = page.getByRole('heading', { name: /^Requirements/ });
        // Side by side on a wide screen: the requirements on the left, what to fix on the right.
        expect((await next.boundingBox())!.x).toBeGreaterThan((await reqs.boundingBox())!.x);
        await screenshot(page, `report-card-1280-${theme}`);
      });
    }, 90_000);
  });
}
