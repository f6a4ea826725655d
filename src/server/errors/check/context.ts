// The `errors` context provider: per entity, what error tracking says — whether it has a project
// and when it last received an event, the unresolved issues first seen in the last 7 days, the
// regressions of the last 30 days, and the busiest minute of the last 24 hours. For the `errors`
// check and CEL.
import type { ContextProvider } from '../../checks/index.ts';
import type { Db } from '../../platform/db/connect.ts';

const DAY_MS = 86_400_000;
const MAX_LISTED = 20;

export interface ErrorFacts {
  projects: number;
  lastEventAt: string | null;
  /** Unresolved issues first seen in the last 7 days. */
  newIssues: number;
  newest: { id: string; title: string; firstSeen: string }[];
  /** Issues that regressed in the last 30 days. */
  regressions: number;
  regressed: { id: string; title: string; regressedAt: string }[];
  /** The most events in one minute over the last 24 hours (all issues of the entity). */
  peakEventsPerMinute: number;
}

const empty = (): ErrorFacts => ({ projects: 0, lastEventAt: null, newIssues: 0, newest: [], regressions: 0, regressed: [], peakEventsPerMinute: 0 });

export async function errorFactsFor(db: Db, refs: readonly string[], now: Date): Promise<Map<string, ErrorFacts>> {
  const out = new Map<string, ErrorFacts>();
  if (refs.length === 0) return out;
  const of = (ref: string) => out.get(ref) ?? out.set(ref, empty()).get(ref)!;
  const list = [...refs];
  const since7 = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const since30 = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const since24h = new Date(now.getTime() - DAY_MS).toISOString().slice(0, 16);
  const [projects, last, recent, minutes] = await Promise.all([
    db.selectFrom('error_projects').select(['entity']).select((eb) => eb.fn.countAll().as('n')).where('entity', 'in', list).groupBy('entity').execute(),
    db.selectFrom('error_issues').select(['entity']).select((eb) => eb.fn.max('last_seen').as('last')).where('entity', 'in', list).groupBy('entity').execute(),
    db
      .selectFrom('error_issues')
      .select(['id', 'entity', 'title', 'status', 'first_seen', 'regressed_at'])
      .where('entity', 'in', list)
      .where((eb) => eb.or([eb('first_seen', '>=', since7), eb('regressed_at', '>=', since30)]))
      .orderBy('first_seen', 'desc')
      .execute(),
    db
      .selectFrom('error_minutes as m')
      .innerJoin('error_issues as i', 'i.id', 'm.issue_id')
      .select(['i.entity', 'm.minute'])
      .select((eb) => eb.fn.sum<number>('m.count').as('n'))
      .where('i.entity', 'in', list)
      .where('m.minute', '>=', since24h)
      .groupBy(['i.entity', 'm.minute'])
      .execute(),
  ]);
  for (const p of projects) of(p.entity).projects = Number(p.n);
  for (const l of last) of(l.entity).lastEventAt = (l.last as string | null) ?? null;
  for (const r of recent) {
    const f = of(r.entity);
    if (r.first_seen >= since7 && r.status === 'unresolved') {
      f.newIssues++;
      if (f.newest.length < MAX_LISTED) f.newest.push({ id: r.id, title: r.title, firstSeen: r.first_seen });
    }
    if (r.regressed_at && r.regressed_at >= since30) {
      f.regressions++;
      if (f.regressed.length < MAX_LISTED) f.regressed.push({ id: r.id, title: r.title, regressedAt: r.regressed_at });
    }
  }
  for (const m of minutes) {
    const f = of(m.entity);
    f.peakEventsPerMinute = Math.max(f.peakEventsPerMinute, Number(m.n));
  }
  return out;
}

export const errorsContext: ContextProvider<ErrorFacts> = {
  name: 'errors',
  celType: 'map<string, dyn>',
  description: 'What error tracking says about the entity: its Sentry projects, the last event, new unresolved issues, regressions, the busiest minute.',
  fields: {
    projects: 'Sentry projects that belong to the entity',
    lastEventAt: 'when its latest event happened (null: never)',
    newIssues: 'unresolved issues first seen in the last 7 days',
    newest: 'up to 20 of them: id, title, firstSeen',
    regressions: 'issues that came back after being resolved, in the last 30 days',
    regressed: 'up to 20 of them: id, title, regressedAt',
    peakEventsPerMinute: 'the most events in one minute over the last 24 hours',
  },
  empty: empty(),
  load: (deps, catalog, refs) => errorFactsFor(deps.db, refs ?? catalog.entities.map((e) => e.ref), deps.now),
  offlineReason: "error events live in the server's database",
};
