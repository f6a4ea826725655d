// Rows of the foundation tables (migration 0001). Times are ISO-8601 UTC strings, JSON is text.
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

export interface CatalogImportRow {
  source: string;
  started_at: string;
  finished_at: string;
  status: string;
  entity_count: number;
  duration_ms: number;
  problems: string;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  role: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
}

export interface JobLeaseRow {
  name: string;
  holder: string;
  expires_at: string;
  last_run_at: string | null;
}

export interface RuntimeSettingRow {
  key: string;
  value: string;
  updated_at: string;
}

export interface FoundationTables {
  entities: EntityRow;
  relations: RelationRow;
  catalog_imports: CatalogImportRow;
  api_tokens: ApiTokenRow;
  audit_log: AuditRow;
  job_leases: JobLeaseRow;
  runtime_settings: RuntimeSettingRow;
}
