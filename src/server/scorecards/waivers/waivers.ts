// Waivers (an exception for one requirement of one entity, with a reason and a required,
// bounded expiry) and attestations (a person vouches for a `manual` requirement). Both are
// audited. Evaluation reads only approved, unexpired waivers, so an expired waiver stops
// counting by itself at the next evaluation.
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/tokens.ts';
import type { Db } from '../../platform/db/connect.ts';
import { olderThan } from '../../platform/db/pages.ts';
import { ConflictError, InputError, NotAllowedError, NotFoundError, problem } from '../../platform/problems.ts';
import type { Requirement } from '../document/document.ts';
import { loadRubrics } from '../repository.ts';
import { existingEntityRefs } from '../../catalog/index.ts';
import type { WaiverRow } from '../tables.ts';
import { bumpScorecardsGeneration } from '../generation.ts';

const DAY_MS = 86_400_000;

export interface WaiverInput {
  entity: string;
  scorecard: string;
  requirement: string;
  reason: string;
  expiresAt: string;
}

/** The requirement, or a NotFoundError naming what is missing. The entity must exist too. */
async function requirementOf(db: Db, entity: string, scorecard: string, requirement: string): Promise<Requirement> {
  const exists = (await existingEntityRefs(db, [entity])).has(entity);
  if (!exists) throw new NotFoundError(`no entity ${entity}`, [problem(`no entity ${entity}`, { field: 'body.entity' })]);
  const [rubric] = await loadRubrics(db, [scorecard]);
  if (!rubric) throw new NotFoundError(`no scorecard '${scorecard}'`, [problem(`no scorecard '${scorecard}'`, { field: 'body.scorecard' })]);
  const req = rubric.spec.requirements.find((r) => r.id === requirement);
  if (!req) throw new NotFoundError(`scorecard '${scorecard}' has no requirement '${requirement}'`, [problem('no such requirement', { field: 'body.requirement' })]);
  return req;
}

function futureWithin(iso: string, now: Date, maxDays: number | undefined, field: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new InputError(`${field}: not a time`, [problem('an ISO-8601 time', { field })]);
  if (t <= now.getTime()) throw new InputError(`${field}: must be in the future`, [problem('must be in the future', { field })]);
  if (maxDays !== undefined && t > now.getTime() + maxDays * DAY_MS) {
    throw new InputError(`${field}: at most ${maxDays} days ahead (scorecards.waiverMaxDays)`, [problem(`at most ${maxDays} days ahead`, { field })]);
  }
  return new Date(t).toISOString();
}

export async function requestWaiver(db: Db, input: WaiverInput, who: Principal, now: Date, maxDays: number): Promise<WaiverRow> {
  await requirementOf(db, input.entity, input.scorecard, input.requirement);
  const row: WaiverRow = {
    id: randomUUID(),
    scorecard: input.scorecard,
    entity: input.entity,
    requirement: input.requirement,
    reason: input.reason,
    status: 'requested',
    requested_by: who.name,
    requested_at: now.toISOString(),
    decided_by: null,
    decided_at: null,
    expires_at: futureWithin(input.expiresAt, now, maxDays, 'body.expiresAt'),
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('waivers').values(row).execute();
    await recordAudit(tx, { actor: who.name, action: 'waiver.request', target: row.entity, details: { id: row.id, scorecard: row.scorecard, requirement: row.requirement, reason: row.reason, expiresAt: row.expires_at } }, now);
  });
  return row;
}

export async function decideWaiver(db: Db, id: string, decision: 'approved' | 'rejected', who: Principal, now: Date): Promise<WaiverRow> {
  const row = await db.selectFrom('waivers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no waiver ${id}`);
  if (row.status !== 'requested') throw new ConflictError(`waiver ${id} is already ${row.status}`);
  // Four eyes: whoever asked for the exception does not grant (or withdraw it as a decision).
  if (row.requested_by === who.name) throw new NotAllowedError(`${who.name} requested waiver ${id}; another editor must ${decision === 'approved' ? 'approve' : 'reject'} it`);
  if (decision === 'approved' && Date.parse(row.expires_at) <= now.getTime()) throw new ConflictError(`waiver ${id} expired on ${row.expires_at}; request a new one`);
  const decided = { ...row, status: decision, decided_by: who.name, decided_at: now.toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('waivers').set({ status: decision, decided_by: who.name, decided_at: decided.decided_at }).where('id', '=', id).execute();
    await recordAudit(tx, { actor: who.name, action: decision === 'approved' ? 'waiver.approve' : 'waiver.reject', target: row.entity, details: { id, scorecard: row.scorecard, requirement: row.requirement } }, now);
    await bumpScorecardsGeneration(tx); // an approved waiver shows on the report card
  });
  return decided;
}

/** Waivers newest first; `after` is the (requested_at, id) of the last row of the previous page. */
export async function listWaivers(db: Db, filter: { entity?: string; status?: string; limit: number; after?: [string, string] }, now: Date) {
  let q = db.selectFrom('waivers').selectAll().orderBy('requested_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.after) q = q.where(olderThan('requested_at', 'id', filter.after));
  const rows = await q.execute();
  return rows.map((w) => ({ ...waiverView(w), active: w.status === 'approved' && Date.parse(w.expires_at) > now.getTime() }));
}

export const waiverView = (w: WaiverRow) => ({
  id: w.id,
  entity: w.entity,
  scorecard: w.scorecard,
  requirement: w.requirement,
  reason: w.reason,
  // The waivers table holds only these three (requestWaiver, decideWaiver write them).
  status: w.status as 'requested' | 'approved' | 'rejected',
  requestedBy: w.requested_by,
  requestedAt: w.requested_at,
  decidedBy: w.decided_by,
  decidedAt: w.decided_at,
  expiresAt: w.expires_at,
});

export interface AttestationInput {
  entity: string;
  scorecard: string;
  requirement: string;
  passed: boolean;
  note?: string;
  expiresAt: string;
}

/** Records (or replaces) the attestation of a `manual` requirement. */
export async function attest(db: Db, input: AttestationInput, who: Principal, now: Date): Promise<void> {
  const req = await requirementOf(db, input.entity, input.scorecard, input.requirement);
  if (req.check.type !== 'manual') throw new InputError(`requirement '${input.requirement}' is checked by '${req.check.type}', not attested by hand`, [problem('not a manual requirement', { field: 'body.requirement' })]);
  const row = {
    scorecard: input.scorecard,
    entity: input.entity,
    requirement: input.requirement,
    passed: input.passed ? 1 : 0,
    note: input.note ?? null,
    attested_by: who.name,
    attested_at: now.toISOString(),
    expires_at: futureWithin(input.expiresAt, now, undefined, 'body.expiresAt'),
  };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('attestations').values(row).onConflict((oc) => oc.columns(['scorecard', 'entity', 'requirement']).doUpdateSet(row)).execute();
    await recordAudit(tx, { actor: who.name, action: 'attestation.record', target: row.entity, details: { scorecard: row.scorecard, requirement: row.requirement, passed: input.passed, expiresAt: row.expires_at } }, now);
  });
}
