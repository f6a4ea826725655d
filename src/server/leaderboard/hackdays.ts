// HackDays (`tally.dev/v1`, kind HackDay, or POST /api/v1/hackdays): a period and a scope whose
// most improved services and teams are shown live, then frozen when it ends — stored once in
// frozen_results, so later history edits do not change a finished HackDay.
import { z } from 'zod';
import { instantSchema } from '../../common/instant.ts';
import { normalizeRef } from '../../common/refs.ts';
import type { AppDeps } from '../platform/deps.ts';
import type { DocumentKind } from '../platform/documents/kinds.ts';
import { defaultScorecard } from '../policies/index.ts';
import { ConflictError, InputError, NotFoundError, problem, zodProblems, type Problem } from '../platform/problems.ts';
import { mostImproved, type Scope } from './most-improved.ts';
import { deleteHackdaysExcept, freezeHackday, getHackday, listHackdays, upsertHackday } from './repository.ts';
import type { HackdayRow } from './tables.ts';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'log' | 'events'>;

/** Published once when a HackDay's results are frozen: `{ name, title, end, summary }`. */
export const HACKDAY_FINISHED = 'hackday.finished';
const instant = instantSchema;
const refs = z.array(z.string().min(1).max(400)).max(10_000).optional();
export const hackdaySchema = z.object({
  apiVersion: z.literal('tally.dev/v1'),
  kind: z.literal('HackDay'),
  metadata: z.object({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lower-case letters, digits and dashes').max(63), title: z.string().max(200).optional() }),
  spec: z.strictObject({
    title: z.string().max(200).optional(),
    start: instant,
    end: instant,
    scorecard: z.string().max(63).optional(),
    scope: z.strictObject({ teams: refs, systems: refs, services: refs }).default({}),
  }),
});

function normalizeScope(s: { teams?: string[]; systems?: string[]; services?: string[] }, at: { file?: string; doc?: number }, problems: Problem[]): Scope {
  const norm = (list: string[] | undefined, kind: string, field: string) =>
    list?.map((r, i) => normalizeRef(r, { defaultKind: kind }) ?? (problems.push(problem(`"${r}" is not an entity reference`, { ...at, field: `${field}[${i}]` })), r));
  return { teams: norm(s.teams, 'group', 'spec.scope.teams'), systems: norm(s.systems, 'system', 'spec.scope.systems'), services: norm(s.services, 'component', 'spec.scope.services') };
}

/** Validates one HackDay document into its row (without source); every problem at once. */
export function parseHackday(body: unknown, at: { file?: string; doc?: number }, now: string): { row?: Omit<HackdayRow, 'source'>; problems: Problem[] } {
  const parsed = hackdaySchema.safeParse(body);
  if (!parsed.success) return { problems: zodProblems(parsed.error, at) };
  const { metadata, spec } = parsed.data;
  const problems: Problem[] = [];
  if (spec.end <= spec.start) problems.push(problem('must be after spec.start', { ...at, field: 'spec.end' }));
  const scope = normalizeScope(spec.scope, at, problems);
  if (problems.length) return { problems };
  const row = { name: metadata.name, title: spec.title ?? metadata.title ?? null, start: spec.start, end: spec.end, scope: JSON.stringify(scope), scorecard: spec.scorecard ?? null, frozen_results: null, updated_at: now };
  return { row, problems };
}

/** Stored results stay only while the period, scope and scorecard they were computed for stay. */
async function keepFrozen(db: Deps['db'], row: HackdayRow): Promise<HackdayRow> {
  const old = await getHackday(db, row.name);
  const same = old && old.start === row.start && old.end === row.end && old.scope === row.scope && old.scorecard === row.scorecard;
  return same ? { ...row, frozen_results: old.frozen_results } : row;
}

/** HackDay documents of the sources: all or none. */
export const hackdayKind: DocumentKind<unknown, Omit<HackdayRow, 'source'>> = {
  name: 'HackDay',
  matches: (d) => d.apiVersion === 'tally.dev/v1' && d.kind === 'HackDay',
  parse: (doc) => {
    const r = parseHackday(doc.body, { file: doc.file, doc: doc.doc }, '');
    return r.row ? { value: r.row, problems: r.problems } : { problems: r.problems };
  },
  scope: 'all',
  allOrNothing: true,
  async apply(ctx, set) {
    const now = ctx.now.toISOString();
    for (const { value } of set.items) await upsertHackday(ctx.db, await keepFrozen(ctx.db, { ...value, updated_at: now, source: 'sources' }));
    await deleteHackdaysExcept(ctx.db, 'sources', set.items.map((i) => i.value.name));
    return { updated: set.items.length };
  },
};

export async function createHackday(deps: Deps, body: unknown): Promise<HackdayRow> {
  const { row, problems } = parseHackday(body, { file: 'request body', doc: 0 }, deps.clock().toISOString());
  if (!row) throw InputError.fromProblems('invalid HackDay', problems);
  const old = await getHackday(deps.db, row.name);
  if (old && old.source !== 'api') throw new ConflictError(`HackDay ${row.name} comes from the catalog sources; change it there`);
  const full = await keepFrozen(deps.db, { ...row, source: 'api' });
  await upsertHackday(deps.db, full);
  return full;
}

const status = (h: HackdayRow, now: string) => (now < h.start ? 'upcoming' : now < h.end ? 'running' : 'finished');

function present(h: HackdayRow, now: string) {
  return { name: h.name, title: h.title, startsAt: h.start, endsAt: h.end, scope: JSON.parse(h.scope) as Scope, scorecard: h.scorecard, status: status(h, now), source: h.source };
}

export async function listHackdayViews(deps: Deps) {
  const now = deps.clock().toISOString();
  return (await listHackdays(deps.db)).map((h) => present(h, now));
}

/** One HackDay: live results while it runs, frozen results once it has ended (frozen on first read). */
export async function hackdayResults(deps: Deps, name: string) {
  const h = await getHackday(deps.db, name);
  if (!h) throw new NotFoundError(`no HackDay ${name}`);
  const now = deps.clock();
  const view = present(h, now.toISOString());
  if (view.status === 'upcoming') return { ...view, frozen: false, results: null };
  if (h.frozen_results) return { ...view, frozen: true, results: JSON.parse(h.frozen_results) };
  const scorecard = h.scorecard ?? (await defaultScorecard(deps.db));
  if (!scorecard) return { ...view, frozen: false, results: null };
  const end = view.status === 'finished' ? new Date(h.end) : now;
  const results = await mostImproved(deps.db, scorecard, new Date(h.start), end, view.scope);
  if (view.status === 'running') return { ...view, frozen: false, results };
  const top = results.services[0];
  const summary = top ? `most improved: ${top.name} (${top.pointsGained !== null ? `+${top.pointsGained}` : 'new'} points, ${top.requirementsFixed} requirements fixed)` : 'no graded services in scope';
  await deps.db.transaction().execute(async (tx) => {
    // The first freeze wins across processes; only it tells the world.
    if (await freezeHackday(tx, name, JSON.stringify(results))) await deps.events.publish(tx, [{ type: HACKDAY_FINISHED, key: `${HACKDAY_FINISHED}|${name}|${h.end}`, payload: { name, title: h.title, end: h.end, summary } }], now);
  });
  const stored = await getHackday(deps.db, name);
  return { ...view, frozen: true, results: JSON.parse(stored?.frozen_results ?? JSON.stringify(results)) };
}

/** Job: freezes every ended HackDay not frozen yet (so results are kept even if nobody looks). */
export async function freezeEndedHackdays(deps: Deps): Promise<number> {
  const now = deps.clock().toISOString();
  const due = (await listHackdays(deps.db)).filter((h) => h.end <= now && !h.frozen_results);
  for (const h of due) await hackdayResults(deps, h.name);
  return due.length;
}
