// Facts: observations about an entity ("backup-restored", "drill-done") pushed by jobs and
// pipelines through POST /api/v1/facts, or written in a Facts document beside the catalog:
//
//   apiVersion: tally.dev/v1
//   kind: Facts
//   spec:
//     facts:
//       - { entity: checkout, name: backup-restored, value: { ok: true }, observedAt: 2026-11-20T03:00:00Z }
//       - { entity: payments, name: drill-done, value: true, observedAt: -10d }   # relative to now
//
// The latest observation per (entity, name) is kept; `fact` checks judge it.
import { z } from 'zod';
import { parseDuration } from '../../common/duration.ts';
import { instantSchema, nonFiniteAt } from '../../common/instant.ts';
import { normalizeRef } from '../../common/refs.ts';
import { existingEntityRefs } from '../catalog/index.ts';
import type { Db } from '../platform/db/connect.ts';
import type { EventBus } from '../platform/events/events.ts';
import { InputError, NotFoundError, TooLargeError, fieldPath, problem, type Problem } from '../platform/problems.ts';
import { upsertFacts } from './repository.ts';
import type { FactRow } from './tables.ts';

/** The latest observation of a fact about an entity. */
export interface Fact {
  name: string;
  value: unknown;
  observedAt: string; // ISO-8601
}

/** Published when facts were stored: scorecards re-evaluate the entities. */
export const FACTS_RECORDED = 'facts.recorded';

/** Largest fact value, as JSON. */
export const MAX_FACT_VALUE_BYTES = 16 * 1024;
/** How far in the future `observedAt` may be (clock skew between machines). */
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_FACTS_PER_BATCH = 5000;

export const factInputSchema = z.strictObject({
  entity: z.string().min(1).max(400).describe('entity ref; a bare name means a Component'),
  name: z.string().max(200).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a fact name: letters, digits, ".", "_", "-"'),
  value: z.unknown().refine((v) => v !== undefined, 'required').refine((v) => nonFiniteAt(v) === undefined, 'numbers must be finite (a number like 1e400 is out of range)'),
  observedAt: instantSchema,
});

/**
 * `observedAt` may also be relative to now — `-10d`, `-3h` — so that demo data and fixtures
 * keep their meaning whenever they are loaded. Anything else is left for the schema to judge.
 */
export function withAbsoluteTime(item: unknown, now: Date): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const at = (item as { observedAt?: unknown }).observedAt;
  const ms = typeof at === 'string' && at.startsWith('-') ? parseDuration(at.slice(1)) : undefined;
  return ms === undefined ? item : { ...item, observedAt: new Date(now.getTime() - ms).toISOString() };
}

export const factsDocumentSchema = z.strictObject({
  apiVersion: z.literal('tally.dev/v1'),
  kind: z.literal('Facts'),
  metadata: z.looseObject({ name: z.string().max(200).optional() }).optional(),
  spec: z.strictObject({ facts: z.array(z.unknown()).min(1).max(MAX_FACTS_PER_BATCH) }),
});

interface Located {
  file?: string;
  doc?: number;
  /** Field prefix of each item, e.g. `spec.facts` or `facts`. */
  base: string;
  /** One item given alone (not in a list): fields are `base.field`, without an index. */
  single?: boolean;
}

/** Which of these refs the catalog holds: the database's, or the files' when offline. */
export type KnownRefs = (refs: string[]) => Promise<ReadonlySet<string>> | ReadonlySet<string>;

/**
 * Validates fact items against the schema, the catalog, the clock and the size limit; every
 * problem names `base[i].field`. Rows are returned only when there is no problem at all.
 */
export async function validateFacts(known: KnownRefs, items: readonly unknown[], at: Located, now: Date, source: string): Promise<{ rows: FactRow[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const where = (i: number, field: string) => ({ ...(at.file !== undefined ? { file: at.file, doc: at.doc } : {}), field: `${at.base}${at.single ? '' : `[${i}]`}${field ? `.${field}` : ''}` });
  const parsed = items.map((item, i) => {
    const r = factInputSchema.safeParse(withAbsoluteTime(item, now));
    if (!r.success) problems.push(...r.error.issues.map((x) => problem(x.message, where(i, fieldPath(x.path)))));
    return r.success ? r.data : undefined;
  });
  const refs = parsed.map((f, i) => {
    const ref = f ? normalizeRef(f.entity, { defaultKind: 'component' }) : undefined;
    if (f && !ref) problems.push(problem(`"${f.entity}" is not an entity reference`, where(i, 'entity')));
    return ref;
  });
  const exists = await known(refs.filter((r): r is string => !!r));
  const rows: FactRow[] = [];
  parsed.forEach((f, i) => {
    const ref = refs[i];
    if (!f || !ref) return;
    if (!exists.has(ref)) problems.push(problem(`no entity ${ref} in the catalog`, where(i, 'entity')));
    if (Date.parse(f.observedAt) > now.getTime() + MAX_FUTURE_MS) problems.push(problem(`observedAt ${f.observedAt} is in the future`, where(i, 'observedAt')));
    const value = JSON.stringify(f.value);
    if (value.length > MAX_FACT_VALUE_BYTES) problems.push(problem(`value is ${value.length} bytes as JSON, over the ${MAX_FACT_VALUE_BYTES}-byte limit`, where(i, 'value')));
    rows.push({ entity: ref, name: f.name, value, observed_at: f.observedAt, received_at: now.toISOString(), source });
  });
  return { rows: problems.length ? [] : rows, problems };
}

/**
 * API input: one fact, or `{ facts: [...] }`. All or nothing. A single fact about an unknown
 * entity is a 404, an oversized value a 413; anything else (and any batch problem) a 400.
 */
export async function recordFactsFromApi({ db, events }: { db: Db; events: EventBus }, body: unknown, now: Date, actor: string): Promise<{ accepted: number; entities: string[] }> {
  const batch = typeof body === 'object' && body !== null && Array.isArray((body as { facts?: unknown }).facts);
  const items = batch ? ((body as { facts: unknown[] }).facts ?? []) : [body];
  if (items.length === 0 || items.length > MAX_FACTS_PER_BATCH) throw new InputError(`facts: between 1 and ${MAX_FACTS_PER_BATCH} facts per request`, [problem('wrong number of facts', { field: 'body.facts' })]);
  const { rows, problems } = await validateFacts((refs) => existingEntityRefs(db, refs), items, { base: batch ? 'body.facts' : 'body', single: !batch }, now, `api:${actor}`);
  if (problems.length) throw singleOrBatchError(problems, batch);
  const entities = [...new Set(rows.map((r) => r.entity))];
  await db.transaction().execute(async (tx) => {
    await upsertFacts(tx, rows);
    await events.publish(tx, [{ type: FACTS_RECORDED, payload: { entities } }], now);
  });
  return { accepted: rows.length, entities };
}

/**
 * Facts another domain observed (e.g. a drill's outcome), written in the caller's transaction
 * with the same validation as the API; all or nothing. `source` names the domain, e.g. `incidents`.
 */
export async function recordFacts(db: Db, events: EventBus, items: readonly { entity: string; name: string; value: unknown; observedAt: string }[], now: Date, source: string): Promise<number> {
  if (items.length === 0) return 0;
  const { rows, problems } = await validateFacts((refs) => existingEntityRefs(db, refs), items, { base: 'facts' }, now, source);
  if (problems.length) throw InputError.fromProblems('invalid facts', problems);
  await upsertFacts(db, rows);
  await events.publish(db, [{ type: FACTS_RECORDED, payload: { entities: [...new Set(rows.map((r) => r.entity))] } }], now);
  return rows.length;
}

function singleOrBatchError(problems: Problem[], batch: boolean): Error {
  const first = problems[0];
  const text = `${first.field}: ${first.message}`;
  if (!batch && problems.length === 1 && first.field === 'body.entity' && first.message.startsWith('no entity')) return new NotFoundError(first.message, problems);
  if (!batch && problems.length === 1 && first.field === 'body.value' && first.message.includes('-byte limit')) return new TooLargeError(text, problems);
  return InputError.fromProblems('invalid facts', problems);
}
