// Rows of the change tables (migration 0004). Times are ISO-8601 UTC text, JSON is text, 0/1 booleans.
export interface ChangeRow {
  id: string;
  source: string;
  external_id: string | null;
  kind: string;
  summary: string;
  description: string | null;
  version: string | null;
  previous_version: string | null;
  actor: string | null;
  environment: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  automated: number;
  entities: string;
  links: string | null;
  revert: string | null;
  postmortem_url: string | null;
  labels: string | null;
  commit_at: string | null;
  revert_of: string | null;
  unmapped: number;
  event_time: string | null;
  created_at: string;
  updated_at: string;
  search_text: string;
}

export interface ChangeEntityRow {
  change_id: string;
  entity: string;
  started_at: string;
  /** finished_at, else started_at when not in progress; NULL while in progress. */
  ended_at: string | null;
  /** 1 when it ran longer than LONG_RUNNING_MS or is still in progress. */
  long_running: number;
}

export type RevertState = 'claimed' | 'succeeded' | 'failed';

export interface RevertAttemptRow {
  change_id: string;
  state: RevertState;
  attempts: number;
  by: string;
  reason: string;
  started_at: string;
  finished_at: string | null;
  response: string | null;
  revert_change_id: string | null;
}

/** Migration 0010_change_verdicts: what incidents concluded about a change. */
export interface ChangeVerdictRow {
  change_id: string;
  verdict: string;
  incident: string | null;
  by: string;
  at: string;
}

/** Migration 0010_change_verdicts: when an incident's affected entities were restored. */
export interface ChangeRestoreRow {
  incident: string;
  entity: string;
  started_at: string;
  restored_at: string;
}

export interface ChangeTables {
  changes: ChangeRow;
  change_entities: ChangeEntityRow;
  revert_attempts: RevertAttemptRow;
  change_verdicts: ChangeVerdictRow;
  change_restores: ChangeRestoreRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ChangeTables {}
}
