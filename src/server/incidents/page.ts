// The edge's helpers: a write is one transaction with its context (who, when, the event bus),
// and most writes answer with the incident page as it now stands — the record with its roles,
// hypotheses, workstreams, postmortem and follow-ups — so a client never shows a stale half.
import type { IncidentPage } from '../../common/api/incidents-learning.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { AppDeps } from '../platform/deps.ts';
import { hypothesesOf, workstreamsOf } from './coordination/repository.ts';
import { hypothesisPrompts, presentHypothesis } from './coordination/hypotheses.ts';
import { presentWorkstream } from './coordination/workstreams.ts';
import { presentPostmortem } from './learning/postmortems.ts';
import { followUpsOf, postmortemOfIncident } from './learning/repository.ts';
import type { WriteCtx } from './record/context.ts';
import { incidentRef, loadIncident } from './record/load.ts';
import { presentIncident } from './record/present.ts';
import { activeRoles } from './record/repository.ts';
import type { IncidentRow } from './tables.ts';

export function inTransaction<T>(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'events'>, actor: string, fn: (ctx: WriteCtx) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute((tx) => fn({ db: tx, config: deps.config, now: deps.clock(), actor, events: deps.events }));
}

/** Loads the incident by key inside the write's transaction, then runs `fn` on it. */
export function onIncident<T>(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'events'>, actor: string, key: string, fn: (ctx: WriteCtx, row: IncidentRow) => Promise<T>): Promise<T> {
  return inTransaction(deps, actor, async (ctx) => fn(ctx, await loadIncident(ctx.db, key)));
}

export async function incidentPage(db: Db, config: Config, row: IncidentRow, now: Date): Promise<IncidentPage> {
  const [roles, hypotheses, workstreams, pm] = await Promise.all([activeRoles(db, row.id), hypothesesOf(db, row.id), workstreamsOf(db, row.id), postmortemOfIncident(db, row.id)]);
  const followUps = pm ? await followUpsOf(db, [pm.id]) : [];
  return {
    incident: presentIncident(row, roles, config, now),
    hypotheses: hypotheses.map(presentHypothesis),
    workstreams: workstreams.map(presentWorkstream),
    postmortem: presentPostmortem(pm!, followUps, incidentRef(row), now),
    prompts: hypothesisPrompts(hypotheses),
  };
}

export async function pageByKey(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, key: string): Promise<IncidentPage> {
  return incidentPage(deps.db, deps.config, await loadIncident(deps.db, key), deps.clock());
}
