// SLOs as a new user meets them in the demo, in real Chromium against the shared `tally serve`:
// the demo's own Prometheus (Debian's, started by the demo over backfilled metrics) answers, the
// SLO list shows each budget, and an SLO's page draws its budget chart from every sample. The
// figures on the page are the API's, which budget.system.test.ts checks against Prometheus. A
// latency SLO's page draws its inverted curve (curve.system.test.ts checks the figures) and
// suggests an objective from the last 28 days.
import { beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, waitForApi, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

interface Listed { slo: string; state: string; message: string; budgetRemaining: number | null }

export function sloScene(web: () => Web): void {
  describe('SLOs', () => {
    let slos: Listed[];
    beforeAll(async () => {
      // The demo backfills 29 days into its Prometheus in the background after it starts; while
      // the demo also seeds its history, a poll may meet a keep-alive socket the busy server just
      // closed, so a failed poll is tried again.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const body = await waitForApi<{ slos: Listed[] }>(`${web().server.url}/api/v1/slos`, (b) => b.slos.length > 0 && b.slos.every((s) => s.state === 'ok'), 120_000).catch((err: Error) => {
          if (Date.now() > deadline) throw err;
          return undefined;
        });
        if (body) {
          slos = body.slos;
          break;
        }
      }
    }, 130_000);

    test('the list shows every SLO with its budget, and an SLO page draws its budget chart', async () => {
      expect(slos.map((s) => s.slo)).toEqual(['payments-availability', 'payments-fast', 'payments-latency']);
      const context = await web().browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/slo`);
        const row = page.getByRole('row', { name: /Payments availability/ });
        await row.waitFor();
        const left = slos.find((s) => s.slo === 'payments-availability')!.budgetRemaining!;
        expect(await row.getByTitle(/of the error budget left/).count()).toBe(1);
        expect(await row.innerText()).toContain(`${Number((left * 100).toPrecision(4))} %`);
        expect(await page.getByRole('row', { name: /Payments p99 latency/ }).innerText()).toContain('spent');
        await expectAccessible(page, '/slo');
        await screenshot(page, 'slo-list-1280');

        await row.getByRole('link', { name: 'Payments availability' }).click();
        await page.waitForURL(/\/slo\/payments-availability$/);
        const chart = page.getByRole('img', { name: /Error budget left over the window/ });
        await chart.waitFor();
        // Past a week the chart steps 30 minutes (at most 1,440 points): 28 days is 1,344 steps; the newest may not be in Prometheus yet.
        const [, steps, step] = (/\((\d+) steps of (\d+) s\)/.exec((await chart.getAttribute('aria-label')) ?? '') ?? []).map(Number);
        expect(step).toBe(1800);
        expect(steps).toBeGreaterThanOrEqual(1340);
        expect(steps).toBeLessThanOrEqual(1344);
        expect(await page.getByText('could not evaluate').count()).toBe(0);
        await expectAccessible(page, '/slo/payments-availability');
        await screenshot(page, 'slo-budget-chart-1280');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);

    test('a latency SLO draws its inverted curve over the period picked, and suggests an objective', async () => {
      const context = await web().browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/slo/payments-fast`);
        const week = page.getByRole('img', { name: /^Share of requests at or under each latency over the last 7 d: .*250 ms/ });
        await week.waitFor({ timeout: 30_000 });
        await page.getByText('Do you really need 100 ms, or is 250 ms fine?').waitFor();
        await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'last 28d' }).click();
        await page.getByRole('img', { name: /^Share of requests at or under each latency over the last 28 d: / }).waitFor({ timeout: 30_000 });
        expect(await page.getByRole('button', { name: 'last 28d' }).getAttribute('aria-pressed')).toBe('true');
        expect(await page.getByText('could not evaluate').count()).toBe(0);
        await expectAccessible(page, '/slo/payments-fast');
        await screenshot(page, 'slo-latency-curve-1280');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });
}
