// The incidents walk, as a new user would take it, in real Chromium against the shared demo
// server, whose chat and mail go to a real Slack Web API stand-in and a real SMTP server on
// loopback (web.e2e.test.ts starts them): declare from the web UI and from a signed slash command,
// assess the impact, hand the incident manager role over, see the suspect changes and press
// revert, resolve with the confirmation, and find the announcement in the chat channel and the
// mail in the mailbox. Runs after the other scenes: it adds a deploy, incidents and notes.
import { beforeAll, describe, expect, test } from 'vitest';
import { slackSignature } from '../../../src/server/incidents/chat/verify.ts';
import { createToken, signIn } from '../e2e-helpers.ts';
import { expectAccessible, screenshot, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function incidentsScene(web: () => Web): void {
  // In a describe of its own: its set-up (a new deploy) runs when its turn comes, not before the other scenes.
  describe('incidents', () => {
    let editor: string;

    beforeAll(async () => {
      const { server, chat } = web();
      editor = createToken(server, 'editor', 'e2e-incidents-editor');
      // A fresh deploy of checkout whose revert action calls this test's receiver.
      const res = await fetch(`${server.url}/api/v1/changes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` },
        body: JSON.stringify({ entities: ['checkout'], kind: 'deploy', summary: 'Deploy checkout 2026.11.5 (e2e)', startedAt: new Date(Date.now() - 4 * 60_000).toISOString(), finishedAt: new Date(Date.now() - 3 * 60_000).toISOString(), revert: { webhook: { url: `${chat.apiUrl.replace('/api/', '')}/revert` } } }),
      });
      expect(res.status).toBe(201);
    });

    test('a signed slash command declares; unsigned ones are refused', async () => {
      const body = new URLSearchParams({ command: '/incident', text: 'declare SEV3 services=search Search results are slow', user_id: 'UNOOR', user_name: 'noor', channel_id: 'C0SEARCH' }).toString();
      const unsigned = await fetch(`${web().server.url}/api/v1/chat/slack/commands`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expect(unsigned.status).toBe(401);
      const ts = String(Math.floor(Date.now() / 1000));
      const signed = await fetch(`${web().server.url}/api/v1/chat/slack/commands`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(web().slackSigningSecret, ts, body) }, body });
      expect(signed.status).toBe(200);
      const reply = (await signed.json()) as { response_type: string; text: string };
      expect(reply.text).toMatch(/^Declared INC-\d+ · SEV3 · investigating · Search results are slow/);
      const list = (await (await fetch(`${web().server.url}/api/v1/incidents?state=active`)).json()) as { items: { title: string; source: { via: string } }[] };
      expect(list.items.find((i) => i.title === 'Search results are slow')?.source.via).toBe('chat');
    }, 30_000);

    test('declare in the browser, assess, hand over, revert a suspect, resolve — and the announcement arrives by chat and mail', async () => {
      const context = await web().browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/incidents`);
        await page.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
        await page.getByRole('list', { name: 'Incidents, active first' }).getByText('Checkout: card payments time out').waitFor();
        await signIn(page, editor, 'editor');
        await expectAccessible(page, '/incidents');
        await screenshot(page, 'incidents-list');

        // Declare with the keyboard only.
        await page.getByRole('button', { name: 'Declare an incident' }).focus();
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Declare an incident' });
        await dialog.getByLabel('What is broken (title)').fill('Checkout: orders fail after the e2e deploy');
        await dialog.getByLabel('Severity').selectOption('SEV2');
        await dialog.getByLabel('Affected services (comma-separated)').fill('checkout');
        await dialog.getByLabel('Affected services (comma-separated)').press('Enter');
        await page.waitForURL(/\/incidents\/\d+$/);
        const heading = page.getByRole('heading', { level: 1, name: /^INC-\d+ · Checkout: orders fail/ });
        await heading.waitFor();
        const ref = (await heading.innerText()).split(' · ')[0];
        expect(ref).toMatch(/^INC-\d+$/);
        await expect.poll(() => web().chat.messages.some((m) => m.text.includes(`${ref} declared`)), { timeout: 30_000 }).toBe(true);

        // Impact first: marking a fix before it is refused with the reason.
        await page.getByRole('button', { name: 'Mark mitigating' }).click();
        await page.getByRole('alert').filter({ hasText: 'impact assessment' }).first().waitFor();
        const impact = page.getByRole('form', { name: 'Assess the impact' });
        await impact.getByLabel('Users affected').fill('12');
        await impact.getByLabel('Where the figure comes from').fill('orders dashboard: failed order rate');
        await impact.getByLabel('Capability 1').fill('place order');
        await impact.getByLabel('How broken').selectOption('partly-down');
        await impact.getByRole('button', { name: 'Save impact' }).click();
        await page.locator('.incident-impact', { hasText: '12% of users · place order partly down' }).waitFor();

        // Hand the incident manager role over.
        const roles = page.getByRole('form', { name: 'Assign a role' });
        await roles.getByLabel('Person').fill('fatima.zahra');
        await roles.getByRole('button', { name: 'Hand over' }).click();
        await page.locator('.incident-facts', { hasText: 'fatima.zahra' }).waitFor();

        // The suspect changes: the e2e deploy is there with its revert button; press it.
        const suspects = page.getByRole('list', { name: 'Suspect changes, most likely first' });
        await suspects.getByText('Deploy checkout 2026.11.5 (e2e)').waitFor();
        await page.getByRole('button', { name: 'Revert: Deploy checkout 2026.11.5 (e2e)' }).click();
        const revert = page.getByRole('dialog', { name: 'Revert this change?' });
        await revert.getByRole('button', { name: 'Revert now' }).click();
        await revert.waitFor({ state: 'hidden' });
        await page.getByRole('list', { name: 'Timeline' }).getByText(/^Reverted: Deploy checkout 2026\.11\.5 \(e2e\)/).waitFor();
        expect(web().chat.hooks.filter((h) => h.path === '/revert')).toHaveLength(1);
        await expectAccessible(page, `/incidents/${ref}`);
        await screenshot(page, 'incident-page');

        // When were users first hurt? The page suggests candidates; take the earliest suspect change.
        await page.locator('.candidates').getByRole('button', { name: /^change:/ }).click();
        await page.locator('.candidates', { hasText: /Impact start (?!not set)/ }).waitFor();
        // Resolve: the confirmation that user impact is gone is asked for.
        await page.getByRole('button', { name: 'Mark mitigating' }).click();
        await page.locator('.state-chip', { hasText: 'Mitigating' }).first().waitFor();
        await page.getByRole('button', { name: 'Resolve…' }).click();
        const resolve = page.getByRole('dialog', { name: 'Is user impact gone?' });
        await resolve.getByLabel('A metric').check();
        await resolve.getByLabel('Evidence (required)').fill('failed order rate back to 0 for 10 minutes');
        await resolve.getByRole('button', { name: 'Resolve' }).click();
        await page.locator('.state-chip', { hasText: 'Resolved' }).first().waitFor();

        await expect.poll(() => web().chat.messages.find((m) => m.text.includes(`${ref} resolved`))?.channel, { timeout: 30_000 }).toBeTruthy();
        const mail = await until('the resolution mail', () => web().smtp.mails.find((m) => m.subject.includes(`${ref} resolved`)));
        expect(mail.to).toEqual(['leadership@acme.example']);
        expect(mail.raw.replace(/=\r?\n/g, '')).toContain('failed order rate back to 0 for 10 minutes'); // quoted-printable soft breaks
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 180_000);

    test('the postmortem editor of the demo\'s closed incident, and a timeline of many entries stays usable', async () => {
      const context = await web().browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${web().server.url}/incidents/1/postmortem`);
        await page.getByRole('heading', { level: 1, name: /^Postmortem: Ledger postings delayed/ }).waitFor();
        expect(await page.getByLabel('Timeline').inputValue()).toContain('Rolling back to 4.17.2');
        await page.getByRole('heading', { name: 'prevention (1)' }).waitFor();
        await expectAccessible(page, '/incidents/1/postmortem');
        await screenshot(page, 'postmortem');
        // 1,000 notes (the write rate limit is 1,200 a minute): the timeline renders only what is in view.
        const key = (await (await fetch(`${web().server.url}/api/v1/incidents?state=active`)).json() as { items: { number: number }[] }).items[0].number;
        await Promise.all(Array.from({ length: 10 }, async (_, k) => {
          for (let i = 0; i < 100; i++) await fetch(`${web().server.url}/api/v1/incidents/${key}/notes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${editor}` }, body: JSON.stringify({ text: `note ${k * 100 + i}` }) });
        }));
        await page.goto(`${web().server.url}/incidents/${key}`);
        const timeline = page.getByRole('list', { name: 'Timeline' });
        await timeline.locator('li').first().waitFor();
        await expect.poll(async () => (await page.locator('.card', { hasText: 'Timeline' }).locator('.count').innerText()), { timeout: 30_000 }).toMatch(/^1\d{3}$/);
        expect(await timeline.locator('li').count()).toBeLessThan(60);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 180_000);
  });
}
