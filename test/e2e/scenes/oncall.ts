// The on-call walk, as a new user would take it, in real Chromium against the shared demo server:
// open "Who is on call" and see the demo rotations; post an alert to the Alertmanager endpoint as
// curl would; see the page to the one person on call; the mail with the ACK link reaches the real
// SMTP server on loopback; open the link and acknowledge; open a rotation's calendar; subscribe
// to its iCalendar feed. Then "my shifts" with a personal feed, the rotation checks of the demo's
// on-call health scorecard (identity's four people fail), and a team's load and fatigue charts.
import ICAL from 'ical.js';
import { describe, expect, test } from 'vitest';
import { expectAccessible, screenshot, watchPageErrors } from '../harness.ts';
import type { Web } from '../web.ts';

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const quotedPrintable = (raw: string) => Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');

export function oncallScene(web: () => Web): void {
  describe('oncall', () => {
    test('who is on call, an alert pages one person, the mailed link ACKs it, the calendar and its feed', async () => {
      const { server } = web();
      const context = await web().browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${server.url}/oncall`);
        await page.getByRole('heading', { level: 1, name: 'Who is on call' }).waitFor();
        const payments = page.getByRole('list', { name: 'Payments rotations' });
        await payments.getByRole('link', { name: 'Payments primary' }).waitFor();
        const now = (await (await fetch(`${server.url}/api/v1/rotations/payments-primary`)).json()) as { now: { person: { name: string; email: string } } };
        await payments.getByText(now.now.person.name).first().waitFor();
        await page.getByRole('list', { name: 'Identity rotations' }).getByRole('link', { name: 'Identity' }).waitFor();
        await expectAccessible(page, '/oncall');

        const run = Date.now();
        const alert = {
          version: '4', groupKey: `{}:{alertname="LedgerLag${run}"}`, status: 'firing', receiver: 'tally', groupLabels: { alertname: `LedgerLag${run}` },
          commonLabels: { alertname: `LedgerLag${run}`, service: 'ledger' }, commonAnnotations: { summary: 'Ledger replication lag above 5 minutes' }, externalURL: 'http://alertmanager.example',
          alerts: [{ status: 'firing', labels: { alertname: `LedgerLag${run}`, service: 'ledger' }, annotations: { summary: 'Ledger replication lag above 5 minutes' }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: `e2e${run}` }],
        };
        const res = await fetch(`${server.url}/api/v1/alerts/alertmanager?key=demo-alerts-key-not-for-production`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert) });
        expect(res.status).toBe(200);
        const { triggered } = (await res.json()) as { triggered: string[] };
        expect(triggered).toHaveLength(1);
        await page.reload();
        const row = page.getByRole('list', { name: 'Pages, newest first' }).getByRole('listitem').filter({ hasText: `LedgerLag${run}` });
        await row.getByText('Triggered').waitFor();
        await row.getByText(now.now.person.name).waitFor();

        const mail = await until('the page mail', () => web().smtp.mails.find((m) => m.subject.includes(`LedgerLag${run}`)));
        expect(mail.to).toEqual([now.now.person.email]);
        expect(web().smtp.mails.filter((m) => m.subject.includes(`LedgerLag${run}`))).toHaveLength(1); // one person, not a broadcast
        const link = /(https?:\/\/\S+\/oncall\/ack\?token=[A-Za-z0-9_.-]+)/.exec(quotedPrintable(mail.raw))![1]!;
        await page.goto(link);
        await page.getByRole('heading', { level: 1, name: 'Acknowledge a page' }).waitFor();
        await expectAccessible(page, '/oncall/ack');
        await page.getByRole('button', { name: `Acknowledge as ${now.now.person.name}` }).click();
        await page.getByRole('status').getByText(/^Acknowledged by/).waitFor();
        await screenshot(page, 'oncall-ack');

        await page.goto(`${server.url}/oncall/rotations/identity`);
        await page.getByRole('heading', { level: 1, name: 'Identity' }).waitFor();
        const grid = page.getByRole('list', { name: 'Shifts, four weeks' });
        await grid.getByText('Nora Haddad').first().waitFor();
        expect(await grid.getByRole('listitem').count()).toBe(28);
        await expectAccessible(page, '/oncall/rotations/identity');
        await screenshot(page, 'oncall-rotation');

        const feed = await page.getByRole('link', { name: /calendar\.ics$/ }).getAttribute('href');
        const ics = await (await fetch(`${server.url}${feed}`)).text();
        const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
        expect(events.length).toBeGreaterThan(20);
        expect(events.some((e) => e.summary === 'On call: Nora Haddad (Identity)')).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);

    test('my shifts with the personal feed, the rotation checks, and a team\'s load and fatigue charts', async () => {
      const { server } = web();
      const context = await web().browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${server.url}/oncall`);
        await page.getByRole('heading', { level: 1, name: 'Who is on call' }).waitFor();
        // The demo's on-call health scorecard: identity's four people fail the size check.
        const checks = page.getByRole('list', { name: 'Rotation checks of On-call health' });
        await checks.locator('[data-entity="auth"]').getByText('At least 6 people share the pager').waitFor({ timeout: 90_000 });
        await checks.locator('[data-entity="payments"]').waitFor();

        await page.getByRole('link', { name: 'My shifts' }).click();
        await page.getByRole('heading', { level: 1, name: 'My shifts' }).waitFor();
        await page.getByPlaceholder('priya.raman').fill('nora.haddad');
        await page.getByRole('button', { name: 'Show shifts' }).click();
        const mine = page.getByRole('list', { name: 'My upcoming shifts' });
        await mine.getByRole('link', { name: 'identity' }).first().waitFor();
        expect(await mine.getByRole('listitem').count()).toBeGreaterThan(3);
        await expectAccessible(page, '/oncall/me');
        await screenshot(page, 'oncall-my-shifts');
        const feed = await page.getByRole('link', { name: /calendar\.ics$/ }).getAttribute('href');
        expect(feed).toBe('/api/v1/oncall/people/nora.haddad/calendar.ics');
        const ics = await (await fetch(`${server.url}${feed}`)).text();
        const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
        expect(events.length).toBeGreaterThan(3);
        expect(events.some((e) => e.summary === 'On call: Nora Haddad (Identity)')).toBe(true);

        await page.goto(`${server.url}/oncall`);
        await page.getByRole('list', { name: 'Payments rotations' }).waitFor();
        await page.locator('section').filter({ has: page.getByRole('list', { name: 'Payments rotations' }) }).getByRole('link', { name: 'Load and fatigue' }).click();
        await page.getByRole('heading', { level: 1, name: 'On-call load: team-payments' }).waitFor();
        await page.locator('dl[aria-label="Team totals"]').getByText('Hours on call per person per month').waitFor();
        const hours = page.getByRole('list', { name: 'Hours on call per person per month' });
        await hours.getByText('priya.raman').waitFor();
        expect(await hours.getByRole('listitem').count()).toBe(6);
        await page.getByRole('list', { name: 'Pages per week' }).getByRole('listitem').first().waitFor();
        await expectAccessible(page, '/oncall/teams/team-payments');
        await screenshot(page, 'oncall-team-load');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 180_000);
  });
}
