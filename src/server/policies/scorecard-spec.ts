// Reading a stored scorecard for the consequences: its bands, weights and gates. The scorecards
// table stores the normalised spec as JSON (or the whole document); both forms are accepted.
import { DEFAULT_GRADE_BANDS, type GradeBands } from '../../common/grades.ts';
import type { Db } from '../platform/db/connect.ts';
import type { Requirement, ScorecardSpec } from '../scorecards/document.ts';
import type { ResultState, ScoredResult } from '../scorecards/scoring.ts';

export interface StoredScorecard {
  name: string;
  spec: ScorecardSpec;
}

function normalize(raw: unknown): ScorecardSpec {
  const obj = (raw ?? {}) as { spec?: unknown; requirements?: unknown };
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : obj) as Partial<ScorecardSpec>;
  return {
    ...spec,
    grades: { ...DEFAULT_GRADE_BANDS, ...(spec.grades ?? {}) } as GradeBands,
    warnCredit: spec.warnCredit ?? 0.5,
    requirements: (Array.isArray(spec.requirements) ? spec.requirements : []) as Requirement[],
  } as ScorecardSpec;
}

const cache = new Map<string, ScorecardSpec>();

export async function readScorecard(db: Db, name: string): Promise<StoredScorecard | undefined> {
  const row = await db.selectFrom('scorecards').select(['name', 'spec', 'version']).where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  const key = `${row.name}\u0000${row.version}\u0000${row.spec.length}`;
  let spec = cache.get(key);
  if (!spec) {
    spec = normalize(JSON.parse(row.spec));
    if (cache.size > 100) cache.clear();
    cache.set(key, spec);
  }
  return { name: row.name, spec };
}

/** The bands of a scorecard, or the defaults when it is not stored. */
export async function scorecardBands(db: Db, name: string): Promise<GradeBands> {
  return (await readScorecard(db, name))?.spec.grades ?? { ...DEFAULT_GRADE_BANDS };
}

/** Current requirement results of entities on a scorecard, as the scoring engine takes them. */
export async function currentResults(db: Db, scorecard: string, entities: string[]): Promise<Map<string, ScoredResult[]>> {
  const out = new Map<string, ScoredResult[]>();
  for (let i = 0; i < entities.length; i += 500) {
    const rows = await db
      .selectFrom('requirement_current')
      .select(['entity', 'requirement', 'state', 'graced'])
      .where('scorecard', '=', scorecard)
      .where('entity', 'in', entities.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const list = out.get(r.entity) ?? [];
      list.push({ id: r.requirement, state: r.state as ResultState, graced: r.graced === 1 });
      out.set(r.entity, list);
    }
  }
  return out;
}
