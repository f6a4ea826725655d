// OpenSLO documents from the catalog sources: one document kind for every openslo/v1 kind. The
// set applies whole or not at all (SLOs reference SLIs, alert policies and data sources in other
// documents): the previous good set keeps serving, and the problems show on /status. Before it
// applies, every SLI query goes through Prometheus's own parser (promtool); one it rejects
// refuses the set naming the field.
import type { Db } from '../platform/db/connect.ts';
import type { DocumentKind, Parsed } from '../platform/documents/kinds.ts';
import { errorsOnly, problem, type Problem } from '../platform/problems.ts';
import { parseOpenSlo, OPENSLO_API_VERSION, OPENSLO_KINDS, type Indicator, type OpenSloDoc } from './openslo.ts';
import { checkPromql, type Expression } from './promql.ts';
import { windowed } from './rules.ts';
import { listSloDocuments, replaceSloDocuments } from './repository.ts';
import { resolveSlos, type DefaultWindow, type ResolvedSlo } from './slo-set.ts';

const setItems = (items: readonly Parsed<OpenSloDoc>[]) => items.map((i) => ({ value: i.value, at: { file: i.doc.file, doc: i.doc.doc } }));

/** Every PromQL query of the documents, as Prometheus will be asked it, with the field it came from. */
export function sliExpressions(items: readonly { value: OpenSloDoc; at: { file?: string; doc?: number } }[]): Expression[] {
  const out: Expression[] = [];
  const add = (ind: Indicator, at: { file?: string; doc?: number }) => {
    if (ind.kind === 'threshold') return void out.push({ expr: ind.query, ...at, field: ind.field });
    for (const k of ['good', 'bad', 'total'] as const) {
      const q = ind[k];
      if (q !== undefined) out.push({ expr: windowed(q, '5m', ind.counter), ...at, field: `${ind.field}.${k}.metricSource.spec.query` });
    }
  };
  for (const { value, at } of items) {
    if (value.kind === 'SLI') add(value.value, at);
    if (value.kind === 'SLO' && !('ref' in value.value.indicator)) add(value.value.indicator, at);
  }
  return out;
}

/** PromQL problems, or a warning when promtool is not installed (the set still applies). */
export async function promqlProblems(exprs: Expression[]): Promise<Problem[]> {
  try {
    return await checkPromql(exprs);
  } catch (err) {
    return [problem(`${(err as Error).message}; the SLI queries were not checked`, {}, 'warning')];
  }
}

export const openSloKind: DocumentKind<unknown, OpenSloDoc> = {
  name: 'OpenSLO',
  matches: (d) => d.apiVersion === OPENSLO_API_VERSION && (OPENSLO_KINDS as readonly string[]).includes(d.kind),
  parse: (doc) => parseOpenSlo(doc.body, { file: doc.file, doc: doc.doc }),
  checkSet: (items) => resolveSlos(setItems(items)).problems,
  scope: 'all',
  allOrNothing: true,
  async apply(ctx, set) {
    const problems = await promqlProblems(sliExpressions(setItems(set.items)));
    if (errorsOnly(problems).length > 0) return { problems, rejected: true };
    const now = ctx.now.toISOString();
    const old = new Map((await listSloDocuments(ctx.db)).map((r) => [`${r.kind}/${r.name}`, r]));
    const rows = set.items.map(({ value, doc }) => {
      const body = JSON.stringify(doc.body);
      const prev = old.get(`${value.kind}/${value.name}`);
      return { kind: value.kind, name: value.name, body, file: doc.file, doc: doc.doc, updated_at: prev?.body === body ? prev.updated_at : now };
    });
    await replaceSloDocuments(ctx.db, rows);
    return { updated: rows.length, problems };
  },
};

/** The SLOs as stored, resolved (the stored set was valid when it applied). */
export async function loadSlos(db: Db, opts: { windows?: readonly DefaultWindow[]; defaultServer?: string } = {}): Promise<ResolvedSlo[]> {
  const rows = await listSloDocuments(db);
  const items = rows.flatMap((r) => {
    const parsed = parseOpenSlo(JSON.parse(r.body) as Record<string, unknown>, { file: r.file ?? undefined, doc: r.doc ?? undefined });
    return parsed.value ? [{ value: parsed.value, at: { file: r.file ?? undefined, doc: r.doc ?? undefined } }] : [];
  });
  return resolveSlos(items, opts).slos.sort((a, b) => a.name.localeCompare(b.name));
}
