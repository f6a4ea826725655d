// DORA figures and the per-entity statistics behind the `changes` check. Pure: the caller
// selects the changes (one entity's, a team's, everyone's) and passes the clock.
// Definitions in docs/changes.md ("DORA figures").
import type { Change } from '../../../common/changes.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const PRODUCTION = 'production';

type ChangeLike = Pick<Change, 'id' | 'kind' | 'status' | 'environment' | 'startedAt'> & Partial<Pick<Change, 'summary' | 'finishedAt' | 'commitAt' | 'automated' | 'postmortemUrl' | 'revertOf' | 'revert'>>;

/** A change as a check names it: what to show and what to link to. */
export interface ChangeBrief {
  id: string;
  summary: string;
  startedAt: string;
}

/** How many changes a statistic lists by name (the count is always exact). */
export const LISTED_CHANGES = 10;

export interface Incident {
  startedAt: string;
  resolvedAt?: string | null;
}

export interface DoraFigures {
  deploymentFrequency: { perDay: number; count: number };
  changeFailureRate: number | null;
  leadTimeHours: { median: number; p90: number } | null;
  timeToRestoreHours: { median: number } | null;
}

/** Deploys to `environment` (default production) that started in [from, to). */
export function doraFigures(
  changes: readonly ChangeLike[],
  incidents: readonly Incident[],
  period: { from: Date; to: Date },
  opts: { environment?: string; failed?: ReadonlySet<string> } = {},
): DoraFigures {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const deploys = productionDeploys(changes, opts.environment).filter((c) => inRange(c.startedAt, from, to));
  const shipped = deploys.filter(wentOut).length;
  const days = Math.max((to - from) / DAY_MS, 1 / 24);
  return {
    deploymentFrequency: { count: shipped, perDay: round(shipped / days, 3) },
    changeFailureRate: failureRate(deploys, revertedIds(changes), opts.failed),
    leadTimeHours: leadTimes(deploys),
    timeToRestoreHours: restoreTimes(incidents, from, to),
  };
}

export interface ChangeStats {
  deploysLast30d: number;
  deployFrequencyPerWeek: number;
  changeFailureRate30d: number | null;
  failedAutomatedWithoutPostmortem: number;
  changesLast30d: number;
  withoutRevertLast30d: number;
  daysSinceLastChange: number | null;
  /** The changes counted by withoutRevertLast30d, newest first (at most LISTED_CHANGES). */
  withoutRevert: ChangeBrief[];
  /** The changes counted by failedAutomatedWithoutPostmortem, newest first (at most LISTED_CHANGES). */
  failedWithoutPostmortem: ChangeBrief[];
}

/** The `stats` of the `changes` check for one entity's changes (docs/changes.md has each definition). */
/** `failed`: ids of changes whose verdict is failed (an incident named them as its cause). */
export function changeStats(changes: readonly ChangeLike[], now: Date, opts: { postmortemDays: number; failed?: ReadonlySet<string> }): ChangeStats {
  const t = now.getTime();
  const since = t - 30 * DAY_MS;
  const production = changes.filter((c) => c.environment === PRODUCTION);
  const recent = production.filter((c) => inRange(c.startedAt, since, t + DAY_MS));
  const deploys = recent.filter((c) => c.kind === 'deploy');
  const shipped = deploys.filter(wentOut).length;
  const latest = Math.max(...production.map((c) => Date.parse(c.startedAt)).filter((n) => !Number.isNaN(n)));
  const withoutPostmortem = production.filter((c) => needsPostmortem(c, t - opts.postmortemDays * DAY_MS));
  const withoutRevert = recent.filter((c) => !c.revert);
  return {
    deploysLast30d: shipped,
    deployFrequencyPerWeek: round(shipped / (30 / 7), 2),
    changeFailureRate30d: failureRate(deploys, revertedIds(changes), opts.failed),
    failedAutomatedWithoutPostmortem: withoutPostmortem.length,
    changesLast30d: recent.length,
    withoutRevertLast30d: withoutRevert.length,
    daysSinceLastChange: Number.isFinite(latest) ? Math.max(0, Math.floor((t - latest) / DAY_MS)) : null,
    withoutRevert: briefs(withoutRevert),
    failedWithoutPostmortem: briefs(withoutPostmortem),
  };
}

/** Newest first, then by id; at most LISTED_CHANGES. */
function briefs(changes: readonly ChangeLike[]): ChangeBrief[] {
  return [...changes]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id))
    .slice(0, LISTED_CHANGES)
    .map((c) => ({ id: c.id, summary: c.summary ?? c.kind, startedAt: c.startedAt }));
}

/** Failed automated deploys past the grace period with no postmortem: the postmortem rule. */
function needsPostmortem(c: ChangeLike, cutoff: number): boolean {
  if (c.kind !== 'deploy' || !c.automated || c.postmortemUrl) return false;
  if (c.status !== 'failed' && c.status !== 'rolled-back') return false;
  return Date.parse(c.finishedAt ?? c.startedAt) < cutoff;
}

function productionDeploys(changes: readonly ChangeLike[], environment = PRODUCTION): ChangeLike[] {
  return changes.filter((c) => c.kind === 'deploy' && c.environment === environment);
}

/** Reached users: succeeded, or rolled back after going out. */
const wentOut = (c: ChangeLike): boolean => c.status === 'succeeded' || c.status === 'rolled-back';

function revertedIds(changes: readonly ChangeLike[]): Set<string> {
  return new Set(changes.flatMap((c) => (c.revertOf ? [c.revertOf] : [])));
}

/** Failed: failed or rolled back, reverted, or named as an incident's cause (verdict `failed`). */
function failureRate(deploys: readonly ChangeLike[], reverted: Set<string>, verdictFailed: ReadonlySet<string> = new Set()): number | null {
  const finished = deploys.filter((c) => c.status !== 'in-progress');
  if (finished.length === 0) return null;
  const failed = finished.filter((c) => c.status === 'failed' || c.status === 'rolled-back' || reverted.has(c.id) || verdictFailed.has(c.id));
  return round(failed.length / finished.length, 4);
}

function leadTimes(deploys: readonly ChangeLike[]): DoraFigures['leadTimeHours'] {
  const hours = deploys
    .filter((c) => c.status === 'succeeded' && c.commitAt && c.finishedAt)
    .map((c) => (Date.parse(c.finishedAt!) - Date.parse(c.commitAt!)) / HOUR_MS)
    .filter((h) => Number.isFinite(h) && h >= 0);
  if (hours.length === 0) return null;
  return { median: round(percentile(hours, 50), 2), p90: round(percentile(hours, 90), 2) };
}

function restoreTimes(incidents: readonly Incident[], from: number, to: number): DoraFigures['timeToRestoreHours'] {
  const hours = incidents
    .filter((i) => i.resolvedAt && inRange(i.startedAt, from, to))
    .map((i) => (Date.parse(i.resolvedAt!) - Date.parse(i.startedAt)) / HOUR_MS)
    .filter((h) => Number.isFinite(h) && h >= 0);
  return hours.length === 0 ? null : { median: round(percentile(hours, 50), 2) };
}

/** Nearest-rank percentile; the median of an even count is the mean of the two middle values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function inRange(iso: string, from: number, to: number): boolean {
  const t = Date.parse(iso);
  return t >= from && t < to;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
