// `tally evaluate`, `tally waiver request|approve|reject|list` and `tally attest`, in this process
// against the real app (inject) on both engines: what each changes in the grades, who may do it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { CATALOG, FACTS, scorecardYaml } from '../../src/server/scorecards/testing.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { authHeader, testApp, testClock, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';

describeEachEngine('tally evaluate, waiver and attest', ({ db }) => {
  let app: App;
  const tokens: Record<'viewer' | 'editor', Record<string, string>> = { viewer: {}, editor: {} };
  const as = (role: 'viewer' | 'editor' | 'anonymous', args: string[]) => runTally(args, { app, env: role === 'anonymous' ? {} : tokens[role] });
  const state = async (entity: string, requirement: string) => {
    const card = (await app.inject({ url: `/api/v1/entities/${entity}/scores` })).json().scorecards[0];
    return card?.requirements.find((q: { id: string }) => q.id === requirement)?.state as string | undefined;
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-scorecard-cli-'));
    writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
    writeFileSync(join(dir, 'scorecards.yaml'), scorecardYaml());
    writeFileSync(join(dir, 'facts.yaml'), FACTS);
    // The commands send real expiry times (now + 30d): the server's clock is the real one too.
    const deps = testDeps(db(), testConfig({ catalog: { sources: ['./catalog.yaml', './scorecards.yaml', './facts.yaml'] } }, dir), testClock(new Date().toISOString()));
    app = await testApp(deps);
    for (const role of ['viewer', 'editor'] as const) tokens[role] = { TALLY_TOKEN: (await authHeader(deps, role)).authorization.slice('Bearer '.length) };
    await app.inject({ method: 'POST', url: '/api/v1/catalog/refresh', headers: { authorization: `Bearer ${tokens.editor.TALLY_TOKEN}` } });
  });

  it('evaluate grades now and prints one line per scorecard run', async () => {
    expect(await state('checkout', 'runbook')).toBeUndefined();
    const r = await as('editor', ['evaluate']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ok {5}prod: 2 entities, \d+ changed, 2 errors, 2 grade changes\n$/);
    expect(await state('checkout', 'runbook')).toBe('fail');
    const one = await as('editor', ['evaluate', 'checkout', '--scorecard', 'prod', '--format', 'json']);
    expect(JSON.parse(one.stdout).runs).toEqual([expect.objectContaining({ scorecard: 'prod', status: 'ok', entities: 1, changed: 0, gradeChanges: 0 })]);
  });

  it('evaluate exits 2 for an unknown scorecard and without an editor token', async () => {
    expect(await as('editor', ['evaluate', '--scorecard', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no scorecard 'nope'/) });
    expect(await as('viewer', ['evaluate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs the editor role/) });
  });

  it('a viewer requests a waiver, an editor approves it, and the requirement is exempt at once', async () => {
    const req = await as('viewer', ['waiver', 'request', 'checkout', '--scorecard', 'prod', '--requirement', 'runbook', '--reason', 'Runbook moves to the new wiki in Q1', '--expires', '30d']);
    expect(req.code).toBe(0);
    const id = req.stdout.trim();
    expect(req.stderr).toContain(`tally waiver approve ${id}`);
    expect((await as('viewer', ['waiver', 'list', '--status', 'requested'])).stdout).toMatch(new RegExp(`^${id}\\trequested\\tcomponent:default/checkout\\tprod/runbook\\tuntil \\S+\\t\\S+\\tRunbook moves`, 'm'));
    expect(await as('viewer', ['waiver', 'approve', id])).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs the editor role/) });
    const approved = await as('editor', ['waiver', 'approve', id]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`^approved ${id}: component:default/checkout prod/runbook until \\S+\\nok {5}prod: 1 entity, `));
    expect(await state('checkout', 'runbook')).toBe('exempt');
    expect(await as('editor', ['waiver', 'approve', id])).toMatchObject({ code: 2, stderr: expect.stringMatching(/already approved/) });
  });

  it('an editor rejects a waiver; nothing changes', async () => {
    const id = (await as('viewer', ['waiver', 'request', 'cart', '--scorecard', 'prod', '--requirement', 'backup', '--reason', 'Restores move to the new platform', '--expires', new Date(Date.now() + 14 * 86_400_000).toISOString()])).stdout.trim();
    expect(await as('editor', ['waiver', 'reject', id])).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^rejected ${id}: component:default/cart prod/backup`)) });
    expect(await state('cart', 'backup')).toBe('stale');
  });

  it('attest records a manual check and re-grades: drill passes until it expires', async () => {
    expect(await state('checkout', 'drill')).toMatch(/fail|n\/a/);
    const r = await as('editor', ['attest', 'checkout', '--scorecard', 'prod', '--requirement', 'drill', '--passed', '--expires', '90d', '--note', 'Game day 2026-11, OPS-12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^attested component:default\/checkout prod\/drill: passed until \S+ \(by editor-\w+\)\nok {5}prod: 1 entity, /);
    expect(await state('checkout', 'drill')).toBe('pass');
  });

  it('attest exits 2 naming the problem: a requirement that is not manual, no verdict, a bad expiry', async () => {
    const base = ['attest', 'checkout', '--scorecard', 'prod', '--requirement'];
    expect(await as('editor', [...base, 'runbook', '--passed', '--expires', '30d'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/checked by 'expr', not attested by hand/) });
    expect(await as('editor', [...base, 'drill', '--expires', '30d'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/say --passed or --failed/) });
    expect(await as('editor', [...base, 'drill', '--passed', '--expires', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--expires must be a date-time .* or a duration from now/) });
    expect(await as('anonymous', [...base, 'drill', '--failed', '--expires', '30d'])).toMatchObject({ code: 2 });
  });
});
