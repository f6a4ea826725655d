// The revert button: runs a change's revert action exactly once, however many people press it
// at the same moment (revert-repository.ts: the claim is a row only one INSERT can create),
// records a `revert` change linked to the original, and audits every attempt. A failure is
// recorded as failed and is retried only when the caller asks for it explicitly.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/connect.ts';
import { ConflictError, InputError, NotFoundError } from '../../platform/problems.ts';
import type { ChangesConfig } from '../config.ts';
import { runRevertAction, type RevertContext, type RevertResult } from './action.ts';
import { claimFirstRevert, claimRetry, finishRevert, getRevertAttempt, revertAttemptsOf } from './repository.ts';
import { getChangeRow } from '../repository.ts';
import { rowToChange } from '../rows.ts';
import { recordChanges } from '../ingest/record.ts';
import type { Change } from '../../../common/changes.ts';

export interface RevertDeps {
  db: Db;
  clock: Clock;
  changes: ChangesConfig;
  fetch: typeof fetch;
  outboundCheck: RevertContext['outboundCheck'];
  /** `server.publicUrl`, for revert webhooks written as a path on this server. */
  publicUrl?: string;
}

export interface RevertRequest {
  reason: string;
  retry: boolean;
  actor: string;
}

export interface RevertOutcome {
  state: 'succeeded' | 'failed';
  attempt: number;
  result: RevertResult;
  revertChangeId?: string;
}

/** A claim older than this is taken as abandoned (its process died) and may be retried. */
const STALE_CLAIM_MS = 10 * 60_000;

export async function revertChange(deps: RevertDeps, id: string, req: RevertRequest): Promise<RevertOutcome> {
  if (!req.reason.trim()) throw InputError.fromProblems('a reason is required', [{ severity: 'error', field: 'body.reason', message: 'is required' }]);
  const row = await getChangeRow(deps.db, id);
  if (!row) throw new NotFoundError(`no change with id ${id}`);
  const change = rowToChange(row);
  if (!change.revert) throw new ConflictError(`change ${id} has no revert action`);
  const attempt = await claim(deps, id, req);
  const result = await runRevertAction(change.revert, change, {
    reason: req.reason,
    actor: req.actor,
    fetch: deps.fetch,
    timeoutMs: deps.changes.revertTimeoutSeconds * 1000,
    namedActions: deps.changes.revertActions,
    outboundCheck: deps.outboundCheck,
    now: deps.clock(),
    publicUrl: deps.publicUrl,
  });
  const revertChangeId = result.ok ? await recordRevertChange(deps, change, req, result, attempt) : undefined;
  const state = result.ok ? 'succeeded' : 'failed';
  const at = deps.clock();
  await finishRevert(deps.db, { changeId: id, state, at: at.toISOString(), response: result, revertChangeId });
  const details = { reason: req.reason, attempt, state, status: result.status, error: result.error, durationMs: result.durationMs, revertChangeId };
  await recordAudit(deps.db, { actor: req.actor, action: 'change.revert', target: `change:${id}`, details }, at);
  return { state, attempt, result, revertChangeId };
}

/** Returns the attempt number claimed, or throws ConflictError saying why not. */
async function claim(deps: RevertDeps, id: string, req: RevertRequest): Promise<number> {
  const now = deps.clock();
  const at = now.toISOString();
  if (await claimFirstRevert(deps.db, { changeId: id, by: req.actor, reason: req.reason, at })) return 1;
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  if (req.retry && (await claimRetry(deps.db, { changeId: id, by: req.actor, reason: req.reason, at, staleBefore }))) {
    return (await getRevertAttempt(deps.db, id))?.attempts ?? 2;
  }
  const existing = await getRevertAttempt(deps.db, id);
  if (!existing) throw new ConflictError(`the revert of change ${id} could not be claimed; try again`);
  if (existing.state === 'claimed') throw new ConflictError(`a revert of change ${id} is already running (pressed by ${existing.by} at ${existing.started_at})`);
  if (existing.state === 'succeeded') {
    throw new ConflictError(`change ${id} was already reverted by ${existing.by} at ${existing.finished_at}${existing.revert_change_id ? ` (change ${existing.revert_change_id})` : ''}`);
  }
  const error = existing.response ? (JSON.parse(existing.response) as RevertResult).error : undefined;
  throw new ConflictError(`the last revert of change ${id} failed${error ? ` (${error})` : ''}; send {"retry": true} to run it again`);
}

async function recordRevertChange(deps: RevertDeps, change: Change, req: RevertRequest, result: RevertResult, attempt: number): Promise<string> {
  const now = deps.clock().toISOString();
  const answer = result.response ? `\n\nThe revert action answered HTTP ${result.status}:\n${result.response}` : '';
  const [outcome] = await recordChanges(
    deps.db,
    [
      {
        entities: change.entities,
        kind: 'revert',
        summary: `Revert: ${change.summary}`.slice(0, 300),
        description: `Reverted by ${req.actor}: ${req.reason}${answer}`.slice(0, 20_000),
        ...(change.previousVersion ? { version: change.previousVersion } : {}),
        ...(change.version ? { previousVersion: change.version } : {}),
        actor: req.actor,
        source: 'api',
        externalId: `revert:${change.id}:${attempt}`,
        environment: change.environment,
        startedAt: now,
        finishedAt: now,
        status: 'succeeded',
        automated: false,
        revertOf: change.id,
        labels: { 'tally.revert.status': String(result.status ?? '') },
      },
    ],
    deps.clock(),
  );
  return outcome.id;
}

/** change id → where its revert stands (claimed, succeeded, failed), who pressed it and when; for pages that list changes. */
export async function revertStates(db: Db, changeIds: readonly string[]): Promise<Map<string, { state: string; by: string; at: string }>> {
  const rows = await revertAttemptsOf(db, changeIds);
  return new Map(rows.map((r) => [r.change_id, { state: r.state, by: r.by, at: r.finished_at ?? r.started_at }]));
}
