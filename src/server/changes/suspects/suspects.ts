// Suspects: the changes that probably caused a problem, ranked by a formula simple enough to
// explain in the incident channel (docs/changes.md, "Suspects", has it with a worked example).
// score = 100 × time × distance × kind × status × blast / MAX_PRODUCT.
import type { Change, ChangeKind, ChangeStatus } from '../../../common/changes.ts';
import { shortRef } from '../../../common/refs.ts';

export interface SuspectCandidate {
  change: Change;
  /** 0 the problem's entity itself, 1 a direct dependency, 2 two hops away, … */
  distance: number;
  /** The entity through which the change relates to the problem (for the reason text). */
  entity?: string;
}
export interface Suspect {
  change: Change;
  /** 0..100, higher is more suspicious. */
  score: number;
  reasons: string[];
}

const MINUTE = 60_000;
/** Minutes for the time factor to fall to 1/e (≈ 0.37): a change an hour before is a third as suspect. */
const TIME_SCALE_MIN = 60;
/** Clocks disagree a little: a change "starting" up to a minute after the problem still counts. */
const CLOCK_SKEW_MS = MINUTE;
const DISTANCE_FACTORS = [1, 0.6, 0.4, 0.25];
const FAR_DISTANCE_FACTOR = 0.15;
const KIND_WEIGHTS: Record<ChangeKind, number> = { deploy: 1, config: 0.9, 'feature-flag': 0.9, 'db-migration': 0.9, infra: 0.8, other: 0.6, revert: 0.5 };
const STATUS_FACTORS: Record<ChangeStatus, number> = { failed: 1.3, 'rolled-back': 1.2, 'in-progress': 1.2, succeeded: 1 };
const MAX_BLAST = 1.5;
/** The largest possible product: at the moment, on the entity, failed, touching 11+ entities. */
const MAX_PRODUCT = 1 * 1 * 1 * 1.3 * MAX_BLAST;

/**
 * Ranks candidates for a problem that began at `at`, looking back `windowMs`. A change counts
 * when any part of it (startedAt → finishedAt, or → `at` while in progress) falls in the
 * window; changes that started after the problem are left out. Highest score first.
 */
export function rankSuspects(candidates: readonly SuspectCandidate[], at: Date, windowMs: number): Suspect[] {
  const t = at.getTime();
  const suspects: Suspect[] = [];
  for (const candidate of candidates) {
    const minutes = minutesBefore(candidate.change, t, windowMs);
    if (minutes === undefined) continue;
    suspects.push(score(candidate, minutes));
  }
  return suspects.sort((a, b) => b.score - a.score || Date.parse(b.change.startedAt) - Date.parse(a.change.startedAt));
}

/** Minutes from the change's closest moment to the problem, or undefined when outside the window. */
function minutesBefore(change: Change, t: number, windowMs: number): number | undefined {
  const start = Date.parse(change.startedAt);
  if (Number.isNaN(start) || start > t + CLOCK_SKEW_MS) return undefined;
  const finished = change.finishedAt ? Date.parse(change.finishedAt) : undefined;
  const end = change.status === 'in-progress' && finished === undefined ? t : (finished ?? start);
  if (end < t - windowMs) return undefined;
  return Math.max(0, (t - Math.min(end, t)) / MINUTE);
}

function score(candidate: SuspectCandidate, minutes: number): Suspect {
  const { change } = candidate;
  const time = Math.exp(-minutes / TIME_SCALE_MIN);
  const distance = DISTANCE_FACTORS[candidate.distance] ?? FAR_DISTANCE_FACTOR;
  const kind = KIND_WEIGHTS[change.kind];
  const status = STATUS_FACTORS[change.status];
  const touched = new Set(change.entities).size;
  const blast = 1 + 0.05 * Math.min(Math.max(touched - 1, 0), 10);
  const value = Math.min(100, Math.round((100 * time * distance * kind * status * blast) / MAX_PRODUCT));
  return { change, score: value, reasons: reasons(candidate, minutes, touched) };
}

function reasons(candidate: SuspectCandidate, minutes: number, touched: number): string[] {
  const { change } = candidate;
  const out: string[] = [];
  const running = change.status === 'in-progress' && !change.finishedAt;
  out.push(running ? 'in progress when the problem began' : `${formatMinutes(minutes)} before the problem`);
  const name = candidate.entity ? shortRef(candidate.entity) : undefined;
  if (candidate.distance === 0) out.push(name ? `on ${name} itself` : 'on the affected service itself');
  else if (candidate.distance === 1) out.push(name ? `on ${name}, a direct dependency` : 'on a direct dependency');
  else out.push(`${candidate.distance} hops away${name ? ` (${name})` : ''}`);
  const kind = change.kind.replace('-', ' ');
  if (change.status === 'failed') out.push(`failed ${kind}`);
  if (change.status === 'rolled-back') out.push(`${kind} rolled back`);
  if (touched > 1) out.push(`touches ${touched} services`);
  return out;
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return `${hours < 10 ? hours.toFixed(1) : Math.round(hours)} h`;
}
