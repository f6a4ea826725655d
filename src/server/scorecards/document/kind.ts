// Scorecard documents from the catalog sources, and scorecards sent to the API. A bad document
// never half-applies: an invalid scorecard keeps its previous good version, the others apply,
// and the problems (file, line, field) show on /status. A scorecard whose rubric changed is
// evaluated at the next scheduler tick.
import type { Host } from '../../module.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { DocumentKind } from '../../platform/documents/kinds.ts';
import { ConflictError, InputError, problem, type Problem } from '../../platform/problems.ts';
import type { Grading } from '../../checks/index.ts';
import { SCORECARD_API_VERSION, parseScorecard, type Scorecard } from './document.ts';
import { makeScorecardsDue } from '../jobs.ts';
import { deleteScorecards, getScorecardRow, listScorecardRows, saveScorecard } from '../repository.ts';

export const FILE_SOURCE = 'file';
export const API_SOURCE = 'api';

export const scorecardKind: DocumentKind<Host, Scorecard> = {
  name: 'Scorecard',
  matches: (d) => d.apiVersion === SCORECARD_API_VERSION && d.kind === 'Scorecard',
  parse(doc, host) {
    const r = parseScorecard(doc.body, { file: doc.file, doc: doc.doc }, { fromApi: false, grading: host.grading });
    return { value: r.scorecard, problems: r.problems };
  },
  checkSet(items) {
    const first = new Map<string, { file: string; doc: number }>();
    const problems: Problem[] = [];
    for (const { value, doc } of items) {
      const earlier = first.get(value.metadata.name);
      if (earlier) problems.push(problem(`scorecard '${value.metadata.name}' is also defined in ${earlier.file}; this one is ignored`, { file: doc.file, doc: doc.doc, field: 'metadata.name' }, 'warning'));
      else first.set(value.metadata.name, doc);
    }
    return problems;
  },
  scope: 'all',
  allOrNothing: false,
  async apply(ctx, set) {
    const problems: Problem[] = [];
    const changed: string[] = [];
    const applied = new Set<string>();
    for (const { value: sc, doc } of set.items) {
      if (applied.has(sc.metadata.name)) continue;
      applied.add(sc.metadata.name);
      const existing = await getScorecardRow(ctx.db, sc.metadata.name);
      if (existing && existing.source === API_SOURCE) {
        problems.push(problem(`scorecard '${sc.metadata.name}' is managed through the API; remove it there first`, { file: doc.file, doc: doc.doc, field: 'metadata.name' }));
        continue;
      }
      const r = await saveScorecard(ctx.db, sc, doc.body, { source: FILE_SOURCE, file: doc.file, doc: doc.doc }, ctx.now);
      if (r.changed) changed.push(sc.metadata.name);
    }
    // A file scorecard that left the sources is removed (its history stays), unless an invalid
    // document may be it, or its file could not be read this time.
    const unnamedInvalid = set.invalid.some((i) => !i.name);
    if (!unnamedInvalid) {
      const kept = new Set(set.invalid.map((i) => i.name));
      const gone = (await listScorecardRows(ctx.db)).filter((r) => r.source === FILE_SOURCE && !applied.has(r.name) && !kept.has(r.name) && !(r.file && set.unknownFile(r.file))).map((r) => r.name);
      await deleteScorecards(ctx.db, gone);
    }
    await makeScorecardsDue(ctx.db, changed);
    return { updated: changed.length, problems };
  },
};

/** PUT /api/v1/scorecards: validated as API input (no `command` checks); refuses to overwrite a file scorecard. */
export async function putScorecardFromApi(db: Db, grading: Grading, body: unknown, now: Date): Promise<{ scorecard: Scorecard; created: boolean; changed: boolean }> {
  const parsed = parseScorecard(body, { file: 'request body', doc: 0 }, { fromApi: true, grading });
  if (!parsed.scorecard) throw InputError.fromProblems('invalid scorecard', parsed.problems);
  const sc = parsed.scorecard;
  const existing = await getScorecardRow(db, sc.metadata.name);
  if (existing && existing.source !== API_SOURCE) throw new ConflictError(`scorecard '${sc.metadata.name}' comes from ${existing.file ?? 'a file'}; change it there`);
  const r = await db.transaction().execute(async (tx) => {
    const saved = await saveScorecard(tx, sc, body, { source: API_SOURCE }, now);
    if (saved.changed) await makeScorecardsDue(tx, [sc.metadata.name]);
    return saved;
  });
  return { scorecard: sc, created: !existing, changed: r.changed };
}
