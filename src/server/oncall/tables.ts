// Rows of the on-call tables (migration 0011_oncall). Times are ISO-8601 UTC text, JSON is text,
// booleans 0/1. Added to the Database type by declaration merging.
export interface RotationRow {
  name: string;
  /** `sources` (catalog sources) or `api`. */
  origin: string;
  /** JSON Rotation (the parsed document). */
  spec: string;
  file: string | null;
  doc: number | null;
  updated_at: string;
}

export interface OverrideRow {
  id: string;
  rotation: string;
  /** The user ref on call instead. */
  user_ref: string;
  /** The user ref covered, or null: whoever is on call. */
  covers: string | null;
  starts_at: string;
  ends_at: string;
  created_by: string;
  created_at: string;
}

export interface PageRow {
  id: string;
  number: number;
  /** The dedup key: an open page with the same key is not paged again. */
  dedup_key: string;
  /** `alertmanager`, `events`, `shift-start`, `api`. */
  origin: string;
  title: string;
  details: string;
  service: string | null;
  rotation: string;
  /** `triggered`, `acknowledged`, `resolved`. */
  status: string;
  /** 1 while triggered or acknowledged (open), 0 once resolved; dedup looks among open pages. */
  open: number;
  /** The escalation level now notified (0-based) and the round of the policy (0-based). */
  level: number;
  round: number;
  /** User refs notified at the current level (JSON string[]). */
  assignees: string;
  /** JSON labels / custom details. */
  labels: string;
  /** Shift-start pages: the outgoing person (escalated to first). */
  previous_ref: string | null;
  triggered_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  escalations: number;
  /** Off hours in the assignee's time zone when triggered (0/1). */
  off_hours: number;
  incident_key: string | null;
}

export interface PageEventRow {
  id: string;
  page_id: string;
  at: string;
  /** `triggered`, `notified`, `escalated`, `repeated`, `acknowledged`, `resolved`, `deduplicated`. */
  kind: string;
  text: string;
  actor: string;
}

/** A persisted timer: an escalation or a delayed contact rule. Fired once (fired_at set by a compare-and-set). */
export interface TimerRow {
  id: string;
  page_id: string;
  /** `escalate` or `contact`. */
  kind: string;
  due_at: string;
  /** JSON: escalate { level, round }; contact { user, rule }. */
  data: string;
  fired_at: string | null;
}

export interface UnroutedRow {
  id: string;
  received_at: string;
  origin: string;
  dedup_key: string;
  title: string;
  labels: string;
  reason: string;
}

export interface ContactRow {
  user_ref: string;
  /** JSON ContactRule[]. */
  rules: string;
  time_zone: string | null;
  updated_at: string;
}

export interface CounterRow {
  name: string;
  value: number;
}

interface OncallTables {
  oncall_rotations: RotationRow;
  oncall_overrides: OverrideRow;
  oncall_pages: PageRow;
  oncall_page_events: PageEventRow;
  oncall_timers: TimerRow;
  oncall_unrouted: UnroutedRow;
  oncall_contacts: ContactRow;
  oncall_counters: CounterRow;
}

export const ONCALL_TABLES = ['oncall_rotations', 'oncall_overrides', 'oncall_pages', 'oncall_page_events', 'oncall_timers', 'oncall_unrouted', 'oncall_contacts', 'oncall_counters'] as const satisfies readonly (keyof OncallTables)[];

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends OncallTables {}
}
