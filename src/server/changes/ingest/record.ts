// Recording changes: the one path every ingest (REST, CLI, GitHub, PagerDuty, webhooks, the
// demo seed) goes through. Validates with the clock, flags unmapped changes (kept, never
// dropped), is idempotent on (source, externalId), and resolves out-of-order deliveries with
// shouldApply. Call inside a transaction opened at the edge.
import { randomUUID } from 'node:crypto';
import { changeBatchSchema, changeInputSchema, changePatchSchema, validateChangeInput, type ChangeInput } from '../../../common/changes.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { DomainEvent, EventBus } from '../../platform/events/events.ts';
import { InputError, NotFoundError, errorsOnly, zodProblems, type Problem } from '../../platform/problems.ts';
import { shouldApply } from './webhook.ts';
import { existingEntityRefs } from '../../catalog/index.ts';
import { getChangeRow, insertChangeRows, previousDeployedVersions, rowsByExternalId, updateChangeRow } from '../repository.ts';
import { changeToRow, presentChange, rowToChange } from '../rows.ts';
import type { ChangeRow } from '../tables.ts';

export interface RecordOutcome {
  id: string;
  /** A new record (false: an existing one with the same source and externalId). */
  created: boolean;
  /** False when a stored, newer state of the change was kept (an out-of-order delivery). */
  applied: boolean;
  unmapped: boolean;
  /** Warnings, e.g. a commit time after the start. */
  problems: Problem[];
}

/** `POST /api/v1/changes` takes one change or `{changes: [...]}`; errors name `changes[i].field`. */
export function parseChangeBody(body: unknown): { inputs: ChangeInput[]; batch: boolean } {
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'changes' in body;
  const parsed = batch ? changeBatchSchema.safeParse(body) : changeInputSchema.safeParse(body);
  if (!parsed.success) throw InputError.fromProblems(batch ? 'invalid batch of changes' : 'invalid change', zodProblems(parsed.error));
  return { inputs: batch ? (parsed.data as { changes: ChangeInput[] }).changes : [parsed.data as ChangeInput], batch };
}

/** Published with the changes a call stored for the first time: `{ changes: [{ id, kind, entities, status, environment, startedAt }] }`. */
export const CHANGE_RECORDED = 'change.recorded';

/**
 * Published once per change (key `change.failed|<id>`) when a stored change is, or becomes, a
 * failed or rolled-back one: `{ id, kind, automated, status, entities, environment, summary,
 * startedAt, finishedAt }`. Incidents open a "postmortem required" record for automated deploys.
 */
export const CHANGE_FAILED = 'change.failed';
const FAILED_STATUSES = new Set(['failed', 'rolled-back']);

type FailedInput = Pick<ChangeInput, 'kind' | 'automated' | 'status' | 'entities' | 'environment' | 'summary' | 'startedAt' | 'finishedAt'>;

/** The `change.failed` events of changes stored as failed or rolled back. */
export function changeFailedEvents(stored: { id: string; change: FailedInput }[]): DomainEvent[] {
  return stored
    .filter((s) => FAILED_STATUSES.has(s.change.status))
    .map(({ id, change: c }) => ({
      type: CHANGE_FAILED,
      key: `${CHANGE_FAILED}|${id}`,
      payload: { id, kind: c.kind, automated: c.automated, status: c.status, entities: c.entities, environment: c.environment, summary: c.summary, startedAt: c.startedAt, finishedAt: c.finishedAt ?? null },
    }));
}

/**
 * Records changes, all or nothing: any invalid change refuses the whole call with every fault
 * listed. Call inside a transaction; `events` publishes `change.recorded` in it.
 */
export async function recordChanges(db: Db, inputs: ChangeInput[], now: Date, opts: { batch?: boolean; events?: EventBus } = {}): Promise<RecordOutcome[]> {
  const warnings = inputs.map((input, i) => validateChangeInput(input, now, opts.batch ? `changes[${i}].` : ''));
  const errors = warnings.flatMap(errorsOnly);
  if (errors.length) throw InputError.fromProblems(opts.batch ? 'invalid batch of changes' : 'invalid change', errors);
  const known = await existingEntityRefs(db, inputs.flatMap((c) => c.entities));
  const filled = await fillPreviousVersions(db, inputs);
  const stamp = now.toISOString();
  const existing = await rowsByExternalId(db, filled.flatMap((c) => (c.externalId ? [{ source: c.source, externalId: c.externalId }] : [])));
  const outcomes: RecordOutcome[] = [];
  const fresh: ChangeRow[] = [];
  const freshByKey = new Map<string, ChangeRow>();
  for (const [i, input] of filled.entries()) {
    const unmapped = !input.entities.some((e) => known.has(e));
    const key = input.externalId ? `${input.source}\u0000${input.externalId}` : undefined;
    const stored = key ? (existing.get(key) ?? freshByKey.get(key)) : undefined;
    if (stored) {
      const applied = await applyUpdate(db, stored, input, unmapped, stamp, freshByKey.has(key!));
      outcomes.push({ id: stored.id, created: false, applied, unmapped: applied ? unmapped : stored.unmapped === 1, problems: warnings[i] });
      continue;
    }
    const row = changeToRow(input, { id: randomUUID(), unmapped, createdAt: stamp, updatedAt: stamp });
    fresh.push(row);
    if (key) freshByKey.set(key, row);
    outcomes.push({ id: row.id, created: true, applied: true, unmapped, problems: warnings[i] });
  }
  const inserted = await insertChangeRows(db, fresh);
  if (inserted.size < fresh.length) await resolveRaces(db, fresh, inserted, outcomes, stamp);
  const created = fresh.filter((r) => inserted.has(r.id));
  if (opts.events && created.length) {
    const changes = created.map((r) => ({ id: r.id, kind: r.kind, entities: JSON.parse(r.entities) as string[], status: r.status, environment: r.environment, startedAt: r.started_at }));
    await opts.events.publish(db, [{ type: CHANGE_RECORDED, payload: { changes } }], now);
  }
  const failed = changeFailedEvents(outcomes.flatMap((o, i) => (o.applied ? [{ id: o.id, change: filled[i] }] : [])));
  if (opts.events && failed.length) await opts.events.publish(db, failed, now);
  return outcomes;
}

/** Fills each deploy's missing previousVersion from its entity's last succeeded deploy in the same environment (stored before this call). */
async function fillPreviousVersions(db: Db, inputs: ChangeInput[]): Promise<ChangeInput[]> {
  const wanted = inputs.flatMap((input, i) => (input.kind === 'deploy' && !input.previousVersion && input.entities.length > 0 ? [i] : []));
  const found = await previousDeployedVersions(db, wanted.map((i) => [inputs[i].entities[0], inputs[i].environment, new Date(inputs[i].startedAt).toISOString()]));
  const out = [...inputs];
  wanted.forEach((i, k) => {
    const previous = found[k];
    if (previous && previous !== inputs[i].version) out[i] = { ...inputs[i], previousVersion: previous };
  });
  return out;
}

/** Overwrites a stored change with a later state; fields the delivery leaves out are kept. */
async function applyUpdate(db: Db, stored: ChangeRow, input: ChangeInput, unmapped: boolean, stamp: string, pendingInsert: boolean): Promise<boolean> {
  const current = rowToChange(stored);
  if (!shouldApply(current, input)) return false;
  const merged: ChangeInput = { ...current, ...definedOnly(input) };
  const row = changeToRow(merged, { id: stored.id, unmapped, createdAt: stored.created_at, updatedAt: stamp });
  if (pendingInsert) Object.assign(stored, row);
  else await updateChangeRow(db, row);
  return true;
}

/** Another request inserted the same (source, externalId) between our read and our insert. */
async function resolveRaces(db: Db, fresh: ChangeRow[], inserted: Set<string>, outcomes: RecordOutcome[], stamp: string): Promise<void> {
  const lost = fresh.filter((r) => !inserted.has(r.id));
  const winners = await rowsByExternalId(db, lost.map((r) => ({ source: r.source, externalId: r.external_id! })));
  for (const row of lost) {
    const winner = winners.get(`${row.source}\u0000${row.external_id}`);
    const outcome = outcomes.find((o) => o.id === row.id);
    if (!winner || !outcome) continue;
    outcome.applied = await applyUpdate(db, winner, rowToChange(row), row.unmapped === 1, stamp, false);
    outcome.id = winner.id;
    outcome.created = false;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `PATCH /api/v1/changes/{id}`: status, finish time, postmortem and the other mutable fields. */
export async function patchChange(db: Db, id: string, body: unknown, now: Date, opts: { events?: EventBus } = {}) {
  const parsed = changePatchSchema.safeParse(body);
  if (!parsed.success) throw InputError.fromProblems('invalid change update', zodProblems(parsed.error));
  const row = await getChangeRow(db, id);
  if (!row) throw new NotFoundError(`no change with id ${id}`);
  const merged = { ...rowToChange(row), ...definedOnly(parsed.data) };
  const errors = errorsOnly(validateChangeInput(merged, now));
  if (errors.length) throw InputError.fromProblems('invalid change update', errors);
  const updated = changeToRow(merged, { id, unmapped: row.unmapped === 1, createdAt: row.created_at, updatedAt: now.toISOString() });
  await updateChangeRow(db, updated);
  if (opts.events && parsed.data.status) await opts.events.publish(db, changeFailedEvents([{ id, change: merged }]), now);
  return presentChange(updated);
}
