// Upgrades (issue 19, item 8): a database made by the previous release (test/fixtures/
// previous-release, migrations 0001–0008, the demo's data) migrates on both engines;
// `tally migrate --dry-run` lists what would run and changes nothing; afterwards the data is
// all there and the app reads it (entities, grades, history, the old token).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DbHandle, type Engine } from '../../src/server/platform/db/connect.ts';
import { testApp, testDeps } from '../../src/server/testing/app.ts';
import { runTally } from '../../src/server/testing/cli.ts';
import { ENGINES, PG_URL, withDdlLock } from '../../src/server/testing/db.ts';
import { testHost } from '../../src/server/testing/host.ts';
import type { App } from '../../src/server/platform/http/app.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/previous-release');
const TOKENS: Record<Engine, string> = { sqlite: 'tly_jMnhtmTTy0esWX6NpLszaECojkI_u-Q_', postgres: 'tly_RaQ9ygNvYf9OdBSeyA6mNkk08GrhquzE' };
const PREVIOUS = ['0001_foundation', '0002_scorecards', '0003_policies', '0004_changes', '0005_scorecards_extra', '0006_result_digests', '0007_current_and_closed_intervals', '0008_events'];

/** The fixture as a database URL of its own: a copied SQLite file, or a fresh PostgreSQL schema. */
async function previousRelease(engine: Engine): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-upgrade-'));
  if (engine === 'sqlite') {
    const file = join(dir, 'tally.db');
    writeFileSync(file, gunzipSync(readFileSync(join(FIXTURE, 'sqlite.db.gz'))));
    return { url: file, drop: async () => undefined };
  }
  const schema = `tally_test_upgrade_${randomBytes(5).toString('hex')}`;
  const dump = gunzipSync(readFileSync(join(FIXTURE, 'postgres.sql.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => !l.startsWith('\\')) // psql meta-commands (\restrict)
    .join('\n')
    .replaceAll('tally_previous_release', schema);
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await withDdlLock('postgres', () => client.query(dump));
  await client.end();
  const drop = async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  };
  return { url: `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`, drop };
}

for (const engine of ENGINES) {
  describe(`a database of the previous release [${engine}]`, () => {
    let db: { url: string; drop(): Promise<void> };
    let config: string;
    let handle: DbHandle | undefined;
    let app: App | undefined;
    const tally = (args: string[]) => withDdlLock(engine, () => runTally([...args, '--config', config], { env: { TALLY_DATABASE_URL: db.url } }));

    beforeAll(async () => {
      db = await previousRelease(engine);
      const dir = mkdtempSync(join(tmpdir(), 'tally-upgrade-cfg-'));
      config = join(dir, 'tally.yaml');
      writeFileSync(config, 'catalog: { sources: [] }\n');
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await handle?.close();
      await db?.drop();
    });

    it('lists what would run with --dry-run, and changes nothing', async () => {
      const pending = Object.keys(testHost.migrations).filter((m) => !PREVIOUS.includes(m));
      expect(pending.length).toBeGreaterThan(0);
      const dry = await tally(['migrate', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toBe(`would apply (${pending.length}):\n${pending.map((m) => `  ${m}\n`).join('')}`);
      expect((await tally(['migrate', '--dry-run'])).stdout).toBe(dry.stdout);
    });

    it('migrates, keeps every row, and the app reads them (grades, history, the old token)', async () => {
      const before = await counts(db.url);
      const run = await tally(['migrate']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^applied: 0009_/);
      expect((await tally(['migrate', '--dry-run'])).stdout).toBe('database is up to date\n');
      const after = await counts(db.url);
      for (const [table, n] of Object.entries(before)) expect(after[table], table).toBe(n);
      expect(before.entities).toBeGreaterThan(100);
      expect(before.grade_history).toBeGreaterThan(0);

      handle = await connectDatabase(db.url);
      app = await testApp(testDeps({ ...handle, url: db.url, drop: async () => undefined }));
      const who = await app.inject({ url: '/api/v1/auth/whoami', headers: { authorization: `Bearer ${TOKENS[engine]}` } });
      expect(who.json()).toMatchObject({ name: 'previous-admin', role: 'admin' });
      const board = (await app.inject({ url: '/api/v1/leaderboard' })).json();
      expect(board.services.filter((s: { grade: string | null }) => s.grade).length).toBeGreaterThan(20);
      const history = await app.inject({ url: '/api/v1/entities/checkout/history?scorecard=production-readiness' });
      expect(history.statusCode, history.body).toBe(200);
    }, 60_000);
  });
}

/** Rows per table of the previous release's tables. */
async function counts(url: string): Promise<Record<string, number>> {
  const h = await connectDatabase(url);
  try {
    const out: Record<string, number> = {};
    for (const t of ['entities', 'relations', 'api_tokens', 'scorecards', 'facts', 'changes', 'grade_history', 'grade_current', 'requirement_current', 'events', 'audit_log']) {
      const r = await (h.db as unknown as import('kysely').Kysely<Record<string, object>>).selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  } finally {
    await h.close();
  }
}
