// Test helpers of the consequences: a small catalog, grades written straight into the grade tables.
import type { Db } from '../platform/db/connect.ts';
import type { GradeHistoryRow } from '../scorecards/tables.ts';

export const TEAM_YAML = (name: string, annotations: Record<string, string> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }
spec: { type: team, children: [] }
`;

export const SERVICE_YAML = (name: string, owner: string, opts: { tier?: number; system?: string } = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: { tally.dev/tier: "${opts.tier ?? 2}" } }
spec: { type: service, lifecycle: production, owner: ${owner}${opts.system ? `, system: ${opts.system}` : ''} }
`;

/** Writes one grade interval; `to` null = current. */
export async function insertGrade(db: Db, row: { entity: string; score: number | null; grade: string | null; from: string; to?: string | null; scorecard?: string }): Promise<void> {
  await insertGradeRows(db, [{ scorecard: row.scorecard ?? 'production-readiness', entity: row.entity, score: row.score, grade: row.grade, version: 'v1', valid_from: row.from, valid_to: row.to ?? null }]);
}

/** Writes grade intervals as rows of the grade_history view: open ones (valid_to null) to grade_current, closed ones to grade_closed. */
export async function insertGradeRows(db: Db, rows: readonly GradeHistoryRow[]): Promise<void> {
  const closed = rows.filter((r) => r.valid_to !== null).map((r) => ({ ...r, valid_to: r.valid_to! }));
  const open = rows.filter((r) => r.valid_to === null).map(({ valid_to: _, ...r }) => r);
  for (let i = 0; i < closed.length; i += 1000) await db.insertInto('grade_closed').values(closed.slice(i, i + 1000)).execute();
  for (let i = 0; i < open.length; i += 1000) await db.insertInto('grade_current').values(open.slice(i, i + 1000)).execute();
}

/** A grade history of consecutive intervals: [[from, score, grade], …]; the last stays current. */
export async function insertHistory(db: Db, entity: string, steps: [string, number | null, string | null][], scorecard?: string): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const [from, score, grade] = steps[i];
    await insertGrade(db, { entity, score, grade, from, to: steps[i + 1]?.[0] ?? null, scorecard });
  }
}

export async function insertResult(db: Db, row: { entity: string; requirement: string; state: string; from: string; to?: string | null; scorecard?: string }): Promise<void> {
  const values = { scorecard: row.scorecard ?? 'production-readiness', entity: row.entity, requirement: row.requirement, state: row.state, message: '', evidence: null, version: 'v1', graced: 0, valid_from: row.from };
  if (row.to) await db.insertInto('requirement_closed').values({ ...values, valid_to: row.to }).execute();
  else await db.insertInto('requirement_current').values(values).execute();
}

/** A stored scorecard with the given requirements (weights and gates), default bands. */
export async function insertScorecard(db: Db, name: string, requirements: { id: string; weight: number; gate?: string }[]): Promise<void> {
  const spec = { appliesTo: {}, grades: { 'A+': 97, A: 90, B: 80, C: 70, D: 60 }, warnCredit: 0.5, requirements: requirements.map((r) => ({ ...r, title: `Requirement ${r.id}`, category: 'general', check: { type: 'manual' } })) };
  const document = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name }, spec };
  await db.insertInto('scorecards').values({ name, version: 'v1', title: name, spec: JSON.stringify(document), source: 'test', file: null, doc: null, updated_at: '2026-01-01T00:00:00.000Z' }).execute();
}
