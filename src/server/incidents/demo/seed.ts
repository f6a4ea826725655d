// The demo's incidents: `examples/acme/incidents/seed.json`, next to the demo's tally.yaml,
// replayed step by step through the same functions the API uses — each step at its own time,
// relative to now — when `server.demo` is on and no incident exists yet. So a new user sees a
// resolved incident with its postmortem and one under way, whose suspects are the demo's recent
// changes, whenever the demo starts.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { declareSchema, impactSchema } from '../../../common/api/incidents.ts';
import { listChanges } from '../../changes/index.ts';
import { resolveFromConfig } from '../../platform/config.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { InputError, zodProblems } from '../../platform/problems.ts';
import { addHypothesis, patchHypothesis } from '../coordination/hypotheses.ts';
import { assignRole } from '../coordination/roles.ts';
import { addWorkstream } from '../coordination/workstreams.ts';
import { postUpdate } from '../comms/updates.ts';
import { addFollowUp } from '../learning/follow-ups.ts';
import { patchPostmortem } from '../learning/postmortems.ts';
import { postmortemOfIncident } from '../learning/repository.ts';
import type { WriteCtx } from '../record/context.ts';
import { declareIncident } from '../record/declare.ts';
import { changeState, patchIncident, setImpact } from '../record/edit.ts';
import { addNote } from '../record/notes.ts';
import { countIncidents, findIncidentRow } from '../record/repository.ts';
import { hypothesesOf } from '../coordination/repository.ts';
import { markCause } from '../suspects/cause.ts';
import type { IncidentRow } from '../tables.ts';

export const DEMO_INCIDENTS_FILE = 'incidents/seed.json';
const RELATIVE = /^([-+])(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/** `-3d4h`, `+9d` → an instant relative to `now`; anything else is returned as written. */
export function relative(value: string, now: Date): string {
  const m = RELATIVE.exec(value);
  if (!m || value.length < 2) return value;
  const minutes = (Number(m[2] ?? 0) * 24 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0);
  return new Date(now.getTime() + (m[1] === '-' ? -1 : 1) * minutes * 60_000).toISOString();
}

const step = z.looseObject({ at: z.string(), do: z.enum(['declare', 'role', 'impact', 'hypothesis', 'hypothesis-state', 'cause', 'state', 'update', 'note', 'workstream', 'resolve', 'root-cause', 'postmortem', 'follow-up', 'close']) });
const seedSchema = z.object({ incidents: z.array(z.object({ actor: z.string(), steps: z.array(step).min(1) })) });
type Step = z.infer<typeof step> & Record<string, any>;

/** Runs one step on the incident (the declare step creates it). */
async function runStep(ctx: WriteCtx, s: Step, row: IncidentRow | undefined, now: Date): Promise<IncidentRow | undefined> {
  const at = (v: string | undefined) => (v ? relative(v, now) : undefined);
  if (s.do === 'declare') {
    return declareIncident(ctx, declareSchema.parse({ title: s.title, severity: s.severity, services: s.services, impactStartedAt: at(s.impactStartedAt), detectedAt: at(s.detectedAt), chatChannel: s.chatChannel, takeManager: true, source: { via: 'alert', url: s.alerts?.[0]?.url, title: s.alerts?.[0]?.title, firedAt: at(s.alerts?.[0]?.firedAt) }, alerts: (s.alerts ?? []).map((a: { url: string; title: string; firedAt: string }) => ({ ...a, firedAt: at(a.firedAt)! })) }));
  }
  if (!row) throw new InputError('the first step of a demo incident must declare it');
  const version = row.version;
  switch (s.do) {
    case 'role': return void (await assignRole(ctx, row, { role: s.role, person: s.person }));
    case 'impact': return void (await setImpact(ctx, row, version, impactSchema.parse({ users: s.users, capabilities: s.capabilities })));
    case 'hypothesis': return void (await addHypothesis(ctx, row, s.text));
    case 'hypothesis-state': {
      const h = (await hypothesesOf(ctx.db, row.id))[s.index];
      return void (await patchHypothesis(ctx, row, h.id, { version: h.version, state: s.state, evidence: s.evidence }));
    }
    case 'cause': {
      const change = (await listChanges(ctx.db, [], { text: s.change.toLowerCase(), limit: 1 })).items[0];
      return change ? void (await markCause(ctx, row, change.id)) : undefined;
    }
    case 'state': return void (await changeState(ctx, row, { version, state: s.state, note: s.note }));
    case 'update': return void (await postUpdate(ctx, row, s.text));
    case 'note': return void (await addNote(ctx, row, { text: s.text, happenedAt: at(s.happenedAt) }));
    case 'workstream': return void (await addWorkstream(ctx, row, { goal: s.goal, owner: s.owner, status: s.status }));
    case 'resolve': return void (await changeState(ctx, row, { version, state: 'resolved', confirmation: { how: s.how, evidence: s.evidence } }));
    case 'root-cause': return void (await patchIncident(ctx, row, { version, rootCause: s.text }));
    case 'close': return void (await changeState(ctx, row, { version, state: 'closed' }));
    default: return runLearningStep(ctx, s, row, now);
  }
}

async function runLearningStep(ctx: WriteCtx, s: Step, row: IncidentRow, now: Date): Promise<undefined> {
  const pm = (await postmortemOfIncident(ctx.db, row.id))!;
  if (s.do === 'postmortem') {
    await patchPostmortem(ctx.db, pm, { version: pm.version, sections: { summary: s.summary, contributingFactors: s.contributingFactors, wentWell: s.wentWell, wentBadly: s.wentBadly }, state: s.publish ? 'published' : 'draft' }, ctx.now);
  } else if (s.do === 'follow-up') {
    await addFollowUp(ctx, pm, { kind: s.kind, title: s.title, owner: s.owner, dueDate: relative(s.due, now).slice(0, 10), trackerUrl: s.trackerUrl });
  }
  return undefined;
}

/** Seeds the demo incidents; returns how many (0 when not the demo, no file, or incidents exist). */
export async function seedDemoIncidents(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'log' | 'events'>, file = resolveFromConfig(deps.config, DEMO_INCIDENTS_FILE)): Promise<number> {
  if (!deps.config.server.demo || !existsSync(file)) return 0;
  if ((await countIncidents(deps.db)) > 0) return 0;
  const parsed = seedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw InputError.fromProblems(`${file}: invalid demo incidents`, zodProblems(parsed.error, { file }));
  const now = deps.clock();
  await deps.db.transaction().execute(async (tx) => {
    for (const incident of parsed.data.incidents) {
      let row: IncidentRow | undefined;
      for (const s of incident.steps as Step[]) {
        const ctx: WriteCtx = { db: tx, config: deps.config, now: new Date(relative(s.at, now)), actor: s.actor ?? incident.actor, events: deps.events };
        const created = await runStep(ctx, s, row, now);
        row = await findIncidentRow(tx, { id: (created ?? row)!.id });
      }
    }
  });
  deps.log.info({ count: parsed.data.incidents.length, file }, 'demo incidents seeded');
  return parsed.data.incidents.length;
}
