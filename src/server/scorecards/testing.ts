// Test helpers for scorecards and checks: small entities, contexts and scorecards, a grading
// environment with the generic check types, facts, the graph and manual attestations, a small
// catalog with scorecard and facts files, and grades written straight into the history tables.
import type { Entity } from '../../common/catalog.ts';
import { checksModule, createGrading, type CheckContext, type Grading } from '../checks/index.ts';
import { factsModule } from '../facts/index.ts';
import { graphModule } from '../graph/index.ts';
import { parseScorecard, type Scorecard } from './document/document.ts';
import { attestationsContext, manualCheck } from './waivers/manual.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../platform/db/connect.ts';
import type { GradeHistoryRow } from './tables.ts';
import { bumpScorecardsGeneration } from './generation.ts';

export const NOW = new Date('2025-06-15T12:00:00Z');

export const testGrading: Grading = createGrading(
  [...(checksModule.checkTypes ?? []), ...(factsModule.checkTypes ?? []), manualCheck],
  [...(graphModule.contexts ?? []), ...(factsModule.contexts ?? []), attestationsContext],
);

export function entity(name: string, over: { annotations?: Record<string, string>; spec?: Record<string, unknown>; tags?: string[]; kind?: string } = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: over.kind ?? 'Component',
    metadata: { name, annotations: over.annotations ?? {}, ...(over.tags ? { tags: over.tags } : {}) },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...over.spec },
  };
}

export function context(e: Entity, over: Partial<CheckContext> = {}): CheckContext {
  return {
    ref: `${e.kind}:default/${e.metadata.name}`.toLowerCase(),
    entity: e,
    dependencies: [],
    data: { graph: { inCycle: false, cycle: [], blocked: false, bootWave: 0, violations: [] } },
    now: NOW,
    ...over,
  };
}

/** A valid scorecard from a spec fragment; throws with the problems when invalid. */
export function scorecard(spec: Record<string, unknown>, name = 'prod', grading: Grading = testGrading): Scorecard {
  const body = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name }, spec };
  const { scorecard, problems } = parseScorecard(body, { file: 't.yaml', doc: 0 }, { fromApi: false, grading });
  if (!scorecard) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  return scorecard;
}

/** A requirement with an always-true expr check. */
export const req = (id: string, weight: number, extra: Record<string, unknown> = {}) => ({ id, title: id, weight, check: { type: 'expr', expr: 'true' }, ...extra });

export const CATALOG = `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [], members: [alice, bob] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bob }
spec: { memberOf: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout, annotations: { tally.dev/tier: "1" } }
spec: { type: service, lifecycle: production, owner: team-a, dependsOn: [component:cart] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: cart, annotations: { tally.dev/tier: "2", tally.dev/runbook-url: "https://runbooks/cart" } }
spec: { type: service, lifecycle: production, owner: team-a }
`;

export function scorecardYaml(opts: { ownerWeight?: number } = {}): string {
  return `apiVersion: tally.dev/v1
kind: Scorecard
metadata: { name: prod, title: Production readiness }
spec:
  appliesTo: { kind: Component, type: service }
  requirements:
    - { id: owner, title: Has an owner, weight: ${opts.ownerWeight ?? 10}, gate: D, check: { type: expr, expr: 'entity.spec.owner != "" && owner.members.size() == 2' } }
    - { id: status, title: Status page, weight: 5, check: { type: http } }
    - { id: backup, title: Backups restored, weight: 8, freshness: 30d, check: { type: fact, fact: backup-restored } }
    - { id: drill, title: Drill done, weight: 4, check: { type: manual } }
    - { id: broken, title: Broken expression, weight: 2, check: { type: expr, expr: 'entity.spec.nothing == "x"' } }
    - { id: later, title: Enforced later, weight: 3, enforceFrom: 2030-01-01, check: { type: expr, expr: 'false' } }
    - { id: runbook, title: Runbook, weight: 5, check: { type: expr, expr: '"tally.dev/runbook-url" in entity.metadata.annotations' } }
    - { id: acyclic, title: No cycles, weight: 3, gate: C, check: { type: expr, expr: '!graph.inCycle && graph.bootWave != null' } }
`;
}

export const FACTS = `apiVersion: tally.dev/v1
kind: Facts
spec:
  facts:
    - { entity: checkout, name: backup-restored, value: true, observedAt: 2026-11-20T03:00:00Z }
    - { entity: cart, name: backup-restored, value: true, observedAt: 2026-09-01T03:00:00Z }
`;

/** A folder with catalog.yaml, scorecards.yaml and facts.yaml; `write` replaces one file. */
export function fixtureDir(): { dir: string; write(file: string, text: string): void; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-scorecards-'));
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  write('catalog.yaml', CATALOG);
  write('scorecards.yaml', scorecardYaml());
  write('facts.yaml', FACTS);
  return { dir, write, sources: ['./catalog.yaml', './scorecards.yaml', './facts.yaml'] };
}

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
  await bumpScorecardsGeneration(db);
}

/** A grade history of consecutive intervals: [[from, score, grade], …]; the last stays current. */
export async function insertHistory(db: Db, entity: string, steps: [string, number | null, string | null][], scorecard?: string): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const [from, score, grade] = steps[i];
    await insertGrade(db, { entity, score, grade, from, to: steps[i + 1]?.[0] ?? null, scorecard });
  }
}

export async function insertResult(db: Db, row: { entity: string; requirement: string; state: string; from: string; to?: string | null; scorecard?: string; message?: string }): Promise<void> {
  const values = { scorecard: row.scorecard ?? 'production-readiness', entity: row.entity, requirement: row.requirement, state: row.state, message: row.message ?? '', evidence: null, version: 'v1', graced: 0, valid_from: row.from };
  if (row.to) await db.insertInto('requirement_closed').values({ ...values, valid_to: row.to }).execute();
  else await db.insertInto('requirement_current').values(values).execute();
  await bumpScorecardsGeneration(db);
}

/** A stored scorecard with the given requirements (weights and gates), default bands. */
export async function insertScorecard(db: Db, name: string, requirements: { id: string; weight: number; gate?: string }[]): Promise<void> {
  const spec = { appliesTo: {}, grades: { 'A+': 97, A: 90, B: 80, C: 70, D: 60 }, warnCredit: 0.5, requirements: requirements.map((r) => ({ ...r, title: `Requirement ${r.id}`, category: 'general', check: { type: 'manual' } })) };
  const document = { apiVersion: 'tally.dev/v1', kind: 'Scorecard', metadata: { name }, spec };
  await db.insertInto('scorecards').values({ name, version: 'v1', title: name, spec: JSON.stringify(document), source: 'test', file: null, doc: null, updated_at: '2026-01-01T00:00:00.000Z' }).execute();
  await bumpScorecardsGeneration(db);
}
