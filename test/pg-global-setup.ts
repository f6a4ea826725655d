// Once per project and run (vitest.config.ts): the PostgreSQL schemas of this run's test files are
// dropped here, after every file has finished — not by each file as it ends. Dropping a schema
// while another file's migration introspects the database (Kysely lists every schema's tables)
// fails that migration with "schema … does not exist"; with files running in parallel, that
// happened. Schemas are named tally_test_<run>_<random>; a run's start also drops the schemas
// of runs that started more than a day ago (killed runs leave theirs behind).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prefix of this run's PostgreSQL test schemas (src/server/testing/db.ts). */
    pgSchemaPrefix: string;
  }
}

const STALE_SECONDS = 24 * 3600;

async function dropSchemas(url: string, where: (name: string) => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'tally\\_test\\_%'");
    for (const { name } of rows) if (where(name)) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const started = Math.floor(Date.now() / 1000);
  const prefix = `tally_test_${started}_${randomBytes(3).toString('hex')}_`;
  project.provide('pgSchemaPrefix', prefix);
  const url = process.env.TALLY_TEST_DATABASE_URL;
  if (!url) return;
  await dropSchemas(url, (name) => {
    const at = /^tally_test_(\d{10})_/.exec(name)?.[1];
    return at !== undefined && Number(at) < started - STALE_SECONDS;
  });
  return () => dropSchemas(url, (name) => name.startsWith(prefix));
}
