// What a deploy decision reads, held in memory per process: every entity's owner and current
// grades on the policies' scorecards, and the recent break-glass overrides. Rebuilt when a grade
// or the catalog changes (their generations), checked at most every RECHECK_MS; overrides are
// re-read at each check. So a decision reads state at most about a second old and costs no
// query on the hot path. Local writes (overrides) invalidate at once.
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { currentGrades, gradesGeneration } from '../scorecards/index.ts';
import { overridesExpiringAfter } from './repository.ts';
import type { DeployOverrideRow } from './tables.ts';

export const RECHECK_MS = 1000;
const DAY_MS = 86_400_000;

export interface EntityGrades {
  owner: string | null;
  grades: Map<string, { grade: string | null; score: number | null }>;
}

interface Snapshot {
  key: string;
  checkedAt: number;
  entities: Map<string, EntityGrades>;
  overrides: Map<string, DeployOverrideRow>;
}

const snapshots = new WeakMap<Db, Snapshot>();

export function forgetOverrides(db: Db): void {
  const s = snapshots.get(db);
  if (s) s.checkedAt = -Infinity;
}

async function recentOverrides(db: Db, now: Date): Promise<Map<string, DeployOverrideRow>> {
  const rows = await overridesExpiringAfter(db, new Date(now.getTime() - DAY_MS).toISOString());
  return new Map(rows.map((r) => [r.entity, r])); // the newest per entity wins
}

async function build(db: Db, scorecards: string[]): Promise<Map<string, EntityGrades>> {
  const entities = new Map<string, EntityGrades>();
  for (const e of (await catalogSnapshot(db)).entities) entities.set(e.ref, { owner: e.owner, grades: new Map() });
  for (const g of await currentGrades(db, scorecards)) entities.get(g.entity)?.grades.set(g.scorecard, { grade: g.grade, score: g.score });
  return entities;
}

export async function decisionSnapshot(db: Db, scorecards: string[], now: Date): Promise<Snapshot> {
  const s = snapshots.get(db);
  const names = [...new Set(scorecards)].sort();
  if (s && performance.now() - s.checkedAt < RECHECK_MS && s.key.startsWith(`${names.join(',')}|`)) return s;
  const [gens, catalog] = await Promise.all([Promise.all(names.map((n) => gradesGeneration(db, n))), catalogSnapshot(db)]);
  const key = `${names.join(',')}|${gens.join(';')}|${catalog.generation}`;
  const overrides = await recentOverrides(db, now);
  if (s && s.key === key) {
    Object.assign(s, { checkedAt: performance.now(), overrides });
    return s;
  }
  const fresh = { key, checkedAt: performance.now(), entities: await build(db, names), overrides };
  snapshots.set(db, fresh);
  return fresh;
}
