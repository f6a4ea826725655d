// Rows of the incidents tables (migration 0009_incidents). Times are ISO-8601 UTC text, JSON is
// text, booleans 0/1. Added to the Database type by declaration merging.
export interface IncidentRow {
  id: string;
  number: number;
  title: string;
  severity: string;
  state: string;
  /** 0 active, 1 resolved, 2 closed. */
  phase: number;
  drill_id: string | null;
  drill_kind: string | null;
  /** JSON string[] of entity refs (also one incident_services row each). */
  services: string;
  impact_started_at: string | null;
  detected_at: string;
  declared_at: string;
  mitigated_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  /** JSON Impact plus assessedAt, assessedBy. */
  impact: string | null;
  /** JSON { via, url?, title?, firedAt? }. */
  source: string;
  /** JSON [{ url, title?, firedAt }]. */
  alerts: string;
  chat_channel: string | null;
  /** JSON Failover. */
  failover: string;
  /** JSON { how, evidence, by, at }. */
  confirmation: string | null;
  root_cause: string | null;
  last_update_at: string | null;
  reminded_at: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface IncidentServiceRow {
  incident_id: string;
  entity: string;
  declared_at: string;
}

export interface IncidentRoleRow {
  id: string;
  incident_id: string;
  role: string;
  person: string;
  assigned_by: string;
  assigned_at: string;
  ended_at: string | null;
}

export interface IncidentSubscriberRow {
  incident_id: string;
  address: string;
  added_by: string;
  added_at: string;
}

export interface TimelineRow {
  id: string;
  incident_id: string;
  kind: string;
  happened_at: string;
  recorded_at: string;
  author: string;
  text: string;
  data: string | null;
}

export interface HypothesisRow {
  id: string;
  incident_id: string;
  text: string;
  state: string;
  evidence: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface WorkstreamRow {
  id: string;
  incident_id: string;
  goal: string;
  owner: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface PostmortemRow {
  id: string;
  incident_id: string | null;
  change_id: string | null;
  title: string;
  services: string;
  reason: string;
  state: string;
  /** JSON Record<section, string>. */
  sections: string;
  no_follow_ups_reason: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  version: number;
}

export interface FollowUpRow {
  id: string;
  postmortem_id: string;
  kind: string;
  title: string;
  owner: string;
  due_date: string;
  tracker_url: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  version: number;
}

export interface DrillRow {
  id: string;
  kind: string;
  title: string;
  services: string;
  severity: string;
  scheduled_at: string;
  state: string;
  incident_id: string | null;
  /** JSON { ok, notes, by, at }. */
  outcome: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ChatRequestRow {
  signature: string;
  seen_at: string;
}

export interface CounterRow {
  name: string;
  value: number;
}

export interface IncidentTables {
  incidents: IncidentRow;
  incident_services: IncidentServiceRow;
  incident_roles: IncidentRoleRow;
  incident_subscribers: IncidentSubscriberRow;
  incident_timeline: TimelineRow;
  incident_hypotheses: HypothesisRow;
  incident_workstreams: WorkstreamRow;
  incident_postmortems: PostmortemRow;
  incident_follow_ups: FollowUpRow;
  incident_drills: DrillRow;
  incident_chat_requests: ChatRequestRow;
  incident_counters: CounterRow;
}

export const INCIDENT_TABLES = ['incidents', 'incident_services', 'incident_roles', 'incident_subscribers', 'incident_timeline', 'incident_hypotheses', 'incident_workstreams', 'incident_postmortems', 'incident_follow_ups', 'incident_drills', 'incident_chat_requests', 'incident_counters'] as const satisfies readonly (keyof IncidentTables)[];

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends IncidentTables {}
}
