// Rows of the catalog's tables (migration 0001).
export interface EntityRow {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  type: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  tier: number | null;
  search_text: string;
  body: string;
  hash: string;
  source: string;
  file: string | null;
  doc: number | null;
  updated_at: string;
}

export interface RelationRow {
  origin: string;
  source_ref: string;
  type: string;
  target_ref: string;
}

export interface CatalogTables {
  entities: EntityRow;
  relations: RelationRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CatalogTables {}
}
