// Rows of the platform's own tables: tokens, audit, leases, runtime settings, the status of each
// document source, and the event outbox. Times are ISO-8601 UTC strings, JSON is text.

/** The last refresh of one source (a catalog source, or a document kind such as `policies`). */
export interface SourceStatusRow {
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
  /** After this instant the token is refused; null: it does not expire. */
  expires_at: string | null;
  /** Updated at most once a minute per token. */
  last_used_at: string | null;
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

/** "Something happened": written in the transaction that made it happen (migration 0008). */
export interface EventRow {
  id: string;
  type: string;
  /** Unique when set: publishing the same fact twice stores it once. */
  key: string | null;
  payload: string;
  created_at: string;
}

/** One handler's progress on one event: done in the handler's own transaction, so exactly once. */
export interface EventDeliveryRow {
  event_id: string;
  handler: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  updated_at: string;
}

/** A read model's generation (platform/db/generations.ts). */
export interface ReadGenerationRow {
  name: string;
  n: number | string;
}

export interface PlatformTables {
  /** Historic name; holds the status of every source and document kind. */
  catalog_imports: SourceStatusRow;
  api_tokens: ApiTokenRow;
  audit_log: AuditRow;
  job_leases: JobLeaseRow;
  runtime_settings: RuntimeSettingRow;
  events: EventRow;
  event_deliveries: EventDeliveryRow;
  read_generations: ReadGenerationRow;
}
