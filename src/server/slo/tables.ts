// Rows of the SLO tables (migration 0013_slo). Times are ISO-8601 UTC text; JSON is text.
export interface SloDocumentRow {
  kind: string;
  name: string;
  /** The whole document as read, JSON. */
  body: string;
  file: string | null;
  doc: number | null;
  updated_at: string;
}

export interface SloTables {
  slo_documents: SloDocumentRow;
}

export const SLO_TABLES = ['slo_documents'] as const satisfies readonly (keyof SloTables)[];

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends SloTables {}
}
