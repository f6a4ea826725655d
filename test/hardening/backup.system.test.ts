// Tally's own backups (issue 19, item 4), end to end through the CLI on both engines: create
// (SQLite online backup; pg_dump custom format), verify (restore into a scratch database and
// compare rows and checksums per table — a tampered backup fails naming the table), /status shows
// the last verified restore, restore needs --yes and brings back exactly what was backed up, and
// the scheduled job keeps `keep` backups.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/server/platform/auth/tokens.ts';
import { connectDatabase } from '../../src/server/platform/db/connect.ts';
import type { App } from '../../src/server/platform/http/app.ts';
import { testApp, testConfig, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { describeEachEngine, withDdlLock } from '../../src/server/testing/db.ts';
import { backupJobs } from '../../src/server/backup/jobs.ts';

describeEachEngine('tally backup', ({ db, engine }) => {
  let dir: string;
  let config: string;
  let app: App;
  const tally = (args: string[]) => runTally([...args, '--config', config], { env: { TALLY_DATABASE_URL: db().url } });
  const tokens = async () => {
    const h = await connectDatabase(db().url);
    try {
      return (await h.db.selectFrom('api_tokens').select('name').orderBy('name').execute()).map((r) => r.name);
    } finally {
      await h.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tally-backup-'));
    config = join(dir, 'tally.yaml');
    writeFileSync(config, 'catalog: { sources: [] }\nbackup: { dir: ./backups, keep: 2 }\n');
    for (const name of ['alpha', 'beta', 'gamma']) await createToken(db().db, { name, role: 'viewer' }, new Date());
    app = await testApp(testDeps(db(), testConfig({ backup: { dir: './backups' } }, dir)));
  });
  afterAll(async () => app?.close());

  it('creates a backup and verifies it by restoring into a scratch database', async () => {
    const made = await tally(['backup', 'create']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toMatch(engine === 'sqlite' ? /backups\/tally-sqlite-\d{8}T\d{6}Z-[0-9a-f]{6}\.sqlite$/ : /backups\/tally-postgres-\d{8}T\d{6}Z-[0-9a-f]{6}\.dump$/);
    expect(made.stderr).toMatch(/backed up \d+ tables/);
    const status = (await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json();
    expect(status.lastVerifiedBackup).toBeNull();

    const verified = await tally(['backup', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/restored and identical/);
    const after = (await app.inject({ url: '/status', headers: { accept: 'application/json' } })).json();
    expect(after.lastVerifiedBackup).toMatchObject({ file: expect.stringMatching(/^tally-/), ageSeconds: expect.any(Number) });
    expect((await app.inject({ url: '/status' })).body).toContain('last verified restore of');
    expect((await tally(['backup', 'list'])).stdout).toMatch(/\tverified /);
  }, 60_000);

  it('fails verification when the backup does not match what was backed up, naming the table', async () => {
    const manifest = readdirSync(join(dir, 'backups')).find((f) => f.endsWith('.json'))!;
    const path = join(dir, 'backups', manifest);
    const m = JSON.parse(readFileSync(path, 'utf8'));
    const original = structuredClone(m);
    m.tables.api_tokens.rows += 1;
    writeFileSync(path, JSON.stringify(m));
    const bad = await tally(['backup', 'verify']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/api_tokens: 3 rows \(expected 4\)/);
    writeFileSync(path, JSON.stringify(original));
  }, 60_000);

  it('restores exactly what was backed up, only with --yes', async () => {
    await createToken(db().db, { name: 'after-backup', role: 'viewer' }, new Date());
    expect(await tokens()).toContain('after-backup');
    const refused = await tally(['backup', 'restore']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--yes/);
    const restored = await withDdlLock(engine, () => tally(['backup', 'restore', '--yes']));
    expect(restored.code, restored.stderr).toBe(0);
    expect(await tokens()).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma']));
    expect(await tokens()).not.toContain('after-backup');
  }, 60_000);

  it('the scheduled job makes, verifies and prunes to `keep`', async () => {
    const deps = testDeps(db(), testConfig({ database: { url: db().url }, backup: { dir: './backups', every: '1d', keep: 2 } }, dir));
    const [job] = backupJobs(deps.config);
    expect(job).toMatchObject({ name: 'backup', everyMs: 86_400_000 });
    for (let i = 0; i < 3; i++) {
      deps.clock = () => new Date(Date.now() + (i + 1) * 2000);
      await job.run(deps);
    }
    const files = readdirSync(join(dir, 'backups'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(files.filter((f) => !f.endsWith('.json'))).toHaveLength(2);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(JSON.parse(readFileSync(join(dir, 'backups', f), 'utf8')).verify.ok).toBe(true);
  }, 60_000);
});
