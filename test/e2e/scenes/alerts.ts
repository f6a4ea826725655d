// Alert hygiene as a new user meets it in the demo, in real Chromium against the shared `tally
// serve`: the demo's Alertmanager (Debian's, started by the demo) has alerts firing now, one
// silenced; the demo's Prometheus has 28 days of ALERTS history; the rule files of the demo are
// linted. The page shows alerts by team and service, the statistics with their charts, and the
// lint by service. The figures are the API's, which the alerts system tests check against the
// real Prometheus and Alertmanager.
import { beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, waitForApi, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

interface Firing { configured: boolean; counts: { alerts: number; suppressed: number } }
interface Stats { summary: { alerts: number; firings: number }; alerts: { alert: string; firingsPerWeek: number }[] }

/** Polls until the answer is what `ready` wants; a failed poll (the demo starting its servers) is tried again. */
async function settle<T>(url: string, ready: (b: T) => boolean): Promise<T> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const body = await waitForApi<T>(url, ready, 150_000).catch((err: Error) => {
      if (Date.now() > deadline) throw err;
      return undefined;
    });
    if (body) return body;
  }
}

export function alertsScene(web: () => Web): void {
  describe('Alerts', () => {
    let stats: Stats;
    beforeAll(async () => {
      await settle<Firing>(`${web().server.url}/api/v1/alerts/firing`, (b) => b.configured && b.counts.alerts >= 4 && b.counts.suppressed >= 1);
      stats = await settle<Stats>(`${web().server.url}/api/v1/alerts/stats`, (b) => b.summary !== undefined && b.summary.firings > 0);
    }, 320_000);

    test('firing now by team and service with the silence, statistics with charts, lint by service', async () => {
      const context = await web().browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/alerts`);
        const checkoutTeam = page.getByRole('region', { name: 'Team team-checkout' });
        await checkoutTeam.waitFor();
        expect(await checkoutTeam.innerText()).toContain('CheckoutErrorBudgetBurningFast');
        const catalogTeam = page.getByRole('region', { name: 'Team team-catalog' });
        expect(await catalogTeam.innerText()).toMatch(/SearchIndexerLagAboveFiveMinutes[\s\S]*silenced/);
        expect(await page.getByRole('cell', { name: 'Reindex running after the catalog migration; lag expected until tomorrow' }).count()).toBe(1);

        const chart = page.getByRole('img', { name: /Firings per day over 28 days/ });
        await chart.waitFor();
        expect(await chart.getAttribute('aria-label')).toContain(`${stats.summary.firings} in all`);
        const noisiest = stats.alerts[0];
        expect(await page.getByRole('figure', { name: 'The noisiest alerts: firings per week' }).innerText()).toContain(noisiest.alert);
        expect(await page.getByRole('row', { name: new RegExp(`^${noisiest.alert}`) }).first().innerText()).toContain(String(noisiest.firingsPerWeek));

        const lint = page.getByRole('table', { name: 'Alerting rules by service' });
        expect(await lint.getByRole('row', { name: /^search\s/ }).innerText()).toMatch(/search\s+1\s+0\s+2\s+1/);
        await expectAccessible(page, '/alerts');
        await screenshot(page, 'alerts-1280');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  });
}
