// The commit that caused it, on both engines, against a real git repository (src/server/testing/blame-repo.ts):
// the issue's in-app frames are blamed at its release's commit, the release's history is searched
// for its functions and files, the commits are ranked with their reasons, and each is tied to the
// deploy of the change database that shipped it (a suspect of the issue, with its revert).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBlameRepo, type BlameRepo } from '../../testing/blame-repo.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { ERRORS_CATALOG, envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from '../testing.ts';

const CATALOG = ERRORS_CATALOG.replace('tally.dev/sentry-project: "7" }', 'tally.dev/sentry-project: "7", tally.dev/repo-path: repos/checkout }');

describeEachEngine('errors: the commit that caused it', ({ db }) => {
  let t: ErrorsTestApp;
  let repo: BlameRepo;
  let deploy: string;
  let issueId: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-blame-'));
    repo = buildBlameRepo(join(dir, 'repos', 'checkout'));
    t = await errorsTestApp(db(), { dir, catalog: CATALOG });
    const old = await t.call('POST', '/api/v1/changes', { entities: ['checkout'], kind: 'deploy', summary: 'Deploy checkout 1.3.0', version: 'checkout@1.3.0', startedAt: '2026-11-02T09:00:00Z', finishedAt: '2026-11-02T09:05:00Z' });
    const fresh = await t.call('POST', '/api/v1/changes', {
      entities: ['checkout'], kind: 'deploy', summary: 'Deploy checkout 1.4.0', version: 'checkout@1.4.0', previousVersion: 'checkout@1.3.0',
      startedAt: '2026-11-23T10:00:00Z', finishedAt: '2026-11-23T10:05:00Z', revert: { webhook: { url: 'http://hooks.acme.test/revert' } },
    });
    expect([old.status, fresh.status]).toEqual([201, 201]);
    deploy = fresh.body.id;
    const res = await t.post('/api/7/envelope/', envelope([{ type: 'event', payload: jsEvent() }]), { 'x-sentry-auth': `Sentry sentry_key=${t.key}` });
    expect(res.status).toBe(200);
    issueId = (await t.call('GET', '/api/v1/errors/issues?entity=checkout')).body.items[0].id;
  });
  afterAll(async () => t?.app.close());

  it("ranks first the commit of the release that changed the line the error is thrown on, tied to its deploy and that deploy's revert", async () => {
    const res = await t.call('GET', `/api/v1/errors/issues/${issueId}/commits`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ repository: 'repos/checkout', release: 'checkout@1.4.0', commit: repo.sha.di, previousCommit: expect.stringMatching(/^[0-9a-f]{40}$/), notes: [] });
    expect(res.body.frames).toEqual(expect.arrayContaining([{ path: 'src/coupons.js', line: 12, function: 'applyCoupon', file: 'src/coupons.js' }]));
    const [best, ...rest] = res.body.commits;
    expect(best).toMatchObject({ sha: repo.sha.bo, author: 'Bo', email: 'bo@acme.example', message: 'Coupons: take the percent from the campaign', inRelease: true, suspect: true, score: 8 });
    expect(best.reasons).toEqual([
      'last changed line 12 of src/coupons.js (applyCoupon), which the stack trace runs through, in this release',
      'added or removed "applyCoupon", a function of the stack trace, in this release',
      'changed src/coupons.js, a file of the stack trace, in this release',
    ]);
    expect(best.change).toMatchObject({ id: deploy, summary: 'Deploy checkout 1.4.0', revert: { webhook: expect.anything() } });
    // Ada wrote the other frames' lines before this release; Cy changed a file of the trace in it;
    // Di's commit touched nothing of the stack trace.
    expect(rest.map((c: { author: string; score: number; inRelease: boolean }) => [c.author, c.score, c.inRelease])).toEqual([['Ada', 3, false], ['Cy', 1, true]]);
    expect(rest[0].change).toMatchObject({ summary: 'Deploy checkout 1.3.0' });
    expect(rest[0].suspect).toBe(false);
  });

  it('says why when there is nothing to blame: a service without a repository, an unknown issue', async () => {
    const other = await t.call('POST', '/api/v1/errors/projects', { entity: 'web' });
    expect(other.status).toBe(201);
    const sent = await t.post(`/api/${other.body.id}/envelope/`, envelope([{ type: 'event', payload: jsEvent({}, 'renderCart') }]), { 'x-sentry-auth': `Sentry sentry_key=${other.body.publicKey}` });
    expect(sent.status).toBe(200);
    const webIssue = (await t.call('GET', '/api/v1/errors/issues?entity=web')).body.items[0].id;
    const res = await t.call('GET', `/api/v1/errors/issues/${webIssue}/commits`);
    expect(res).toMatchObject({ status: 200, body: { repository: null, commits: [], notes: ['component:default/web has no tally.dev/repo-path annotation: no repository to blame'] } });
    expect((await t.call('GET', '/api/v1/errors/issues/nope/commits')).status).toBe(404);
  });
});
