// Error tracking as a new user meets it, in real Chromium against the demo server: the checkout
// service page shows its DSN and the demo's issues with sparklines; a small script using the
// official @sentry/node client, pointed at that DSN, throws; the new issue appears on the service
// page; its page shows the stack trace with the program's own frames, git's answer about the
// commit that caused it, and the suspect changes with their revert button; an editor resolves it.
// The demo's coupon error names its commit: the demo repository holds the code its frames point at.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createToken, signIn } from '../e2e-helpers.ts';
import { expectAccessible, ROOT, screenshot, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

export function errorsScene(web: () => Web): void {
  describe('errors', () => {
    test('the DSN on the service page takes an SDK’s errors, which show as issues with their stack trace', async () => {
      const context = await web().browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/services/default/checkout`);
        const card = page.getByRole('region', { name: /^Errors/ });
        await card.waitFor();
        const dsn = (await card.getByTestId('dsn').first().textContent())!.trim();
        expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/1$/);
        await card.getByRole('table', { name: 'Unresolved issues' }).getByText(/coupon WINTER0: percent is nil/).waitFor();
        await expectAccessible(page, 'service page with errors');

        const run = spawnSync(process.execPath, [join(ROOT, 'src/server/testing/sentry-sdk-client.mjs'), dsn], { encoding: 'utf8', timeout: 30_000 });
        expect(run.stdout + run.stderr).toContain('flushed');

        await page.reload();
        const link = card.getByRole('link', { name: /TypeError: order \d has no coupon/ });
        await link.waitFor({ timeout: 15_000 });
        await screenshot(page, 'errors-service-page');
        await link.click();
        await page.getByRole('heading', { level: 1, name: /TypeError: order \d has no coupon/ }).waitFor();
        await expect.poll(async () => page.getByTestId('issue-events').textContent()).toBe('2');
        await page.getByRole('list', { name: 'In-app frames' }).getByText('applyCoupon', { exact: true }).waitFor();
        // The commit that caused it: git was asked about the demo's checkout repository (whose
        // files are not this script's, so the answer says so rather than guessing).
        const blame = page.getByRole('region', { name: /^The commit that probably caused it/ });
        await blame.getByText(/no in-app frame names a file of the repository|score \d+/).first().waitFor({ timeout: 30_000 });
        // The changes before it first appeared, with the revert button.
        const suspects = page.getByRole('list', { name: 'Suspect changes' });
        await suspects.waitFor();
        await suspects.getByRole('button', { name: /Revert/ }).first().waitFor();
        await expectAccessible(page, 'issue page');
        await screenshot(page, 'errors-issue-page');

        // From a suspect change: what is new since it, against what was known before.
        const issueUrl = page.url();
        await suspects.getByRole('link', { name: 'Errors since this change' }).first().click();
        await page.getByRole('heading', { level: 1, name: /^Errors since: / }).waitFor();
        await page.getByRole('table', { name: /^New: first seen/ }).getByText(/TypeError: order \d has no coupon/).waitFor();
        await expectAccessible(page, 'errors since a change');
        await screenshot(page, 'errors-since-change');
        await page.goto(issueUrl);
        await page.getByTestId('issue-status').waitFor();

        await signIn(page, createToken(web().server, 'editor', 'e2e-errors-editor'), 'editor');
        await page.getByRole('group', { name: 'Change status' }).getByRole('button', { name: 'Resolve', exact: true }).click();
        await expect.poll(async () => page.getByTestId('issue-status').textContent()).toBe('Resolved');

        // The demo's own coupon error points at the demo repository's code: git names the commit
        // of release 2026.11.4 that wrote the line it is thrown on, and the deploy that shipped it.
        await page.goto(`${web().server.url}/services/default/checkout`);
        await card.getByRole('link', { name: /coupon WINTER0: percent is nil/ }).click();
        await page.getByRole('heading', { level: 1, name: /coupon WINTER0: percent is nil/ }).waitFor();
        const ranked = page.getByRole('list', { name: 'Ranked commits' });
        await ranked.getByText('Coupons: percent-off coupons for the winter campaign').first().waitFor({ timeout: 30_000 });
        await ranked.getByText(/Deploy checkout 2026\.11\.4/).first().waitFor();
        await screenshot(page, 'errors-demo-blamed-commit');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });
}
