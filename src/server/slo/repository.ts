// The only SQL of the SLO domain: the stored OpenSLO documents.
import type { Db } from '../platform/db/connect.ts';
import type { SloDocumentRow } from './tables.ts';

export async function listSloDocuments(db: Db): Promise<SloDocumentRow[]> {
  return db.selectFrom('slo_documents').selectAll().orderBy('kind').orderBy('name').execute();
}

/** Replaces the whole set; call inside a transaction. */
export async function replaceSloDocuments(db: Db, rows: SloDocumentRow[]): Promise<void> {
  await db.deleteFrom('slo_documents').execute();
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('slo_documents').values(rows.slice(i, i + 200)).execute();
}
