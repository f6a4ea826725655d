// Policy documents from the catalog sources. The set applies whole or not at all (its rules span
// documents: names, scorecards, overlapping windows): the previous good policies keep deciding,
// and the problems show on /status.
import type { DocumentKind } from '../platform/documents/kinds.ts';
import { errorsOnly } from '../platform/problems.ts';
import { checkPolicySet, parsePolicy, POLICY_API_VERSION, type Policy } from './document.ts';
import { listPolicyRows, replacePolicyRows } from './repository.ts';
import { FROM_API, FROM_SOURCES, forgetPolicies, readPolicies, toRow } from './policy-set.ts';
import type { PolicyRow } from './tables.ts';

export const policyKind: DocumentKind<unknown, Policy> = {
  name: 'Policy',
  matches: (d) => d.apiVersion === POLICY_API_VERSION && d.kind === 'Policy',
  parse(doc) {
    const r = parsePolicy(doc.body, { file: doc.file, doc: doc.doc });
    return r.policy ? { value: r.policy, problems: r.problems } : { problems: r.problems };
  },
  checkSet: (items) => checkPolicySet(items.map((i) => i.value)),
  scope: 'all',
  allOrNothing: true,
  async apply(ctx, set) {
    // The API's policies are part of the set that must hold together.
    const fromApi = (await readPolicies(ctx.db)).filter((p) => p.row.source === FROM_API).map((p) => p.policy);
    const problems = checkPolicySet([...set.items.map((i) => i.value), ...fromApi]);
    if (errorsOnly(problems).length > 0) return { problems, rejected: true };
    const now = ctx.now.toISOString();
    const rows = set.items.map(({ value, doc }) => toRow(value, doc.body, FROM_SOURCES, now));
    await replacePolicyRows(ctx.db, FROM_SOURCES, await keepTimes(ctx.db, rows));
    forgetPolicies(ctx.db);
    return { updated: rows.length, problems };
  },
};

/** Unchanged documents keep their `updated_at`, so caches keyed on it stay warm. */
async function keepTimes(db: Parameters<typeof listPolicyRows>[0], rows: PolicyRow[]): Promise<PolicyRow[]> {
  const old = new Map((await listPolicyRows(db)).map((r) => [r.name, r]));
  return rows.map((r) => {
    const o = old.get(r.name);
    return o && o.spec === r.spec && o.source === r.source && o.file === r.file && o.doc === r.doc ? { ...r, updated_at: o.updated_at } : r;
  });
}
