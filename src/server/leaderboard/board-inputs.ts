// What the leaderboard is computed from, through the read models of the catalog and the
// scorecards: the services, their grades at any instant, the bands, and one fingerprint.
import { DEFAULT_GRADE_BANDS, type GradeBands } from '../../common/grades.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { gradesAt, gradesGeneration, loadRubrics } from '../scorecards/index.ts';

export { gradesAt as scoresAt, requirementsFixed } from '../scorecards/index.ts';

export interface ServiceEntity {
  ref: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: number | null;
}

/** Changes when a grade of the scorecard changes or the catalog does. */
export async function leaderboardGeneration(db: Db, scorecard: string): Promise<string> {
  const [grades, catalog] = await Promise.all([gradesGeneration(db, scorecard), catalogSnapshot(db)]);
  return `${grades}|${catalog.generation}`;
}

/** The leaderboard's services: Components of type service, plus anything graded on the scorecard now. */
export async function leaderboardEntities(db: Db, scorecard: string): Promise<ServiceEntity[]> {
  const [catalog, graded] = await Promise.all([catalogSnapshot(db), gradesAt(db, scorecard, null)]);
  const gradedRefs = new Set(graded.map((g) => g.entity));
  return catalog.entities
    .filter((e) => (e.kind === 'component' && e.type === 'service') || gradedRefs.has(e.ref))
    .map((e) => ({ ref: e.ref, name: e.name, title: typeof e.entity.metadata.title === 'string' ? e.entity.metadata.title : null, owner: e.owner, system: e.system, tier: e.tier }));
}

/** The bands of a scorecard, or the defaults when it is not stored. */
export async function scorecardBands(db: Db, name: string): Promise<GradeBands> {
  return (await loadRubrics(db, [name]))[0]?.spec.grades ?? { ...DEFAULT_GRADE_BANDS };
}

/**
 * Every Group in the catalog with its display name: Backstage's `spec.profile.displayName`, else
 * `metadata.title`, else null. The keys are also the teams that exist (an unknown team is a 404).
 */
export async function teamTitles(db: Db): Promise<Map<string, string | null>> {
  const catalog = await catalogSnapshot(db);
  const out = new Map<string, string | null>();
  for (const e of catalog.entities) {
    if (e.kind !== 'group') continue;
    const profile = (e.entity.spec as { profile?: { displayName?: unknown } } | undefined)?.profile;
    const title = typeof profile?.displayName === 'string' ? profile.displayName : typeof e.entity.metadata.title === 'string' ? e.entity.metadata.title : null;
    out.set(e.ref, title);
  }
  return out;
}
