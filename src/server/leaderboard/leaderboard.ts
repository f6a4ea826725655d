// The company leaderboard: services and teams ranked, grade distribution, 7- and 30-day trends
// from the lossless history. Computed from four set-based queries and cached per generation of
// grade_history and the catalog (and per 10 minutes, since trends are relative to now).
import { isGrade, type GradeBands } from '../../common/grades.ts';
import type { Db } from '../platform/db/connect.ts';
import { NotFoundError } from '../platform/problems.ts';
import { defaultScorecard } from '../policies/index.ts';
import { leaderboardEntities, leaderboardGeneration, scorecardBands, scoresAt, teamTitles } from './board-inputs.ts';
import { distribution, rankServices, rankTeams, trend, type ServiceLine, type TeamLine } from './ranking.ts';
import { runningHackday } from './repository.ts';
import { jsonText, type JsonText } from '../platform/http/json-text.ts';

const DAY_MS = 86_400_000;
/** Trends are relative to now, rounded to this step: the board is rebuilt at least this often. */
const TREND_STEP_MS = 10 * 60_000;

export interface LeaderboardFilter {
  scorecard?: string;
  system?: string;
  tier?: number;
  team?: string;
  grade?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface Board {
  scorecard: string;
  bands: GradeBands;
  /** In leaderboard order (rankServices), so a filtered list needs no sort. */
  services: ServiceLine[];
  /** The unfiltered teams and distribution, computed once per board. */
  teams: TeamLine[];
  /** Every Group in the catalog → its display name (or null). */
  titles: ReadonlyMap<string, string | null>;
  distribution: ReturnType<typeof distribution>;
}

/** How long a process serves its board before asking the database whether grades changed. */
export const RECHECK_MS = 1000;
type Entry = { key: string; board: Board; checkedAt: number; views: Map<string, JsonText> };
const cache = new WeakMap<Db, Map<string, Entry>>();
const building = new WeakMap<Db, Map<string, Promise<Entry>>>();

async function computeBoard(db: Db, scorecard: string, now: Date): Promise<Board> {
  const iso = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const [entities, current, week, month, bands, titles] = await Promise.all([
    leaderboardEntities(db, scorecard),
    scoresAt(db, scorecard, null),
    scoresAt(db, scorecard, iso(7 * DAY_MS)),
    scoresAt(db, scorecard, iso(30 * DAY_MS)),
    scorecardBands(db, scorecard),
    teamTitles(db),
  ]);
  const byEntity = (rows: typeof current) => new Map(rows.map((r) => [r.entity, r]));
  const [cur, w, m] = [byEntity(current), byEntity(week), byEntity(month)];
  const services = entities.map((e) => {
    const c = cur.get(e.ref);
    const score = c?.score ?? null;
    return {
      ref: e.ref, name: e.name, title: e.title, owner: e.owner, system: e.system, tier: e.tier,
      score, grade: isGrade(c?.grade) ? c.grade : null,
      trend7d: trend(score, w.get(e.ref)?.score), trend30d: trend(score, m.get(e.ref)?.score),
    };
  });
  const ranked = rankServices(services);
  return { scorecard, bands, services: ranked, teams: titled(rankTeams(ranked, bands), titles), titles, distribution: distribution(ranked) };
}

const titled = (teams: Omit<TeamLine, 'title'>[], titles: ReadonlyMap<string, string | null>): TeamLine[] => teams.map((t) => ({ ...t, title: titles.get(t.ref) ?? null }));

/** A team filter must name a Group of the catalog, or a team that owns services: else 404, not an empty page. */
function checkTeam(board: Board, team: string | undefined): void {
  if (!team || board.titles.has(team) || board.services.some((s) => s.owner === team)) return;
  throw new NotFoundError(`no team ${team}`);
}

/**
 * The unfiltered board, cached per generation of grade_history and the catalog (and per 10
 * minutes, since trends are relative to now). The generation is re-read at most every RECHECK_MS, so a
 * grade change shows on the leaderboard within a second.
 */
async function cachedBoard(db: Db, scorecard: string, now: Date) {
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  const hit = perDb.get(scorecard);
  const minute = Math.floor(now.getTime() / TREND_STEP_MS);
  if (hit && hit.key.endsWith(`|${minute}`) && performance.now() - hit.checkedAt < RECHECK_MS) return hit;
  const key = `${await leaderboardGeneration(db, scorecard)}|${minute}`;
  // Read the cache again: a build may have finished while the generation was being read.
  const current = perDb.get(scorecard);
  if (current && current.key === key) {
    current.checkedAt = performance.now();
    return current;
  }
  // Requests that arrive while the board is being built wait for that build instead of starting
  // their own (a page asks for the board and for the team list at once).
  const flightKey = `${scorecard}|${key}`;
  let flight = building.get(db)?.get(flightKey);
  if (!flight) {
    flight = computeBoard(db, scorecard, now).then((board) => {
      const entry = { key, board, checkedAt: performance.now(), views: new Map<string, JsonText>() };
      perDb.set(scorecard, entry);
      return entry;
    });
    const perDbFlights = building.get(db) ?? new Map();
    building.set(db, perDbFlights);
    perDbFlights.set(flightKey, flight);
    void flight.finally(() => perDbFlights.delete(flightKey)).catch(() => undefined);
  }
  return flight;
}

export async function loadBoard(db: Db, scorecard: string, now: Date): Promise<Board> {
  return (await cachedBoard(db, scorecard, now)).board;
}

export function applyFilter(board: Board, f: LeaderboardFilter): { scoped: Board['services']; listed: Board['services'] } {
  const q = f.q?.toLowerCase();
  const scoped = board.services.filter((s) => (!f.system || s.system === f.system) && (f.tier === undefined || s.tier === f.tier) && (!f.team || s.owner === f.team));
  const listed = scoped.filter((s) => (!f.grade || (f.grade === 'none' ? s.grade === null : s.grade === f.grade)) && (!q || s.name.includes(q) || s.ref.includes(q) || (s.title ?? '').toLowerCase().includes(q)));
  return { scoped, listed };
}

export interface LeaderboardView {
  scorecard: string | null;
  /** How many services match the filters; `services` is the page [offset, offset + limit). */
  total: number;
  services: ServiceLine[];
  teams: TeamLine[];
  distribution: ReturnType<typeof distribution>;
  hackday: { name: string; title: string | null; startsAt: string; endsAt: string } | null;
}

/**
 * Filters system, tier and team scope everything (services, teams, distribution); `grade` and
 * `q` narrow only the service list. Services keep their rank on the whole board; teams are ranked
 * within the scope (their scores are the scope's). `limit` (default: all) and `offset` page the
 * services. An unknown `team` is a NotFoundError.
 *
 * The view as JSON text with its entity tag, cached with its board (the same query is answered
 * without re-serialising 10,000 rows): every reader gets the same board. */
export async function getLeaderboardJson(db: Db, f: LeaderboardFilter, now: Date): Promise<JsonText> {
  const scorecard = f.scorecard ?? (await defaultScorecard(db));
  const running = await runningHackday(db, now.toISOString());
  const hackday = running ? { name: running.name, title: running.title, startsAt: running.start, endsAt: running.end } : null;
  if (!scorecard) return jsonText({ scorecard: null, total: 0, services: [], teams: [], distribution: distribution([]), hackday });
  const entry = await cachedBoard(db, scorecard, now);
  checkTeam(entry.board, f.team);
  const viewKey = JSON.stringify([f.system, f.tier, f.team, f.grade, f.q, f.limit, f.offset, hackday]);
  let text = entry.views.get(viewKey);
  if (text === undefined) {
    text = jsonText(buildView(entry.board, f, hackday));
    if (entry.views.size >= 200) entry.views.clear();
    entry.views.set(viewKey, text);
  }
  return text;
}

/** The board's lines of these services (rank, grade, score, trends); refs not on the board are left out. */
export async function boardLines(db: Db, scorecard: string | undefined, refs: readonly string[], now: Date): Promise<{ scorecard: string | null; services: ServiceLine[] }> {
  const name = scorecard ?? (await defaultScorecard(db));
  if (!name) return { scorecard: null, services: [] };
  const { board } = await cachedBoard(db, name, now);
  const wanted = new Set(refs);
  return { scorecard: name, services: board.services.filter((s) => wanted.has(s.ref)) };
}

function buildView(board: Board, f: LeaderboardFilter, hackday: LeaderboardView['hackday']): LeaderboardView {
  const scorecard = board.scorecard;
  const scopedBy = f.system || f.tier !== undefined || f.team;
  const { scoped, listed } = applyFilter(board, f);
  const offset = f.offset ?? 0;
  // Services keep their rank on the whole board: a filter shows where they stand, not 1..n.
  const page = listed.slice(offset, f.limit === undefined ? undefined : offset + f.limit);
  const teams = scopedBy ? titled(rankTeams(scoped, board.bands), board.titles) : board.teams;
  return { scorecard, total: listed.length, services: page, teams, distribution: scopedBy ? distribution(scoped) : board.distribution, hackday };
}
