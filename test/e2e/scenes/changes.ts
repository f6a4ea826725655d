// The change database in a browser: the changes the demo server seeded on the timeline and in
// the list, filters as permalinks, the revert button asking for confirmation (signed in as an
// editor), and the suspects of a problem ranked with their reasons. Light theme; the dark theme
// is checked page by page in dark-theme.ts.
import { beforeAll, describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, watchPageErrors } from '../harness.ts';
import { createToken, signIn } from '../e2e-helpers.ts';
import type { Web } from '../web.ts';

interface ChangeItem { id: string; summary: string; kind: string; entities: string[]; revert?: unknown }

export function changesScene(web: () => Web): void {
  let editor: string;
  let changes: ChangeItem[];

  beforeAll(async () => {
    editor = createToken(web().server, 'editor', 'e2e-changes-editor');
    // What `tally serve` seeded for the demo (the server is ready only after its preparation).
    changes = ((await (await fetch(`${web().server.url}/api/v1/changes?limit=500`)).json()) as { items: ChangeItem[] }).items;
  });

  describe('changes page', () => {
    test('shows the demo changes, filters by kind as a permalink, and a revert asks for confirmation', async () => {
      const { server, browser } = web();
      expect(changes.length, 'the demo server seeded its changes').toBeGreaterThan(3);
      const newest = changes[0];
      const revertable = changes.find((c) => c.revert && c.kind !== 'revert')!;
      expect(revertable, 'a demo change carries a revert action').toBeTruthy();

      const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${server.url}/changes`);
        await page.getByRole('heading', { level: 1, name: 'Changes' }).waitFor();
        const list = page.getByRole('list', { name: 'Changes, newest first' });
        await list.getByText(newest.summary, { exact: true }).waitFor();
        // The timeline comes from its own request: wait for it before counting.
        const timeline = page.getByRole('img', { name: /^Changes per (hour|day)/ });
        await timeline.first().waitFor();
        expect(await timeline.count()).toBe(1);
        expect(await page.title()).toBe('Changes · Tally');
        await expectAccessible(page, '/changes');
        await screenshot(page, 'changes-light');

        // A filter is a permalink: choosing a kind puts it in the URL and narrows the list.
        await page.getByRole('combobox', { name: 'Kind' }).selectOption('deploy');
        await page.waitForURL((u) => u.searchParams.get('kind') === 'deploy');
        await page.waitForFunction(() => {
          const chips = [...document.querySelectorAll('.change .kind-chip')];
          return chips.length > 0 && chips.every((c) => c.textContent === 'deploy');
        });
        const deploys = changes.filter((c) => c.kind === 'deploy').length;
        expect(deploys, 'the demo has deploys').toBeGreaterThan(0);
        await page.getByRole('heading', { name: new RegExp(`^Changes ${deploys}\\b`) }).waitFor();
        await page.reload();
        expect(await page.getByRole('combobox', { name: 'Kind' }).inputValue()).toBe('deploy');
        await page.getByRole('button', { name: 'Clear filters' }).click();

        // Revert: as an editor, the button opens a confirmation that needs a reason; cancelling reverts nothing.
        await signIn(page, editor, 'editor');
        await page.getByRole('button', { name: `Revert: ${revertable.summary}` }).first().click();
        const dialog = page.getByRole('dialog', { name: 'Revert this change?' });
        await dialog.waitFor();
        expect(await dialog.innerText()).toContain(revertable.summary);
        const confirm = dialog.getByRole('button', { name: 'Revert now' });
        expect(await confirm.isDisabled()).toBe(true); // no reason yet
        await dialog.getByLabel('Reason (required)').fill('e2e: checking the confirmation');
        expect(await confirm.isDisabled()).toBe(false);
        await expectAccessible(page, '/changes revert dialog');
        await screenshot(page, 'changes-revert-dialog-light');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const after = (await (await fetch(`${server.url}/api/v1/changes?kind=revert`)).json()) as { items: unknown[] };
        expect(after.items).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });

  test('the suspects view ranks the changes before a problem, with reasons', async () => {
    const { server, browser } = web();
    const target = changes.find((c) => c.entities.length > 0)!;
    const entity = target.entities[0];
    const at = new Date().toISOString();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${server.url}/changes?suspectsFor=${encodeURIComponent(entity)}&at=${encodeURIComponent(at)}&window=7d`);
      await page.getByRole('heading', { name: /^Suspects for a problem on/ }).waitFor();
      const list = page.getByRole('list', { name: 'Suspect changes, most likely first' });
      await list.waitFor();
      expect(await list.locator('.reasons li').count()).toBeGreaterThan(0);
      expect(await list.innerText()).toContain(target.summary);
      expect(await page.title()).toBe('Suspects · Tally');
      await expectAccessible(page, '/changes suspects');
      await screenshot(page, 'changes-suspects');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
}
