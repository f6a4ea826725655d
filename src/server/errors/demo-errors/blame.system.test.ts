// The demo's errors blame to a real commit of the demo's checkout repository, on both engines:
// the seeded stack frames point at lines of its Go files (the same text as their context lines),
// and the coupon error — new in release 2026.11.4 — is ranked onto the winter campaign's coupon
// commit, tied to the demo's deploy of that release (as examples/acme/changes/seed.json has it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../testing/db.ts';
import { errorsTestApp, type ErrorsTestApp } from '../testing.ts';
import { ACME, DEMO_REPOS, demoRepoDir, ensureDemoRepos } from '../../demo/testing.ts';
import { seedDemoErrors } from './seed.ts';

const NOW = '2026-11-23T12:00:00Z';
const ago = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

describeEachEngine('errors: the demo blames a commit', ({ db }) => {
  let t: ErrorsTestApp;
  let catalogDir = '';
  let repoDir = '';
  let issues: Array<Record<string, any>> = [];

  beforeAll(async () => {
    catalogDir = mkdtempSync(join(tmpdir(), 'tally-demo-blame-'));
    await ensureDemoRepos(catalogDir, { now: new Date(NOW) });
    repoDir = demoRepoDir(catalogDir, DEMO_REPOS.find((r) => r.name === 'checkout')!);
    // The demo's own catalog file for checkout, beside the repositories as in examples/acme.
    const catalog = readFileSync(join(ACME, 'catalog/systems/storefront/checkout.yaml'), 'utf8');
    t = await errorsTestApp(db(), { dir: join(catalogDir, 'systems/storefront'), catalog, config: { server: { demo: true } }, now: NOW });
    // The demo's two checkout deploys, with the versions of its change seed.
    const seed = JSON.parse(readFileSync(join(ACME, 'changes/seed.json'), 'utf8')) as Array<Record<string, any>>;
    const deploys = seed.filter((c) => c.kind === 'deploy' && c.entities.includes('checkout'));
    expect(deploys.map((d) => d.summary)).toEqual(['Deploy checkout 2026.11.4 (retry budget for the payments client)', 'Deploy checkout 2026.11.3']);
    for (const [d, at] of [[deploys[1]!, 54 * 60], [deploys[0]!, 38]] as const) {
      const res = await t.call('POST', '/api/v1/changes', { entities: ['checkout'], kind: 'deploy', summary: d.summary, version: d.version, previousVersion: d.previousVersion, startedAt: ago(at), finishedAt: ago(at - 3) });
      expect(res.status).toBe(201);
    }
    await seedDemoErrors(t.deps);
    issues = (await t.call('GET', '/api/v1/errors/issues?entity=checkout')).body.items;
  });
  afterAll(async () => {
    await t?.app.close();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  it("points each in-app frame of the demo's errors at a line of the repository that reads as the frame's context line", async () => {
    let checked = 0;
    for (const issue of issues) {
      const detail = (await t.call('GET', `/api/v1/errors/issues/${issue.id}`)).body;
      for (const f of detail.frames as Array<{ filename: string; lineno: number; contextLine: string; inApp: boolean }>) {
        if (!f.inApp) continue;
        const line = readFileSync(join(repoDir, f.filename), 'utf8').split('\n')[f.lineno - 1];
        expect(line?.trim(), `${f.filename}:${f.lineno}`).toBe(f.contextLine);
        checked++;
      }
    }
    expect(checked).toBe(5); // the coupon error's three frames, the tax error's two
  });

  it('ranks first, for the coupon error, the commit of release 2026.11.4 that wrote the line it is thrown on, shipped by the demo deploy', async () => {
    const coupon = issues.find((i) => i.title.startsWith('*errors.errorString: coupon'))!;
    const res = await t.call('GET', `/api/v1/errors/issues/${coupon.id}/commits`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ repository: 'data/repos/checkout', release: 'checkout@2026.11.4', notes: [], commit: expect.stringMatching(/^[0-9a-f]{40}$/), previousCommit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const [best] = res.body.commits;
    expect(best).toMatchObject({ message: 'Coupons: percent-off coupons for the winter campaign', author: 'Fatima Zahra', inRelease: true, change: { summary: 'Deploy checkout 2026.11.4 (retry budget for the payments client)' } });
    expect(best.reasons[0]).toBe('last changed line 27 of internal/checkout/coupons.go (applyCoupon), which the stack trace runs through, in this release');
  });

  it('finds, for the tax error of release 2026.11.3, the commit that made the tax client answer ErrNoRate', async () => {
    const tax = issues.find((i) => i.title.startsWith('tax.ErrNoRate'))!;
    const res = await t.call('GET', `/api/v1/errors/issues/${tax.id}/commits`);
    expect(res.status).toBe(200);
    expect(res.body.release).toBe('checkout@2026.11.3');
    expect(res.body.commits.map((c: { message: string }) => c.message)).toContain("Tax: ask the tax service for each region's rate");
  });
});
