// SQL behind the change statistics (stats.ts).
import type { Db } from '../../platform/db/connect.ts';
import { changesOfEntities } from '../repository.ts';
import type { ChangeRow } from '../tables.ts';

const IN_CHUNK = 500;

/** entity → started_at of its latest production change, for the entities that have one. */
export async function latestProductionChangeByEntity(db: Db, refs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < refs.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('change_entities as ce')
      .innerJoin('changes as c', 'c.id', 'ce.change_id')
      .select((eb) => ['ce.entity', eb.fn.max('ce.started_at').as('latest')])
      .where('ce.entity', 'in', refs.slice(i, i + IN_CHUNK))
      .where('c.environment', '=', 'production')
      .groupBy('ce.entity')
      .execute();
    for (const r of rows) if (r.latest) out.set(r.entity, String(r.latest));
  }
  return out;
}

/** Failed or rolled-back automated deploys without a postmortem, of any age (the postmortem rule). */
export function failedAutomatedDeploysWithoutPostmortem(db: Db, refs: string[]): Promise<{ entity: string; row: ChangeRow }[]> {
  return changesOfEntities(db, refs, (q) =>
    q.where('c.kind', '=', 'deploy').where('c.automated', '=', 1).where('c.postmortem_url', 'is', null).where('c.status', 'in', ['failed', 'rolled-back']),
  );
}
