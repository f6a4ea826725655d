// `tally change record` / `list` against a real `tally serve` on a temporary SQLite database,
// as a pipeline would run them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../changes-app.ts';
import { changeFromFlags } from '../../src/server/changes/change.cli.ts';
import { ROOT, tally } from '../cli.ts';

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

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

describe('tally change (against tally serve)', () => {
  let server: ChildProcess;
  let url: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-cli-change-'));
    writeFileSync(join(dir, 'catalog.yaml'), CATALOG);
    const config = join(dir, 'tally.yaml');
    writeFileSync(config, 'catalog: { sources: [./catalog.yaml] }\nlogging: { level: warn }\n');
    env = { TALLY_DATABASE_URL: join(dir, 'tally.db') };
    const token = await tally(['token', 'create', '--name', 'pipeline', '--role', 'editor', '--config', config], { env });
    expect(token.code).toBe(0);
    env.TALLY_TOKEN = token.stdout.trim();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [resolve(ROOT, 'bin/tally.js'), 'serve', '--config', config, '--port', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error('tally serve did not start')), 30_000);
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('Tally is running') && (clearTimeout(timer), ready()));
    });
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${url}/api/v1/entities?limit=1`);
      if ((await res.json()).items?.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  it('records a deploy from a GitHub Actions run and lists it', async () => {
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_SHA: '9c1e5a7', GITHUB_RUN_ID: '8872', GITHUB_ACTOR: 'alice', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/checkout' };
    const r = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'Deploy checkout', '--label', 'team=a', '--server', url], { env: { ...env, ...ci } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    const stored = await (await fetch(`${url}/api/v1/changes/${id}`)).json();
    expect(stored).toMatchObject({ source: 'cli', version: '9c1e5a7', actor: 'alice', externalId: 'github-run:8872', automated: true, labels: { team: 'a' } });
    const again = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'Deploy checkout', '--status', 'failed', '--server', url], { env: { ...env, ...ci } });
    expect(again.stdout.trim()).toBe(id);
    const list = await tally(['change', 'list', '--entity', 'checkout', '--server', url], { env });
    expect(list.stdout).toContain(`\tdeploy\tfailed\tcomponent:default/checkout\tDeploy checkout\t${id}`);
  });

  it('warns about unmapped entities and fails with the reason on bad input', async () => {
    const r = await tally(['change', 'record', '--entity', 'ghost', '--kind', 'config', '--summary', 'x', '--server', url], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unmapped/);
    const bad = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'x', '--started-at', '2099-01-01T00:00:00Z', '--server', url], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/startedAt: .*more than 1 day in the future/);
    const noToken = await tally(['change', 'record', '--entity', 'checkout', '--kind', 'deploy', '--summary', 'x', '--server', url], { env: { ...env, TALLY_TOKEN: '' } });
    expect(noToken.code).toBe(2);
  });
});
