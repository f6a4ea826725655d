// A user's walk through the catalog and the graph: search the catalog, open a service, follow it
// to the graph, and see its dependency cycle listed. Axe and a screenshot at each step (light
// theme; the dark theme is checked page by page in dark-theme.ts).
import { beforeAll, describe, expect, test } from 'vitest';
import { shortRef } from '../../../src/common/refs.ts';
import { expectAccessible, screenshot, waitForApi, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

export interface Entity { ref: string; kind: string; metadata: { name: string; title?: string } }
interface Cycles { cycles: { nodes: string[] }[] }

export function catalogGraphScene(web: () => Web): void {
  let cycles: Cycles['cycles'];
  beforeAll(async () => {
    cycles = (await waitForApi<Cycles>(`${web().server.url}/api/v1/graph/cycles`, () => true)).cycles;
  });

  describe('catalog → entity → graph', () => {
    test('a user finds a service, opens it, and sees its dependency cycle on the graph', async () => {
      const { server, browser } = web();
      // The demo organisation ships a cycle on purpose (pricing ↔ promotions): it is what this page is for.
      expect(cycles.length, 'the demo catalog has a dependency cycle').toBeGreaterThan(0);
      const cycle = cycles[0];
      const target = cycle.nodes.find((n) => n.startsWith('component:')) ?? cycle.nodes[0];
      const entity = await (await fetch(`${server.url}/api/v1/entities/${encodeURIComponent(target)}`)).json() as Entity;
      const label = entity.metadata.title ?? entity.metadata.name;

      const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${server.url}/catalog`);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
        await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
        await page.locator('table tbody tr').first().waitFor();
        await expectAccessible(page, '/catalog');
        await screenshot(page, 'catalog-light');

        // Search: the filter is a permalink, and the service shows up in the table.
        await page.getByRole('searchbox', { name: 'Search' }).fill(entity.metadata.name);
        await page.waitForURL((u) => u.searchParams.get('q') === entity.metadata.name);
        const link = page.getByRole('table').getByRole('link', { name: label, exact: true });
        await link.waitFor();
        await link.click();

        // The entity page.
        await page.waitForURL(`**/catalog/${entity.kind.toLowerCase()}/default/${entity.metadata.name}`);
        await page.getByRole('heading', { level: 1, name: label }).waitFor();
        await page.getByRole('heading', { name: 'Relations' }).waitFor();
        await expectAccessible(page, `entity ${target}`);
        await screenshot(page, 'entity-light');

        // Follow it to the graph: the node is selected, the cycle is listed as text.
        await page.getByRole('link', { name: 'Show in graph' }).click();
        await page.waitForURL((u) => u.pathname === '/graph' && u.searchParams.get('focus') === target);
        const cycleList = page.getByRole('list', { name: 'Dependency cycles' });
        await cycleList.waitFor();
        const listed = await cycleList.innerText();
        for (const node of cycle.nodes) expect(listed).toContain(shortRef(node));
        await page.getByRole('heading', { level: 2, name: entity.metadata.name }).waitFor(); // the side panel
        expect(await page.getByText('On a dependency cycle').count()).toBe(1);
        await page.locator('[data-testid="graph-canvas"] canvas').first().waitFor();
        await page.waitForTimeout(400); // let the centring animation settle for the screenshot
        await expectAccessible(page, '/graph');
        await screenshot(page, 'graph-light');

        // Boot waves: the cycle's nodes are blocked.
        await page.getByRole('button', { name: 'Boot waves' }).click();
        await page.getByRole('heading', { name: /^Blocked/ }).waitFor();
        const blocked = await page.locator('.boot').innerText();
        for (const node of cycle.nodes) expect(blocked).toContain(shortRef(node));
        await expectAccessible(page, '/graph boot waves');
        await screenshot(page, 'graph-boot-light');

        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });

  test('the theme toggle switches themes and is remembered', async () => {
    const { server, browser } = web();
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/catalog`);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await page.getByRole('button', { name: 'Switch to dark theme' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
}
