// The dark theme, page by page: every page the walks visit, opened directly in a dark browser
// context, waited for until its data has loaded, then checked with axe's colour rules (contrast,
// links told apart from text) and screenshotted. The walks (light theme) cover the behaviour and
// every other axe rule; the theme changes only colours.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { THEME_RULES, expectAccessible, screenshot, watchPageErrors } from '../harness.ts';
import { worstService } from './report-card.ts';
import type { Web } from '../web.ts';

interface DarkPage { name: string; path: string; loaded(page: Page): Promise<unknown> }

async function pages(url: string): Promise<DarkPage[]> {
  const { target, scores } = await worstService(url);
  const team = target.owner!.replace(/^group:default\//, '');
  return [
    { name: 'leaderboard', path: '/', loaded: (p) => p.locator('.services-table tbody tr[aria-rowindex]').first().waitFor() },
    { name: 'service', path: `/services/default/${target.name}`, loaded: (p) => p.locator('.report-title .score-big', { hasText: scores.score.toFixed(1) }).waitFor() },
    { name: 'team', path: `/teams/default/${team}`, loaded: (p) => p.getByText(/^Rank #\d+ of \d+ teams\b/).first().waitFor() },
    { name: 'scorecard', path: '/scorecards/production-readiness', loaded: (p) => p.getByRole('cell', { name: 'Has an owning team' }).waitFor() },
    { name: 'catalog', path: '/catalog', loaded: (p) => p.locator('table tbody tr').first().waitFor() },
    { name: 'entity', path: '/catalog/component/default/pricing', loaded: (p) => p.getByRole('heading', { name: 'Relations' }).waitFor() },
    {
      name: 'graph',
      path: `/graph?focus=${encodeURIComponent('component:default/pricing')}`,
      loaded: async (p) => {
        await p.getByRole('list', { name: 'Dependency cycles' }).waitFor();
        await p.locator('[data-testid="graph-canvas"] canvas').first().waitFor();
        await p.waitForTimeout(400); // the centring animation, for the screenshot
      },
    },
    {
      name: 'changes',
      path: '/changes',
      loaded: async (p) => {
        await p.getByRole('list', { name: 'Changes, newest first' }).locator('li').first().waitFor();
        await p.getByRole('img', { name: /^Changes per (hour|day)/ }).first().waitFor();
      },
    },
  ];
}

export function darkThemeScene(web: () => Web): void {
  describe('the dark theme', () => {
    test('every page keeps its contrast in the dark theme (axe) and is screenshotted', async () => {
      const { server, browser } = web();
      const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        for (const p of await pages(server.url)) {
          await page.goto(`${server.url}${p.path}`);
          await p.loaded(page);
          expect(await page.evaluate(() => document.documentElement.dataset.theme), p.path).toBe('dark');
          await expectAccessible(page, `${p.path} (dark)`, THEME_RULES);
          await screenshot(page, `${p.name}-dark`);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  });
}
