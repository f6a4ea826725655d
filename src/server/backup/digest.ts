// Rows and a checksum per table: what a verified restore must reproduce exactly. The checksum is
// order-independent (a sum of per-row hashes), so a restore that orders rows differently still
// matches and one that changes, loses or adds a row does not. SQLite streams the rows through
// better-sqlite3; PostgreSQL sums md5s of the rows' text in the database, within the caller's
// transaction (the snapshot pg_dump used).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type pg from 'pg';

export type TableDigests = Record<string, { rows: number; checksum: string }>;

const SKIP = /^(sqlite_|kysely_migration_lock$)/;

export function sqliteDigests(db: Database.Database): TableDigests {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name).filter((t) => !SKIP.test(t));
  const out: TableDigests = {};
  for (const t of tables) {
    let rows = 0;
    let hi = 0;
    let lo = 0;
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) {
      const h = createHash('sha1').update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('base64') : v))).digest();
      lo += h.readUInt32BE(0);
      hi += h.readUInt32BE(4) + Math.floor(lo / 2 ** 32);
      lo %= 2 ** 32;
      hi %= 2 ** 32;
      rows++;
    }
    out[t] = { rows, checksum: `${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}` };
  }
  return out;
}

export async function postgresDigests(client: pg.ClientBase, schema: string): Promise<TableDigests> {
  const { rows: tables } = await client.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
  const out: TableDigests = {};
  for (const { t } of tables) {
    if (SKIP.test(t)) continue;
    const q = `SELECT count(*)::bigint AS rows, coalesce(sum(('x' || substr(md5(r::text), 1, 15))::bit(60)::bigint), 0)::numeric AS sum FROM "${schema}"."${t}" r`;
    const { rows } = await client.query<{ rows: string; sum: string }>(q);
    out[t] = { rows: Number(rows[0].rows), checksum: createHash('sha1').update(rows[0].sum).digest('hex').slice(0, 16) };
  }
  return out;
}

/** Tables whose rows or checksum differ, e.g. `changes: 120 rows (expected 121)`. */
export function compareDigests(expected: TableDigests, actual: TableDigests): string[] {
  const out: string[] = [];
  for (const [t, e] of Object.entries(expected)) {
    const a = actual[t];
    if (!a) out.push(`${t}: missing`);
    else if (a.rows !== e.rows) out.push(`${t}: ${a.rows} rows (expected ${e.rows})`);
    else if (a.checksum !== e.checksum) out.push(`${t}: checksum ${a.checksum} (expected ${e.checksum})`);
  }
  for (const t of Object.keys(actual)) if (!expected[t]) out.push(`${t}: not in the backup`);
  return out;
}
