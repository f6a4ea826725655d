// Tally's own backups: create (SQLite's online backup API; PostgreSQL's pg_dump in custom format,
// from one snapshot), verify (restore into a scratch database, then compare rows and checksums
// per table with those taken when the backup was made), restore, list and prune. Each backup is
// a file plus a manifest (`<name>.json`) beside it; the manifests are the record, so the history
// of backups survives the loss of the database they protect.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { isPostgresUrl, type Config } from '../platform/config.ts';
import { InputError, NotFoundError, UnavailableError } from '../platform/problems.ts';
import { compareDigests, postgresDigests, sqliteDigests, type TableDigests } from './digest.ts';

const run = promisify(execFile);

export interface Manifest {
  file: string;
  engine: 'sqlite' | 'postgres';
  /** PostgreSQL: the schema dumped (restored under the same name). */
  schema?: string;
  createdAt: string;
  bytes: number;
  tables: TableDigests;
  verify?: { at: string; ok: boolean; ms: number; mismatches: string[] };
}

export const backupDir = (config: Config): string => resolve(config.baseDir, config.backup.dir);

/** Time, then a random suffix: two processes backing up into one folder in the same second never collide. */
const stamp = (d: Date) => `${d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
const manifestPath = (file: string) => file.replace(/\.(sqlite|dump)$/, '.json');

function writeManifest(m: Manifest, dir: string): void {
  const path = join(dir, manifestPath(m.file));
  writeFileSync(`${path}.tmp`, `${JSON.stringify(m, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Every backup with a manifest, newest first. */
export function listBackups(dir: string): Manifest[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      try {
        const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Manifest;
        return existsSync(join(dir, m.file)) ? [m] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The newest backup whose restore was verified, for /status. */
export function lastVerified(dir: string): Manifest | undefined {
  return listBackups(dir).find((m) => m.verify?.ok);
}

async function tool(cmd: string, args: string[]): Promise<void> {
  try {
    await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new UnavailableError(`${cmd} is not installed; PostgreSQL backups need the PostgreSQL client tools (Debian: postgresql-client) of the server's major version`);
    throw new UnavailableError(`${cmd} failed: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** Makes a backup of the configured database into the backup folder. */
export async function createBackup(config: Config, now: Date): Promise<Manifest> {
  const dir = backupDir(config);
  mkdirSync(dir, { recursive: true });
  const url = config.databaseUrl;
  if (!isPostgresUrl(url)) {
    if (!existsSync(url)) throw new NotFoundError(`no database at ${url}`);
    const file = `tally-sqlite-${stamp(now)}.sqlite`;
    const dest = join(dir, file);
    const source = new Database(url, { readonly: true, fileMustExist: true });
    try {
      await source.backup(`${dest}.tmp`);
    } finally {
      source.close();
    }
    // One self-contained file: the copy leaves WAL mode (no -wal or -shm beside it).
    const copy = new Database(`${dest}.tmp`);
    copy.pragma('journal_mode = DELETE');
    const tables = sqliteDigests(copy);
    copy.close();
    renameSync(`${dest}.tmp`, dest);
    const m: Manifest = { file, engine: 'sqlite', createdAt: now.toISOString(), bytes: statSync(dest).size, tables };
    writeManifest(m, dir);
    return m;
  }
  const file = `tally-postgres-${stamp(now)}.dump`;
  const dest = join(dir, file);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The checksums and pg_dump read the same snapshot, so they describe the same data.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ schema: string; snapshot: string }>('SELECT current_schema() AS schema, pg_export_snapshot() AS snapshot');
    const { schema, snapshot } = rows[0];
    const tables = await postgresDigests(client, schema);
    await tool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--schema', schema, '--no-owner', '--no-privileges', '--file', `${dest}.tmp`, '--dbname', url]);
    await client.query('COMMIT');
    renameSync(`${dest}.tmp`, dest);
    const m: Manifest = { file, engine: 'postgres', schema, createdAt: now.toISOString(), bytes: statSync(dest).size, tables };
    writeManifest(m, dir);
    return m;
  } finally {
    await client.end();
    rmSync(`${dest}.tmp`, { force: true });
  }
}

/** The manifest of `file` (a name in the folder or a path), or of the newest backup. */
export function findBackup(dir: string, file?: string): Manifest {
  const all = listBackups(dir);
  const m = file ? all.find((b) => b.file === basename(file)) : all[0];
  if (!m) throw new NotFoundError(file ? `no backup ${basename(file)} with a manifest in ${dir}` : `no backup in ${dir}; make one with \`tally backup create\``);
  return m;
}

/** A scratch database on the same PostgreSQL server; dropped by the returned function. */
async function scratchPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tally_verify_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  u.searchParams.delete('options');
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Restores the backup into a scratch database and compares rows and checksums per table with its
 * manifest; records the outcome in the manifest. Never touches the live database.
 */
export async function verifyBackup(config: Config, file: string | undefined, now: () => Date): Promise<Manifest> {
  const dir = backupDir(config);
  const m = findBackup(dir, file);
  const started = Date.now();
  let actual: TableDigests;
  const problems: string[] = [];
  if (m.engine === 'sqlite') {
    const scratchDir = mkdtempSync(join(tmpdir(), 'tally-verify-'));
    try {
      const scratch = join(scratchDir, 'restore.db');
      copyFileSync(join(dir, m.file), scratch);
      const db = new Database(scratch, { readonly: true });
      try {
        const check = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
        if (check.join() !== 'ok') problems.push(`integrity check: ${check.slice(0, 3).join('; ')}`);
        actual = sqliteDigests(db);
      } finally {
        db.close();
      }
    } finally {
      rmSync(scratchDir, { recursive: true, force: true });
    }
  } else {
    if (!isPostgresUrl(config.databaseUrl)) throw new InputError('a PostgreSQL backup is verified on a PostgreSQL server: set database.url to one');
    const scratch = await scratchPostgres(config.databaseUrl);
    try {
      await tool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', scratch.url, join(dir, m.file)]);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      try {
        actual = await postgresDigests(client, m.schema ?? 'public');
      } finally {
        await client.end();
      }
    } finally {
      await scratch.drop();
    }
  }
  const mismatches = [...problems, ...compareDigests(m.tables, actual)];
  const verified: Manifest = { ...m, verify: { at: now().toISOString(), ok: mismatches.length === 0, ms: Date.now() - started, mismatches } };
  writeManifest(verified, dir);
  return verified;
}

/**
 * Replaces the configured database with the backup (stop every `tally serve` and `worker`
 * first), then checks the restored tables against the manifest.
 */
export async function restoreBackup(config: Config, file: string | undefined): Promise<{ manifest: Manifest; mismatches: string[] }> {
  const dir = backupDir(config);
  const m = findBackup(dir, file);
  const url = config.databaseUrl;
  if ((m.engine === 'postgres') !== isPostgresUrl(url)) throw new InputError(`the backup is of a ${m.engine} database, but database.url is not`);
  let actual: TableDigests;
  if (m.engine === 'sqlite') {
    copyFileSync(join(dir, m.file), `${url}.restoring`);
    for (const ext of ['-wal', '-shm']) rmSync(`${url}${ext}`, { force: true });
    renameSync(`${url}.restoring`, url);
    const db = new Database(url, { readonly: true });
    actual = sqliteDigests(db);
    db.close();
  } else {
    await tool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--exit-on-error', '--dbname', url, join(dir, m.file)]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      actual = await postgresDigests(client, m.schema ?? 'public');
    } finally {
      await client.end();
    }
  }
  return { manifest: m, mismatches: compareDigests(m.tables, actual) };
}

/** Removes all but the newest `keep` backups (file and manifest). */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(keep);
  for (const m of old) {
    rmSync(join(dir, m.file), { force: true });
    rmSync(join(dir, manifestPath(m.file)), { force: true });
  }
  return old.map((m) => m.file);
}
