// Rows of the policy tables (migration 0003). Times are ISO-8601 UTC text, booleans 0/1.
export interface PolicyRow {
  name: string;
  scorecard: string;
  /** The whole Policy document as JSON. */
  spec: string;
  /** `sources` (tally.yaml's catalog sources) or `api`. */
  source: string;
  file: string | null;
  doc: number | null;
  updated_at: string;
}

export interface DeployOverrideRow {
  id: string;
  entity: string;
  reason: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_count: number;
}

export interface DeployDecisionRow {
  id: string;
  entity: string;
  /** The instant asked about (`?at=`). */
  at: string;
  /** When the server answered. */
  decided_at: string;
  allowed: number;
  grade: string | null;
  rule: string;
  reason: string;
  override_id: string | null;
  caller: string;
}

export interface PolicyTables {
  policies: PolicyRow;
  deploy_overrides: DeployOverrideRow;
  deploy_decisions: DeployDecisionRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends PolicyTables {}
}
