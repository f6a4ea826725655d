// Rows of the scorecard tables (migration 0002). Intervals: valid_to NULL means "current".
export interface ScorecardRow {
  name: string;
  version: string;
  title: string | null;
  spec: string;
  source: string;
  file: string | null;
  doc: number | null;
  updated_at: string;
}

export interface ScorecardVersionRow {
  name: string;
  version: string;
  spec: string;
  first_seen_at: string;
}

export interface RequirementResultRow {
  scorecard: string;
  entity: string;
  requirement: string;
  state: string;
  message: string;
  evidence: string | null;
  version: string;
  graced: number;
  valid_from: string;
  valid_to: string | null;
}

export interface GradeHistoryRow {
  scorecard: string;
  entity: string;
  score: number | null;
  grade: string | null;
  version: string;
  valid_from: string;
  valid_to: string | null;
}

export interface FactRow {
  entity: string;
  name: string;
  value: string;
  observed_at: string;
  received_at: string;
  source: string;
}

export interface AttestationRow {
  scorecard: string;
  entity: string;
  requirement: string;
  passed: number;
  note: string | null;
  attested_by: string;
  attested_at: string;
  expires_at: string;
}

export interface WaiverRow {
  id: string;
  scorecard: string;
  entity: string;
  requirement: string;
  reason: string;
  status: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  expires_at: string;
}

export interface EvaluationRunRow {
  id: string;
  scorecard: string;
  trigger: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  entities: number;
  changed: number;
  errors: number;
  /** The catalog generation the run saw (migration 0005). */
  catalog_generation: string | null;
}

/** Digest of an entity's open requirement results (migration 0006): derived, updated in place. */
export interface ResultDigestRow {
  scorecard: string;
  entity: string;
  digest: string;
  updated_at: string;
}

export interface ScorecardTables {
  scorecards: ScorecardRow;
  scorecard_versions: ScorecardVersionRow;
  requirement_results: RequirementResultRow;
  grade_history: GradeHistoryRow;
  facts: FactRow;
  attestations: AttestationRow;
  waivers: WaiverRow;
  evaluation_runs: EvaluationRunRow;
  result_digests: ResultDigestRow;
}
