// Databases for tests on both engines: SQLite always, PostgreSQL when TALLY_TEST_DATABASE_URL is
// set (CI sets it). Each test file gets its own SQLite file, removed afterwards, or PostgreSQL
// schema, dropped once the whole run has finished (test/pg-global-setup.ts says why).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { connectDatabase, type DbHandle, type Engine } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { testHost } from './host.ts';

export const PG_URL = process.env.TALLY_TEST_DATABASE_URL;

export const ENGINES: Engine[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb extends DbHandle {
  /** The URL a child process (CLI, server) would use to reach this same database. */
  url: string;
  schema?: string;
  drop(): Promise<void>;
}

export async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'postgres') {
    if (!PG_URL) throw new Error('TALLY_TEST_DATABASE_URL is not set');
    const schema = `${schemaPrefix()}${randomBytes(6).toString('hex')}`;
    const handle = await connectDatabase(PG_URL, { schema, poolSize: 4, applicationName: schema });
    await withDdlLock('postgres', () => migrateWithRetries(handle.db));
    const sep = PG_URL.includes('?') ? '&' : '?';
    const url = `${PG_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    // With a run's prefix, the run's global teardown drops the schema; without (outside vitest's projects), right away.
    const deferred = schemaPrefix() !== LONE_PREFIX;
    return { ...handle, url, schema, drop: async () => { await handle.close(); if (!deferred) await dropSchema(schema); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tally-test-'));
  const url = join(dir, 'tally.db');
  const handle = await connectDatabase(url);
  await migrateToLatest(handle.db, testHost.migrations);
  return { ...handle, url, drop: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** The advisory lock key of schema changes in the test database ('tally.ddl' as a number). */
const DDL_LOCK = 0x7461_6c6c;

/**
 * Runs `fn` while no other test process changes a schema of the PostgreSQL test database. Kysely's
 * migrator lists the tables of every schema, and fails ("relation … does not exist") when another
 * process creates or drops one meanwhile; with test files in parallel, every migration (and any
 * test that migrates, up or down) goes through this lock. SQLite needs none.
 */
export async function withDdlLock<T>(engine: Engine, fn: () => Promise<T>): Promise<T> {
  if (engine !== 'postgres' || !PG_URL) return fn();
  const lock = new pg.Client({ connectionString: PG_URL });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [DDL_LOCK]);
    return await fn();
  } finally {
    await lock.end(); // ending the session releases its advisory locks
  }
}

/**
 * Migrates a fresh test schema. The lock above orders this run's files, but other runs on the same
 * database (other worktrees, other people) drop their schemas whenever they finish; a migration
 * that meets one of those drops fails with "… does not exist" in a schema not its own. It is a
 * transaction that rolled back, so it is simply tried again; a real error repeats and is thrown.
 */
async function migrateWithRetries(db: DbHandle['db']): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db, testHost.migrations);
      return;
    } catch (err) {
      if (attempt >= 3 || !/does not exist/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

const LONE_PREFIX = 'tally_test_';

/** This run's schema prefix (provided by test/pg-global-setup.ts), or LONE_PREFIX without one. */
function schemaPrefix(): string {
  try {
    return inject('pgSchemaPrefix') ?? LONE_PREFIX;
  } catch {
    return LONE_PREFIX;
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** Runs `body` once per engine with a fresh, migrated database shared by the block's tests. */
export function describeEachEngine(name: string, body: (ctx: { db: () => TestDb; engine: Engine }) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let handle: TestDb;
      beforeAll(async () => {
        handle = await openTestDb(engine);
      });
      afterAll(async () => {
        await handle?.drop();
      });
      body({ db: () => handle, engine });
    });
  }
}
