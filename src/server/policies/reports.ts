// Reports on the consequences: deploy decisions per team and service (with break-glass use), and
// the teams that own F services with the failing requirements that cost them the most points.
import { catalogSnapshot } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import { currentRequirementStates, entitiesGraded, loadRubrics, nextBestActions, scorecardNames } from '../scorecards/index.ts';
import { flushDecisionLog } from './decision-log.ts';
import { decisionTallies, overridesCreated } from './repository.ts';
import { loadPolicies } from './policy-set.ts';

interface Counts {
  decisions: number;
  denials: number;
  breakGlass: number;
}
const zero = (): Counts => ({ decisions: 0, denials: 0, breakGlass: 0 });
const add = (a: Counts, b: Counts) => {
  a.decisions += b.decisions;
  a.denials += b.denials;
  a.breakGlass += b.breakGlass;
};

export async function deploysReport(db: Db, from: Date, to: Date) {
  await flushDecisionLog(db);
  const [tallies, overrides, catalog] = await Promise.all([decisionTallies(db, from.toISOString(), to.toISOString()), overridesCreated(db, from.toISOString(), to.toISOString()), catalogSnapshot(db)]);
  const totals = zero();
  const teams = new Map<string, Counts>();
  const services = tallies.map((t) => ({ ...t, owner: catalog.byRef.get(t.entity)?.owner ?? null }));
  for (const t of services) {
    add(totals, t);
    const team = t.owner ?? 'none';
    const counts = teams.get(team) ?? zero();
    add(counts, t);
    teams.set(team, counts);
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: { ...totals, overridesCreated: overrides.length },
    teams: [...teams].map(([team, c]) => ({ team, ...c })).sort((a, b) => b.decisions - a.decisions || a.team.localeCompare(b.team)),
    services: services.map((t) => ({ ref: t.entity, team: t.owner, decisions: t.decisions, denials: t.denials, breakGlass: t.breakGlass })),
    overrides: overrides.map((o) => ({ id: o.id, entity: o.entity, reason: o.reason, createdBy: o.created_by, createdAt: o.created_at, expiresAt: o.expires_at, used: o.used_count })),
  };
}

/** The scorecard reports read when none is named: the first policy's, else the first stored. */
export async function defaultScorecard(db: Db): Promise<string | null> {
  const policies = await loadPolicies(db);
  if (policies.length > 0) return policies[0].policy.scorecard;
  return (await scorecardNames(db))[0] ?? null;
}

const TOP = 3;

export async function fTeamsReport(db: Db, scorecardName?: string) {
  const scorecard = scorecardName ?? (await defaultScorecard(db));
  if (!scorecard) return { scorecard: null, teams: [] };
  const [rows, [card], catalog] = await Promise.all([entitiesGraded(db, scorecard, 'F'), loadRubrics(db, [scorecard]), catalogSnapshot(db)]);
  const results = await currentRequirementStates(db, scorecard, rows.map((r) => r.entity));
  const teams = new Map<string, { ref: string; name: string; score: number | null; costliest: { requirement: string; title: string; points: number; state: string }[] }[]>();
  for (const r of rows) {
    const actions = card ? nextBestActions(results.get(r.entity) ?? [], card).actions : [];
    const costliest = actions.filter((a) => a.state !== 'warn').slice(0, TOP).map((a) => ({ requirement: a.requirement, title: a.title, points: a.points, state: a.state }));
    const e = catalog.byRef.get(r.entity);
    const team = e?.owner ?? 'none';
    teams.set(team, [...(teams.get(team) ?? []), { ref: r.entity, name: e?.name ?? r.entity, score: r.score, costliest }]);
  }
  const list = [...teams].map(([team, services]) => ({ team, fServices: services.length, services }));
  list.sort((a, b) => b.fServices - a.fServices || a.team.localeCompare(b.team));
  return { scorecard, teams: list };
}
