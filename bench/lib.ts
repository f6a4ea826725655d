// Small helpers shared by the benchmarks: timing, percentiles, databases on both engines, reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DbHandle, type Engine } from '../src/server/platform/db/connect.ts';
import { migrateToLatest } from '../src/server/platform/db/migrate.ts';
import { importEntities } from '../src/server/catalog/import.ts';
import type { LoadResult } from '../src/server/catalog/load.ts';
import { testHost } from '../src/server/testing/host.ts';
import { serveParts } from '../src/server/host.ts';
import { buildApp } from '../src/server/platform/http/app.ts';
import type { AppDeps } from '../src/server/platform/deps.ts';

export { testHost as benchHost };

export const PG_URL = process.env.TALLY_BENCH_DATABASE_URL ?? process.env.TALLY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

export const figures: Figure[] = [];

export function report(f: Figure): void {
  figures.push(f);
  const verdict = f.ok === undefined ? '' : f.ok ? '  ✓' : '  ✗ MISSED';
  console.log(`  ${f.metric.padEnd(58)} ${String(round(f.value)).padStart(10)} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${verdict}`);
}

export const round = (n: number): number => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

export async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface BenchDb extends DbHandle {
  url: string;
  /** PostgreSQL: the schema, also the pool's application_name (to find its connections). */
  schema?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a throwaway PostgreSQL schema. */
export async function benchDb(engine: Engine): Promise<BenchDb> {
  if (engine === 'postgres') {
    const schema = `tally_bench_${randomBytes(5).toString('hex')}`;
    const handle = await connectDatabase(PG_URL, { schema, applicationName: schema });
    await migrateToLatest(handle.db, testHost.migrations);
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      ...handle,
      url,
      schema,
      drop: async () => {
        await handle.close();
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  const url = join(dir, 'tally.db');
  const handle = await connectDatabase(url);
  await migrateToLatest(handle.db, testHost.migrations);
  return { ...handle, url, drop: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** Imports loaded catalog files as one source, in one transaction (what the refresh does per source). */
export async function importSource(db: DbHandle['db'], source: string, loaded: Pick<LoadResult, 'entities'>, now: Date) {
  return db.transaction().execute((tx) => importEntities(tx, source, loaded.entities, now));
}

/** The real app with every module's routes. */
export const benchApp = (deps: AppDeps) => buildApp(deps, serveParts(testHost).routes);
