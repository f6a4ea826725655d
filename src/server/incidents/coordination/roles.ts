// Roles: exactly one incident manager at a time (a handoff ends the old and starts the new in
// one transaction; the database refuses a second one), a communications lead, any number of
// responders. Anyone can hold a role: the people paged need not be the people fixing.
import { randomUUID } from 'node:crypto';
import type { IncidentRole } from '../../../common/api/incidents.ts';
import { ConflictError, NotFoundError, problem } from '../../platform/problems.ts';
import { staleVersion } from '../learning/postmortems.ts';
import type { WriteCtx } from '../record/context.ts';
import { toMinute } from '../record/model.ts';
import { activeRoles, endRole, insertRole } from '../record/repository.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { IncidentRow } from '../tables.ts';

const NAMES: Record<IncidentRole, string> = { manager: 'incident manager', comms: 'communications lead', responder: 'responder' };

/** A unique-index violation: someone else took the role in the same moment. */
function isUniqueViolation(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

export async function assignRole(ctx: WriteCtx, row: IncidentRow, a: { role: IncidentRole; person: string; version?: number }): Promise<void> {
  if (row.state === 'closed') throw new ConflictError(`INC-${row.number} is closed; closed is final`);
  if (a.version !== undefined && a.version !== row.version) throw staleVersion(`incident INC-${row.number}`, row.version, a.version);
  const holders = (await activeRoles(ctx.db, row.id)).filter((r) => r.role === a.role);
  if (holders.some((h) => h.person === a.person)) throw new ConflictError(`${a.person} is already the ${NAMES[a.role]}`, [problem('already holds the role', { field: 'body.person' })]);
  const at = toMinute(ctx.now.toISOString());
  const previous = a.role === 'responder' ? undefined : holders[0];
  if (previous && !(await endRole(ctx.db, previous.id, at))) throw new ConflictError(`the ${NAMES[a.role]} changed while you handed over; reload`);
  try {
    await insertRole(ctx.db, { id: randomUUID(), incident_id: row.id, role: a.role, person: a.person, assigned_by: ctx.actor, assigned_at: at, ended_at: null });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`someone else became the ${NAMES[a.role]} of INC-${row.number} at the same moment; reload`);
    throw err;
  }
  const text = previous ? `Handoff: ${NAMES[a.role]} ${previous.person} → ${a.person}` : `${a.person} is the ${NAMES[a.role]}`;
  await appendTimeline(ctx.db, row.id, [{ kind: 'role', text, author: ctx.actor, data: { role: a.role, person: a.person, from: previous?.person ?? null } }], ctx.now);
}

/** Responders and the communications lead may step down; the incident manager only hands over. */
export async function endRoleOf(ctx: WriteCtx, row: IncidentRow, roleId: string): Promise<void> {
  const role = (await activeRoles(ctx.db, row.id)).find((r) => r.id === roleId);
  if (!role) throw new NotFoundError(`no active role ${roleId} on INC-${row.number}`);
  if (role.role === 'manager') throw new ConflictError('the incident manager cannot step down without a successor: hand the role over instead');
  await endRole(ctx.db, role.id, toMinute(ctx.now.toISOString()));
  await appendTimeline(ctx.db, row.id, [{ kind: 'role', text: `${role.person} is no longer ${NAMES[role.role as IncidentRole]}`, author: ctx.actor, data: { role: role.role, person: role.person, ended: true } }], ctx.now);
}
