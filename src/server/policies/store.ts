// Policies as stored: loaded from the catalog sources (a document consumer) or put through the
// API. A bad set never half-applies: the previous good policies keep deciding, and the problems
// are recorded (catalog_imports row `policies`, so every process and /status see them).
import type { LoadedDocument } from '../catalog/load.ts';
import { recordImport } from '../catalog/repository.ts';
import type { Db } from '../platform/db/connect.ts';
import type { AppDeps } from '../platform/deps.ts';
import { ConflictError, InputError, errorsOnly, type Problem } from '../platform/problems.ts';
import { checkPolicySet, parsePolicy, POLICY_API_VERSION, type Policy } from './document.ts';
import { listPolicyRows, replacePolicyRows, upsertPolicyRow } from './repository.ts';
import type { PolicyRow } from './tables.ts';

export const POLICY_STATUS_SOURCE = 'policies';
export const FROM_SOURCES = 'sources';
export const FROM_API = 'api';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'log'>;

/** Parsed policies by row identity: rows are re-read every time, parsing happens once per version. */
const parsed = new Map<string, Policy | null>();

function parseRow(row: PolicyRow): Policy | null {
  const key = `${row.name}\u0000${row.updated_at}\u0000${row.spec}`;
  let p = parsed.get(key);
  if (p === undefined) {
    p = parsePolicy(JSON.parse(row.spec), { file: row.file ?? undefined, doc: row.doc ?? undefined }).policy ?? null;
    if (parsed.size > 1000) parsed.clear();
    parsed.set(key, p);
  }
  return p;
}

/**
 * How long a process reuses the policies it read before reading them again: deploy decisions
 * sit on every pipeline's hot path. Writes in this process take effect at once; another
 * process's writes within RECHECK_MS.
 */
export const RECHECK_MS = 1000;
const recent = new WeakMap<Db, { at: number; list: { policy: Policy; row: PolicyRow }[] }>();
const forget = (db: Db) => recent.delete(db);

/** Every stored policy, parsed (stored rows were valid when written), by name. */
export async function loadPolicies(db: Db): Promise<{ policy: Policy; row: PolicyRow }[]> {
  const hit = recent.get(db);
  if (hit && performance.now() - hit.at < RECHECK_MS) return hit.list;
  const list = await readPolicies(db);
  recent.set(db, { at: performance.now(), list });
  return list;
}

async function readPolicies(db: Db): Promise<{ policy: Policy; row: PolicyRow }[]> {
  const rows = await listPolicyRows(db);
  const out: { policy: Policy; row: PolicyRow }[] = [];
  for (const row of rows) {
    const policy = parseRow(row);
    if (policy) out.push({ policy, row });
  }
  return out;
}

const isPolicyDoc = (d: LoadedDocument) => d.apiVersion === POLICY_API_VERSION && d.kind === 'Policy';

/** Validates the policy documents of the sources together with the API's; every problem at once. */
export function validatePolicyDocuments(documents: LoadedDocument[], others: Policy[] = []): { policies: Policy[]; problems: Problem[] } {
  const policies: Policy[] = [];
  const problems: Problem[] = [];
  for (const d of documents.filter(isPolicyDoc)) {
    const r = parsePolicy(d.body, { file: d.file, doc: d.doc });
    problems.push(...r.problems);
    if (r.policy) policies.push(r.policy);
  }
  problems.push(...checkPolicySet([...policies, ...others]));
  return { policies, problems };
}

/** The document consumer: replaces the sources' policies when, and only when, all of them are good. */
export async function consumePolicyDocuments(deps: Deps, documents: LoadedDocument[]): Promise<{ applied: boolean; problems: Problem[] }> {
  const started = deps.clock();
  const fromApi = (await readPolicies(deps.db)).filter((p) => p.row.source === FROM_API).map((p) => p.policy);
  const { policies, problems } = validatePolicyDocuments(documents, fromApi);
  const applied = errorsOnly(problems).length === 0;
  const byName = new Map(documents.filter(isPolicyDoc).map((d) => [(d.body.metadata as { name?: string } | undefined)?.name, d]));
  if (applied) {
    const now = started.toISOString();
    const rows = policies.map((p) => toRow(p, byName.get(p.name)?.body ?? {}, FROM_SOURCES, now));
    await replacePolicyRows(deps.db, FROM_SOURCES, await keepTimes(deps.db, rows));
    forget(deps.db);
  } else {
    deps.log.warn({ problems }, 'policies not applied: the previous policies stay in force');
  }
  await recordPolicyStatus(deps.db, { applied, count: policies.length, problems, started, finished: deps.clock() });
  return { applied, problems };
}

/** Unchanged documents keep their `updated_at`, so caches keyed on it stay warm. */
async function keepTimes(db: Db, rows: PolicyRow[]): Promise<PolicyRow[]> {
  const old = new Map((await listPolicyRows(db)).map((r) => [r.name, r]));
  return rows.map((r) => {
    const o = old.get(r.name);
    return o && o.spec === r.spec && o.source === r.source && o.file === r.file && o.doc === r.doc ? { ...r, updated_at: o.updated_at } : r;
  });
}

function toRow(p: Policy, body: unknown, source: string, now: string): PolicyRow {
  return { name: p.name, scorecard: p.scorecard, spec: JSON.stringify(body), source, file: p.source.file ?? null, doc: p.source.doc ?? null, updated_at: now };
}

async function recordPolicyStatus(db: Db, r: { applied: boolean; count: number; problems: Problem[]; started: Date; finished: Date }): Promise<void> {
  await recordImport(db, {
    source: POLICY_STATUS_SOURCE,
    started_at: r.started.toISOString(),
    finished_at: r.finished.toISOString(),
    status: r.applied ? 'ok' : 'failed',
    entity_count: r.count,
    duration_ms: r.finished.getTime() - r.started.getTime(),
    problems: JSON.stringify(r.problems),
  });
}

/** The problems of the last load from the sources (empty when it was good). */
export async function lastPolicyProblems(db: Db): Promise<{ status: string | null; at: string | null; problems: Problem[] }> {
  const row = await db.selectFrom('catalog_imports').selectAll().where('source', '=', POLICY_STATUS_SOURCE).executeTakeFirst();
  return { status: row?.status ?? null, at: row?.finished_at ?? null, problems: row ? (JSON.parse(row.problems) as Problem[]) : [] };
}

/** `PUT /api/v1/policies`: create or replace one policy from the API. Sources' policies are changed in their files. */
export async function putPolicy(db: Db, body: unknown, now: Date): Promise<{ policy: Policy; created: boolean }> {
  const at = { file: 'request body', doc: 0 };
  const { policy, problems } = parsePolicy(body, at);
  if (!policy) throw InputError.fromProblems('invalid policy', problems);
  const existing = await readPolicies(db);
  const same = existing.find((p) => p.policy.name === policy.name);
  if (same && same.row.source !== FROM_API) throw new ConflictError(`policy ${policy.name} comes from ${same.row.file ?? 'the sources'}; change it there`);
  const setProblems = checkPolicySet([...existing.filter((p) => p.policy.name !== policy.name).map((p) => p.policy), policy]);
  if (setProblems.length > 0) throw InputError.fromProblems('invalid policy', setProblems);
  await upsertPolicyRow(db, { ...toRow(policy, body, FROM_API, now.toISOString()), file: null, doc: null });
  forget(db);
  return { policy, created: !same };
}
