// Rows of the errors tables (migration 0012_errors). Times are ISO-8601 UTC text, JSON is text,
// booleans 0/1. Added to the Database type by declaration merging.

export interface ErrorProjectRow {
  /** Sentry's project id: the last path segment of the DSN (digits). */
  id: number;
  /** The catalog entity it belongs to. */
  entity: string;
  /** The DSN's public key (32 hex characters). */
  public_key: string;
  /** `annotation` (tally.dev/sentry-project) or `api`. */
  source: string;
  created_at: string;
}

export interface ErrorIssueRow {
  id: string;
  project_id: number;
  entity: string;
  primary_hash: string;
  title: string;
  culprit: string | null;
  type: string | null;
  level: string;
  platform: string;
  /** unresolved, resolved, resolved-next-release, ignored. */
  status: string;
  /** For resolved-next-release: the release the fix is not yet in. */
  resolved_in_release: string | null;
  resolved_at: string | null;
  first_seen: string;
  last_seen: string;
  first_release: string | null;
  last_release: string | null;
  event_count: number;
  user_count: number;
  regressed_at: string | null;
  regressions: number;
  /** JSON: the first event's in-app frames (for blame and the issue page), at most 50. */
  frames: string;
  version: number;
}

export interface ErrorHashRow {
  project_id: number;
  hash: string;
  issue_id: string;
}

export interface ErrorEventRow {
  project_id: number;
  event_id: string;
  issue_id: string;
  received_at: string;
  occurred_at: string;
  release: string | null;
  environment: string | null;
  user_key: string | null;
  trace_id: string | null;
  level: string;
  /** JSON: the event as stored (trimmed). */
  payload: string;
}

export interface ErrorMinuteRow {
  issue_id: string;
  /** `YYYY-MM-DDTHH:MM` (UTC). */
  minute: string;
  count: number;
}

export interface ErrorReleaseRow {
  issue_id: string;
  /** '' for events without a release. */
  release: string;
  count: number;
  first_seen: string;
  last_seen: string;
}

export interface ErrorUserRow {
  issue_id: string;
  user_key: string;
}

export interface ErrorDiscardRow {
  project_id: number;
  /** `YYYY-MM-DD`. */
  day: string;
  /** The item type (attachment, session, transaction, …) or `event`. */
  category: string;
  reason: string;
  count: number;
}

export interface ErrorDebugKeyRow {
  /** Named in every blob it made. */
  id: string;
  entity: string;
  /** 32 random bytes, base64url. */
  secret: string;
  created_at: string;
}

export interface ErrorTables {
  error_projects: ErrorProjectRow;
  error_issues: ErrorIssueRow;
  error_hashes: ErrorHashRow;
  error_events: ErrorEventRow;
  error_minutes: ErrorMinuteRow;
  error_releases: ErrorReleaseRow;
  error_users: ErrorUserRow;
  error_discards: ErrorDiscardRow;
  error_debug_keys: ErrorDebugKeyRow;
}

export const ERROR_TABLES = ['error_projects', 'error_issues', 'error_hashes', 'error_events', 'error_minutes', 'error_releases', 'error_users', 'error_discards', 'error_debug_keys'] as const satisfies readonly (keyof ErrorTables)[];

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ErrorTables {}
}
