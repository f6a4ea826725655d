// `tally change record` / `list` in this process against the real app (inject), on both engines,
// as a pipeline runs them. The same over a real socket and process: test/system/cli.system.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { changeFromFlags } from '../../src/server/changes/change.cli.ts';
import { authHeader } from '../../src/server/testing/app.ts';
import { changesTestApp, type ChangesTestApp } from '../../src/server/changes/testing.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine } from '../../src/server/testing/db.ts';

describe('changeFromFlags', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('fills version, actor, external id and a link from GitHub Actions; flags win', () => {
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc123', GITHUB_RUN_ID: '42', GITHUB_ACTOR: 'octo', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/checkout' };
    expect(changeFromFlags({ entity: ['checkout'], kind: 'deploy', summary: 's', actor: 'me' }, ci, now)).toEqual({
      entities: ['checkout'], kind: 'deploy', summary: 's', source: 'cli', version: 'abc123', actor: 'me', externalId: 'github-run:42', automated: true,
      startedAt: '2026-11-23T12:00:00.000Z', links: [{ url: 'https://github.com/acme/checkout/actions/runs/42', title: 'Pipeline' }],
    });
  });
  it('reads GitLab CI variables', () => {
    const c = changeFromFlags({ entity: ['x'], kind: 'deploy', summary: 's' }, { GITLAB_CI: 'true', CI_COMMIT_SHA: 'def', CI_PIPELINE_ID: '7', GITLAB_USER_LOGIN: 'gl' }, now);
    expect(c).toMatchObject({ version: 'def', externalId: 'gitlab-pipeline:7', actor: 'gl', automated: true });
  });
});

describeEachEngine('tally change', ({ db }) => {
  let t: ChangesTestApp;
  let env: Record<string, string>;
  const tally = (args: string[], extra: Record<string, string> = {}) => runTally(args, { app: t.app, env: { ...env, ...extra } });
  const stored = async (id: string) => (await t.app.inject({ url: `/api/v1/changes/${id}` })).json();

  beforeAll(async () => {
    // The CLI stamps startedAt with the real time, so the server's clock is the real time too.
    t = await changesTestApp(db(), { now: new Date().toISOString() });
    env = { TALLY_TOKEN: (await authHeader(t.deps, 'editor')).authorization.replace('Bearer ', '') };
  });

  it('records a deploy from a GitHub Actions run, updates it by run id, and lists it', async () => {
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_SHA: '9c1e5a7', GITHUB_RUN_ID: '8872', GITHUB_ACTOR: 'alice', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/checkout' };
    const r = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'Deploy checkout', '--label', 'team=a'], ci);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const id = r.stdout.trim();
    expect(await stored(id)).toMatchObject({ source: 'cli', version: '9c1e5a7', actor: 'alice', externalId: 'github-run:8872', automated: true, labels: { team: 'a' } });
    const again = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'Deploy checkout', '--status', 'failed'], ci);
    expect(again.stdout.trim()).toBe(id);
    const list = await tally(['change', 'list', '--entity', 'checkout']);
    expect(list.stdout).toContain(`\tdeploy\tfailed\tcomponent:default/checkout\tDeploy checkout\t${id}`);
  });

  it('records --version 1.2.3 as the version: the program\'s own --version never takes a command\'s option', async () => {
    const r = await tally(['change', 'record', '--entity', 'tax', '--kind', 'deploy', '--summary', 'Tax 1.2.3', '--version', '1.2.3', '--previous-version', '1.2.2']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).not.toContain('0.1.0');
    expect(await stored(r.stdout.trim())).toMatchObject({ version: '1.2.3', previousVersion: '1.2.2', summary: 'Tax 1.2.3' });
  });

  it('warns about unmapped entities and exits 2 with the reason on bad input or without a token', async () => {
    const r = await tally(['change', 'record', '--entity', 'ghost', '--kind', 'config', '--summary', 'x']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unmapped/);
    const bad = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'x', '--started-at', '2099-01-01T00:00:00Z']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/startedAt: .*more than 1 day in the future/);
    const noToken = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'x'], { TALLY_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/token/i);
  });

  it('refuses an unknown --kind or --status before asking the server (exit 2, naming the choices)', async () => {
    const unreachable = { TALLY_SERVER: 'http://127.0.0.1:9' };
    for (const args of [
      ['change', 'record', '--entity', 'checkout', '--kind', 'deploi', '--summary', 'x'],
      ['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--status', 'done', '--summary', 'x'],
      ['change', 'list', '--kind', 'deploy,deploi'],
    ]) {
      const r = await runTally(args, { env: unreachable });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--(kind|status) .*deploy, config|in-progress, succeeded/);
      expect(r.stderr).not.toMatch(/cannot reach/);
    }
  });
});
