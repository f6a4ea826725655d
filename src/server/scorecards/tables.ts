// Rows of the scorecard tables (migration 0002 and later). Intervals: valid_to NULL means "current".
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

/** A requirement result interval: a row of the `requirement_results` view (migration 0007) over the open and the closed ones. */
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

/** An open requirement result (valid until it changes). */
export type RequirementCurrentRow = Omit<RequirementResultRow, 'valid_to'>;

/** A closed requirement result. */
export type RequirementClosedRow = Omit<RequirementResultRow, 'valid_to'> & { valid_to: string };

/** A grade interval: a row of the `grade_history` view (migration 0007) over the open and the closed ones. */
export interface GradeHistoryRow {
  scorecard: string;
  entity: string;
  score: number | null;
  grade: string | null;
  version: string;
  valid_from: string;
  valid_to: string | null;
}

/** An entity's open grade interval. */
export type GradeCurrentRow = Omit<GradeHistoryRow, 'valid_to'>;

/** A closed grade interval. */
export type GradeClosedRow = Omit<GradeHistoryRow, 'valid_to'> & { valid_to: string };

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
  requirement_current: RequirementCurrentRow;
  requirement_closed: RequirementClosedRow;
  grade_history: GradeHistoryRow;
  grade_current: GradeCurrentRow;
  grade_closed: GradeClosedRow;
  attestations: AttestationRow;
  waivers: WaiverRow;
  evaluation_runs: EvaluationRunRow;
  result_digests: ResultDigestRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ScorecardTables {}
}
