// The policy set in force: from the catalog sources (kind.ts) or put through the API, read by every
// deploy decision (cached briefly per process).
import type { Db } from '../platform/db/connect.ts';
import { kindStatusName } from '../platform/documents/refresh.ts';
import { sourceStatus } from '../platform/documents/status.ts';
import { ConflictError, InputError, type Problem } from '../platform/problems.ts';
import { checkPolicySet, parsePolicy, type Policy } from './document.ts';
import { policyKind } from './kind.ts';
import { listPolicyRows, upsertPolicyRow } from './repository.ts';
import type { PolicyRow } from './tables.ts';

export const FROM_SOURCES = 'sources';
export const FROM_API = 'api';

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
export const forgetPolicies = (db: Db) => recent.delete(db);

/** Every stored policy, parsed (stored rows were valid when written), by name. */
export async function loadPolicies(db: Db): Promise<{ policy: Policy; row: PolicyRow }[]> {
  const hit = recent.get(db);
  if (hit && performance.now() - hit.at < RECHECK_MS) return hit.list;
  const list = await readPolicies(db);
  recent.set(db, { at: performance.now(), list });
  return list;
}

export async function readPolicies(db: Db): Promise<{ policy: Policy; row: PolicyRow }[]> {
  const rows = await listPolicyRows(db);
  const out: { policy: Policy; row: PolicyRow }[] = [];
  for (const row of rows) {
    const policy = parseRow(row);
    if (policy) out.push({ policy, row });
  }
  return out;
}

export function toRow(p: Policy, body: unknown, source: string, now: string): PolicyRow {
  return { name: p.name, scorecard: p.scorecard, spec: JSON.stringify(body), source, file: p.source.file ?? null, doc: p.source.doc ?? null, updated_at: now };
}

/** The problems of the last load from the sources (empty when it was good). */
export async function lastPolicyProblems(db: Db): Promise<{ status: string | null; at: string | null; problems: Problem[] }> {
  return sourceStatus(db, kindStatusName(policyKind));
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
  forgetPolicies(db);
  return { policy, created: !same };
}
