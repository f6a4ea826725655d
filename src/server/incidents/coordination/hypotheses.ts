// Hypotheses: "if it is not this, what else could it be?" Each is open, ruled out (with the
// evidence) or confirmed. The page prompts for a second hypothesis before the first is confirmed
// — a prompt, never a lock.
import type { HypothesisView } from '../../../common/api/incidents.ts';
import { InputError, NotFoundError, problem } from '../../platform/problems.ts';
import { staleVersion } from '../learning/postmortems.ts';
import type { WriteCtx } from '../record/context.ts';
import { orderedId } from '../record/ids.ts';
import { appendTimeline } from '../record/timeline.ts';
import type { HypothesisRow, IncidentRow } from '../tables.ts';
import { hypothesesOf, insertHypothesis, updateHypothesisVersioned } from './repository.ts';

export const SECOND_HYPOTHESIS_PROMPT = 'If it is not this, what else could it be? Write down a second hypothesis before confirming the first.';

/** The prompt shows while fewer than two hypotheses exist and none is confirmed yet. */
export function hypothesisPrompts(rows: readonly Pick<HypothesisRow, 'state'>[]): string[] {
  return rows.length === 1 && rows[0].state === 'open' ? [SECOND_HYPOTHESIS_PROMPT] : [];
}

export async function addHypothesis(ctx: WriteCtx, incident: IncidentRow, text: string): Promise<HypothesisRow> {
  const at = ctx.now.toISOString();
  const row: HypothesisRow = { id: orderedId(ctx.now), incident_id: incident.id, text, state: 'open', evidence: null, created_by: ctx.actor, created_at: at, updated_at: at, version: 1 };
  await insertHypothesis(ctx.db, row);
  await appendTimeline(ctx.db, incident.id, [{ kind: 'hypothesis', text: `Hypothesis: ${text}`, author: ctx.actor, data: { id: row.id, state: 'open' } }], ctx.now);
  return row;
}

export interface HypothesisPatch {
  version: number;
  state?: 'open' | 'ruled-out' | 'confirmed';
  evidence?: string;
  text?: string;
}

/** Ruling out needs the evidence; returns the prompts that applied (confirming a lone hypothesis). */
export async function patchHypothesis(ctx: WriteCtx, incident: IncidentRow, id: string, p: HypothesisPatch): Promise<{ prompts: string[] }> {
  const all = await hypothesesOf(ctx.db, incident.id);
  const current = all.find((h) => h.id === id);
  if (!current) throw new NotFoundError(`no hypothesis ${id} on INC-${incident.number}`);
  if (p.state === 'ruled-out' && !(p.evidence ?? current.evidence)) throw InputError.fromProblems('ruling out needs the evidence', [problem('say what ruled it out', { field: 'body.evidence' })]);
  const set: Partial<HypothesisRow> = { updated_at: ctx.now.toISOString(), ...(p.state ? { state: p.state } : {}), ...(p.evidence ? { evidence: p.evidence } : {}), ...(p.text ? { text: p.text } : {}) };
  if (!(await updateHypothesisVersioned(ctx.db, id, incident.id, p.version, set))) throw staleVersion('hypothesis', current.version, p.version);
  const verb = p.state === 'ruled-out' ? 'Ruled out' : p.state === 'confirmed' ? 'Confirmed' : p.state === 'open' ? 'Reopened' : 'Edited';
  await appendTimeline(ctx.db, incident.id, [{ kind: 'hypothesis', text: `${verb}: ${p.text ?? current.text}${p.evidence ? ` — ${p.evidence}` : ''}`, author: ctx.actor, data: { id, state: p.state ?? current.state } }], ctx.now);
  return { prompts: p.state === 'confirmed' ? hypothesisPrompts([current]) : [] };
}

export const presentHypothesis = (r: HypothesisRow): HypothesisView => ({
  id: r.id, text: r.text, state: r.state as HypothesisView['state'], evidence: r.evidence, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
});
