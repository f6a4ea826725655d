// "Most improved" between two instants, for any period and for HackDays: points gained,
// requirements fixed (failing at `from`, passing at `to`) and grades gained, per service and team.
import { GRADES, gradeForScore, isGrade, type Grade, type GradeBands } from '../../common/grades.ts';
import type { Db } from '../platform/db/connect.ts';
import { round2 } from '../scorecards/index.ts';
import { leaderboardEntities, requirementsFixed, scorecardBands, scoresAt } from './board-inputs.ts';
import { teamName, teamScore } from './ranking.ts';

export interface Scope {
  teams?: string[];
  systems?: string[];
  services?: string[];
}

export interface Improvement {
  rank: number;
  ref: string;
  name: string;
  pointsGained: number | null;
  requirementsFixed: number;
  gradesGained: number | null;
  from: { score: number | null; grade: Grade | null };
  to: { score: number | null; grade: Grade | null };
}

/** How many grades better `to` is than `from` (F → B = 3); null when either is missing. */
export const gradesGained = (from: Grade | null, to: Grade | null): number | null => (from && to ? GRADES.indexOf(from) - GRADES.indexOf(to) : null);

const inScope = (s: Scope | undefined, e: { ref: string; owner: string | null; system: string | null }) =>
  !s || ((!s.teams?.length || (e.owner !== null && s.teams.includes(e.owner))) && (!s.systems?.length || (e.system !== null && s.systems.includes(e.system))) && (!s.services?.length || s.services.includes(e.ref)));

/** Points gained first, then requirements fixed, then grades gained, then name. */
function rank<T extends Omit<Improvement, 'rank'>>(lines: T[]): (T & { rank: number })[] {
  const n = (x: number | null) => x ?? -Infinity;
  lines.sort((a, b) => n(b.pointsGained) - n(a.pointsGained) || b.requirementsFixed - a.requirementsFixed || n(b.gradesGained) - n(a.gradesGained) || a.name.localeCompare(b.name));
  return lines.map((l, i) => ({ ...l, rank: i + 1 }));
}

export async function mostImproved(db: Db, scorecard: string, from: Date, to: Date, scope?: Scope) {
  const [entities, before, after, fixed, bands] = await Promise.all([
    leaderboardEntities(db, scorecard),
    scoresAt(db, scorecard, from.toISOString()),
    scoresAt(db, scorecard, to.toISOString()),
    requirementsFixed(db, scorecard, from.toISOString(), to.toISOString()),
    scorecardBands(db, scorecard),
  ]);
  const b = new Map(before.map((r) => [r.entity, r]));
  const a = new Map(after.map((r) => [r.entity, r]));
  const grade = (g: string | null | undefined): Grade | null => (isGrade(g) ? g : null);
  const services = entities.filter((e) => inScope(scope, e) && (a.has(e.ref) || b.has(e.ref))).map((e) => {
    const f = { score: b.get(e.ref)?.score ?? null, grade: grade(b.get(e.ref)?.grade) };
    const t = { score: a.get(e.ref)?.score ?? null, grade: grade(a.get(e.ref)?.grade) };
    const pointsGained = f.score !== null && t.score !== null ? round2(t.score - f.score) : null;
    return { ref: e.ref, name: e.name, owner: e.owner, tier: e.tier, pointsGained, requirementsFixed: fixed.get(e.ref) ?? 0, gradesGained: gradesGained(f.grade, t.grade), from: f, to: t };
  });
  return { scorecard, from: from.toISOString(), to: to.toISOString(), services: rank(services).map(({ owner: _o, tier: _t, ...s }) => s), teams: teamImprovements(services, bands) };
}

type Line = Omit<Improvement, 'rank'> & { owner: string | null; tier: number | null };

/** A team's points gained = its team score at `to` minus at `from`, over the services it had at both. */
function teamImprovements(services: Line[], bands: GradeBands): Improvement[] {
  const byTeam = new Map<string, Line[]>();
  for (const s of services) if (s.owner) byTeam.set(s.owner, [...(byTeam.get(s.owner) ?? []), s]);
  const lines = [...byTeam].map(([ref, list]) => {
    const both = list.filter((s) => s.from.score !== null && s.to.score !== null);
    const fs = teamScore(both.map((s) => ({ score: s.from.score, tier: s.tier })));
    const ts = teamScore(both.map((s) => ({ score: s.to.score, tier: s.tier })));
    const fg = fs === null ? null : gradeForScore(fs, bands);
    const tg = ts === null ? null : gradeForScore(ts, bands);
    return {
      ref, name: teamName(ref),
      pointsGained: fs !== null && ts !== null ? round2(ts - fs) : null,
      requirementsFixed: list.reduce((n, s) => n + s.requirementsFixed, 0),
      gradesGained: gradesGained(fg, tg),
      from: { score: fs, grade: fg }, to: { score: ts, grade: tg },
    };
  });
  return rank(lines);
}
