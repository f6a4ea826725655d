// The edge as a new user tries it: run the flash-sale simulation (`tally edge simulate`, the built
// CLI, writing into the demo server's database), then open the Bot defence page, see traffic by
// action and the bans, and read why a bot fingerprint was banned (its evidence against the
// thresholds) — in real Chromium, checked for accessibility.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { ROOT, expectAccessible, screenshot, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

const run = promisify(execFile);

export function edgeScene(web: () => Web): void {
  describe('edge', () => {
    test('a simulated flash sale, then the Bot defence page explains each ban', async () => {
      const { stdout } = await run(process.execPath, ['bin/tally.js', 'edge', 'simulate', '--seconds', '8'], { cwd: ROOT, env: { ...process.env, TALLY_DATABASE_URL: web().server.database }, timeout: 90_000 });
      expect(stdout).toMatch(/precision: +\d+(\.\d)? %/);
      expect(stdout).toMatch(/judged bot: people \d+\/40/);

      const context = await web().browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/edge`);
        await page.getByRole('heading', { level: 1, name: 'Bot defence' }).waitFor();
        const verdicts = page.getByRole('list', { name: 'Verdicts, newest first' });
        await verdicts.getByText(/^Bot → (shadow|tarpit)$/).first().waitFor();
        const first = verdicts.getByRole('listitem').first();
        await expect.poll(() => first.textContent()).toMatch(/was judged bot after \d+ s and \d+ requests .* the bot threshold\. Evidence: /);
        await first.getByText('Evidence', { exact: true }).click();
        await first.getByRole('table').getByRole('row').nth(1).waitFor();
        await page.getByRole('img', { name: /^Requests per minute by action: / }).waitFor();
        expect(await page.getByRole('region', { name: 'Active bans' }).getByRole('row').count()).toBeGreaterThan(1);
        await expectAccessible(page, 'edge page');
        await screenshot(page, 'edge');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 150_000);
  });
}
