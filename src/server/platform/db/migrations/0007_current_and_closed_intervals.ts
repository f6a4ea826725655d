// Frozen in time: never import application code here.
// Requirement results and grades split into their open intervals (`*_current`, one row per
// key, rewritten in place when the value changes) and their closed ones (`*_closed`,
// appended). One table held both before: every change inserted into the middle of its keys and
// widened a row (valid_to NULL → time), so B-tree pages split and the file grew with runs as
// well as with changes. Appending closed intervals to a table of their own keeps growth to the
// changes themselves, and the first run writes one B-tree per table, not three (on SQLite the
// open intervals are WITHOUT ROWID tables: the key is the row). The old names stay as views
// over both (valid_to NULL = open), for reads across time.
import { sql, SqliteAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

interface Split {
  /** The old table, then the view. */
  name: string;
  current: string;
  closed: string;
  key: string[];
  /** Every column but valid_to, in order. */
  columns: [string, 'text' | 'integer' | 'double precision', 'notNull' | 'null'][];
  /** The old table's indexes, for `down`. */
  oldIndexes: [string, string[]][];
}

const resultColumns: Split['columns'] = [
  ['scorecard', 'text', 'notNull'],
  ['entity', 'text', 'notNull'],
  ['requirement', 'text', 'notNull'],
  ['state', 'text', 'notNull'],
  ['message', 'text', 'notNull'],
  ['evidence', 'text', 'null'],
  ['version', 'text', 'notNull'],
  ['graced', 'integer', 'notNull'],
  ['valid_from', 'text', 'notNull'],
];
const gradeColumns: Split['columns'] = [
  ['scorecard', 'text', 'notNull'],
  ['entity', 'text', 'notNull'],
  ['score', 'double precision', 'null'],
  ['grade', 'text', 'null'],
  ['version', 'text', 'notNull'],
  ['valid_from', 'text', 'notNull'],
];

const SPLITS: Split[] = [
  { name: 'requirement_results', current: 'requirement_current', closed: 'requirement_closed', key: ['scorecard', 'entity', 'requirement'], columns: resultColumns, oldIndexes: [['requirement_results_current', ['scorecard', 'valid_to', 'entity']]] },
  { name: 'grade_history', current: 'grade_current', closed: 'grade_closed', key: ['scorecard', 'entity'], columns: gradeColumns, oldIndexes: [['grade_history_current', ['scorecard', 'valid_to', 'entity']]] },
];

function withColumns(b: CreateTableBuilder<string, never>, columns: Split['columns']): CreateTableBuilder<string, never> {
  for (const [name, type, nullable] of columns) b = b.addColumn(name, type, (c) => (nullable === 'notNull' ? c.notNull() : c));
  return b;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const s of SPLITS) {
    const cols = s.columns.map(([c]) => c).join(', ');
    await withColumns(db.schema.createTable(s.current), s.columns)
      .addPrimaryKeyConstraint(`${s.current}_pk`, s.key as never[])
      .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
      .execute();
    await withColumns(db.schema.createTable(s.closed), s.columns)
      .addColumn('valid_to', 'text', (c) => c.notNull())
      .execute();
    // Closed intervals are read per entity (its history, its grade at a time): a narrow index.
    await db.schema.createIndex(`${s.closed}_entity`).on(s.closed).columns(['entity']).execute();
    await sql.raw(`insert into ${s.current} (${cols}) select ${cols} from ${s.name} where valid_to is null`).execute(db);
    await sql.raw(`insert into ${s.closed} (${cols}, valid_to) select ${cols}, valid_to from ${s.name} where valid_to is not null`).execute(db);
    await db.schema.dropTable(s.name).execute();
    await sql.raw(`create view ${s.name} as select ${cols}, cast(null as text) as valid_to from ${s.current} union all select ${cols}, valid_to from ${s.closed}`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const s of SPLITS) {
    const cols = s.columns.map(([c]) => c).join(', ');
    await sql.raw(`drop view ${s.name}`).execute(db);
    await withColumns(db.schema.createTable(s.name), s.columns)
      .addColumn('valid_to', 'text')
      .addPrimaryKeyConstraint(`${s.name}_pk`, [...s.key, 'valid_from'] as never[])
      .execute();
    for (const [index, columns] of s.oldIndexes) await db.schema.createIndex(index).on(s.name).columns(columns).execute();
    await sql.raw(`insert into ${s.name} (${cols}, valid_to) select ${cols}, valid_to from ${s.closed} union all select ${cols}, null from ${s.current}`).execute(db);
    await db.schema.dropTable(s.closed).execute();
    await db.schema.dropTable(s.current).execute();
  }
}
