// The facts table (migration 0002): the latest observation per (entity, name).
export interface FactRow {
  entity: string;
  name: string;
  value: string;
  observed_at: string;
  received_at: string;
  source: string;
}

export interface FactTables {
  facts: FactRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FactTables {}
}
