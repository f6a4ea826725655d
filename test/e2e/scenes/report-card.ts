// The main walk a service owner takes, against the demo organisation graded by its
// production-readiness scorecard: the leaderboard → a low-graded service's report card → a
// failing requirement's evidence → its team; the scorecard page; and, signed in, a waiver
// request. Axe and a screenshot at each page (light theme; dark-theme.ts checks the dark one).
import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, waitForApi, watchPageErrors } from '../harness.ts';
import { createToken, signIn } from '../e2e-helpers.ts';
import type { Web } from '../web.ts';

export interface Line { ref: string; name: string; title: string | null; owner: string | null; score: number | null; grade: string | null }
export interface Board { scorecard: string | null; services: Line[] }
export interface Requirement { id: string; title: string; state: string; message: string; evidence: unknown }
export interface Scores { scorecards: { scorecard: string; grade: string; score: number; requirements: Requirement[]; nextBestActions: { title: string }[] }[] }

/** The worst graded service with an owner (what the report card is for), and its report card. */
export async function worstService(url: string): Promise<{ target: Line; scores: Scores['scorecards'][0] }> {
  const board = await waitForApi<Board>(`${url}/api/v1/leaderboard`, (b) => b.services.filter((s) => s.grade).length >= 10, 60_000);
  const graded = board.services.filter((s) => s.grade && s.owner);
  const target = graded[graded.length - 1];
  const scores = ((await (await fetch(`${url}/api/v1/entities/${encodeURIComponent(target.ref)}/scores`)).json()) as Scores).scorecards.find((s) => s.scorecard === board.scorecard)!;
  return { target, scores };
}

export function reportCardScene(web: () => Web): void {
  let server: Web['server'];
  let target: Line;
  let scores: Scores['scorecards'][0];

  beforeAll(async () => {
    server = web().server;
    ({ target, scores } = await worstService(server.url));
  });

  const label = (l: Line) => l.title ?? l.name;
  const failing = () => scores.requirements.find((r) => r.state === 'fail' && r.evidence !== null) ?? scores.requirements.find((r) => ['fail', 'error', 'stale'].includes(r.state))!;

  async function openReportCard(page: Page) {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Leaderboard' }).waitFor();
    await page.locator('.services-table tbody tr[aria-rowindex]').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search services' }).fill(target.name);
    await page.waitForURL((u) => u.searchParams.get('q') === target.name);
    await page.getByRole('region', { name: 'Services, ranked' }).getByRole('link', { name: label(target), exact: true }).click();
    await page.waitForURL(`**/services/default/${target.name}`);
    await page.getByRole('heading', { level: 1, name: label(target) }).waitFor();
  }

  describe('leaderboard → report card → evidence → team', () => {
    test('a service owner sees the grade, why, and what to fix next', async () => {
      const context = await web().browser.newContext({ colorScheme: 'light', viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      try {
        await page.goto(`${server.url}/`);
        await page.getByRole('heading', { name: /^Grade distribution/ }).waitFor();
        await page.locator('.services-table tbody tr[aria-rowindex]').first().waitFor();
        expect(await page.title()).toBe('Leaderboard · Tally');
        await expectAccessible(page, '/');
        await screenshot(page, 'leaderboard-light');

        await openReportCard(page);
        // The header shows the grade only once the report card has loaded (the score appears with
        // it); reading it before that raced the request and failed under load.
        await page.locator('.report-title .score-big', { hasText: scores.score.toFixed(1) }).waitFor();
        expect(await page.locator('.report-title .grade').first().innerText()).toContain(scores.grade);
        // What to fix next, ranked by points: the worst service has something to fix, listed first.
        expect(scores.nextBestActions.length, 'the worst service has next best actions').toBeGreaterThan(0);
        expect(await page.locator('.next-actions .action-title').first().innerText()).toContain(scores.nextBestActions[0].title);

        // A failing requirement: open it and read the evidence.
        const req = failing();
        const toggle = page.getByRole('button', { name: req.title, exact: true });
        await toggle.click();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        await page.getByText(req.message, { exact: true }).first().waitFor();
        if (req.evidence !== null) await page.getByLabel(`Evidence for ${req.title}`).waitFor();
        else await page.getByText('No evidence was recorded.').waitFor();
        await page.getByRole('heading', { name: 'What the grade means now' }).waitFor();
        await page.locator('.pill').first().waitFor(); // the deploy decision has answered
        await expectAccessible(page, `report card ${target.ref}`);
        await screenshot(page, 'service-light');

        // Its team.
        const team = target.owner!.replace(/^group:default\//, '');
        await page.locator('.report-head').getByRole('link', { name: team }).click();
        await page.waitForURL(`**/teams/default/${team}`);
        await page.getByRole('heading', { level: 2, name: 'Services' }).waitFor();
        await page.getByRole('region', { name: 'Services, ranked' }).getByRole('link', { name: label(target), exact: true }).waitFor();
        // The team's rank among all teams (TeamPage: "Rank #3 of 12 teams · score …").
        const rankLine = page.getByText(/^Rank #\d+ of \d+ teams\b/).first();
        await rankLine.waitFor();
        const [, rank, teams] = /^Rank #(\d+) of (\d+) teams/.exec(await rankLine.innerText())!.map(Number);
        expect(rank).toBeGreaterThanOrEqual(1);
        expect(rank).toBeLessThanOrEqual(teams);
        await page.getByRole('textbox', { name: 'Markdown' }).waitFor();
        await expectAccessible(page, `team ${team}`);
        await screenshot(page, 'team-light');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  });

  test('the scorecard page lists the requirements with weights, gates and rationale', async () => {
    const context = await web().browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${server.url}/scorecards`);
      await page.getByRole('link', { name: 'Production readiness' }).click();
      await page.waitForURL('**/scorecards/production-readiness');
      await page.getByRole('heading', { name: /^Requirements/ }).waitFor();
      expect(await page.getByRole('row').count()).toBeGreaterThan(10);
      await page.getByRole('cell', { name: 'Has an owning team' }).waitFor();
      await expectAccessible(page, '/scorecards/production-readiness');
      await screenshot(page, 'scorecard');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('signed in, a service owner requests a waiver for a failing requirement', async () => {
    const token = createToken(server, 'viewer', 'e2e-owner');
    const context = await web().browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await openReportCard(page);
      await signIn(page, token, 'viewer');
      const req = failing();
      await page.getByRole('button', { name: req.title, exact: true }).click();
      await page.getByRole('button', { name: 'Request a waiver' }).click();
      const dialog = page.getByRole('dialog', { name: `Request a waiver: ${req.title}` });
      await dialog.getByLabel('Reason').fill('Moving to the new platform in Q3; tracked in OPS-42.');
      await expectAccessible(page, 'waiver dialog');
      await screenshot(page, 'waiver-dialog');
      await dialog.getByRole('button', { name: 'Request waiver' }).click();
      await dialog.getByText('Waiver requested.').waitFor();
      const waivers = (await (await fetch(`${server.url}/api/v1/waivers?entity=${encodeURIComponent(target.ref)}`)).json()) as { items: { requirement: string; reason: string }[] };
      expect(waivers.items.map((w) => [w.requirement, w.reason])).toContainEqual([req.id, 'Moving to the new platform in Q3; tracked in OPS-42.']);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
}
