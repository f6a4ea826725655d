// The change database at hand: the ranked suspects (the changes domain's own ranking) for the
// affected services and their dependencies in the window before the impact began, each with
// whether it was named the cause and where its revert stands; and candidates for
// impactStartedAt: the earliest related alert, the earliest suspect change, the first error spike
// of the affected services, the detection.
import type { SuspectsView } from '../../../common/api/incidents-learning.ts';
import { changeVerdicts, findSuspects, revertStates } from '../../changes/index.ts';
import { firstErrorSpike, type ErrorSpike } from '../../errors/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { IncidentRow } from '../tables.ts';

const LIMIT = 20;
type Found = Awaited<ReturnType<typeof findSuspects>>['suspects'][number];

/** The suspects of every affected service, merged by change (the highest score wins). */
async function mergedSuspects(db: Db, config: Config, services: readonly string[], at: Date, windowMs: number): Promise<Found[]> {
  const best = new Map<string, Found>();
  for (const entity of services) {
    const r = await findSuspects(db, config.graph.rules, { entity, at, windowMs, limit: LIMIT });
    for (const s of r.suspects) if ((best.get(s.change.id)?.score ?? -1) < s.score) best.set(s.change.id, s);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || Date.parse(b.change.startedAt) - Date.parse(a.change.startedAt)).slice(0, LIMIT);
}

function candidates(row: IncidentRow, suspects: readonly Found[], spike: ErrorSpike | null): SuspectsView['candidates'] {
  const out: SuspectsView['candidates'] = [];
  const alerts = [...(JSON.parse(row.alerts) as { firedAt: string; title?: string; url: string }[])];
  const source = JSON.parse(row.source) as { firedAt?: string; title?: string; url?: string; via: string };
  if (source.firedAt) alerts.push({ firedAt: source.firedAt, title: source.title, url: source.url ?? '' });
  const alert = alerts.sort((a, b) => a.firedAt.localeCompare(b.firedAt))[0];
  if (alert) out.push({ kind: 'alert', at: alert.firedAt, label: `earliest related alert: ${alert.title ?? alert.url}` });
  const change = [...suspects].sort((a, b) => a.change.startedAt.localeCompare(b.change.startedAt))[0];
  if (change) out.push({ kind: 'change', at: new Date(change.change.startedAt).toISOString(), label: `earliest suspect change: ${change.change.summary}` });
  if (spike) out.push({ kind: 'errors', at: spike.at, label: `first error spike: ${spike.count} errors in a minute (normally ${(spike.baseline * 60).toFixed(1)} an hour)` });
  out.push({ kind: 'detected', at: row.detected_at, label: 'when it was detected' });
  return out;
}

export async function incidentSuspects(db: Db, config: Config, row: IncidentRow): Promise<SuspectsView> {
  const at = new Date(row.impact_started_at ?? row.detected_at);
  const windowMs = config.changes.suspectsWindowHours * 3_600_000;
  const services = JSON.parse(row.services) as string[];
  const [suspects, spike] = await Promise.all([
    mergedSuspects(db, config, services, at, windowMs),
    // Errors in the window before detection (the suspects' window, ending when it was detected).
    firstErrorSpike(db, services, new Date(Date.parse(row.detected_at) - windowMs), new Date(row.detected_at)),
  ]);
  const ids = suspects.map((s) => s.change.id);
  const [verdicts, reverts] = await Promise.all([changeVerdicts(db, ids), revertStates(db, ids)]);
  return {
    at: at.toISOString(),
    windowMs,
    candidates: candidates(row, suspects, spike),
    suspects: suspects.map((s) => ({
      score: s.score, reasons: s.reasons, distance: s.distance, via: s.via ?? s.change.entities[0] ?? '',
      change: {
        id: s.change.id, summary: s.change.summary, kind: s.change.kind, status: s.change.status, entities: s.change.entities, startedAt: s.change.startedAt,
        ...(s.change.finishedAt ? { finishedAt: s.change.finishedAt } : {}), ...(s.change.actor ? { actor: s.change.actor } : {}), ...(s.change.version ? { version: s.change.version } : {}), revertable: !!s.change.revert,
      },
      cause: verdicts.get(s.change.id)?.incident === row.id,
      revert: reverts.get(s.change.id) ?? null,
    })),
  };
}
