// Deploy decisions, build priority and support for one entity: which policy applies, the
// entity's current grade on that policy's scorecard, break-glass overrides, and the log.
import { randomUUID } from 'node:crypto';
import { isGrade, type Grade } from '../../common/grades.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Principal } from '../platform/auth/tokens.ts';
import type { AppDeps } from '../platform/deps.ts';
import { InputError, NotFoundError, UnavailableError } from '../platform/problems.ts';
import { decideDeploy, type DeployDecision } from './decide.ts';
import type { Policy } from './document.ts';
import { logDecision } from './decision-log.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { currentRequirementResults } from '../scorecards/index.ts';
import { countOverrideUse, insertOverride } from './repository.ts';
import { decisionSnapshot, forgetOverrides } from './snapshot.ts';
import { loadPolicies } from './policy-set.ts';
import type { DeployOverrideRow } from './tables.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'log'>;
export const MAX_OVERRIDE_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;

export interface PolicyContext {
  policy: Policy;
  grade: Grade | null;
  score: number | null;
  owner: string | null;
  /** The entity's newest override expiring within the last day or later. */
  override?: DeployOverrideRow;
}

/**
 * The policy that governs an entity: among the policies (by name), the first whose scorecard
 * grades the entity; when none does, the first policy (the entity is then ungraded).
 */
export async function policyContext(deps: Deps, ref: string): Promise<PolicyContext> {
  const policies = await loadPolicies(deps.db);
  const snapshot = await decisionSnapshot(deps.db, policies.map((p) => p.policy.scorecard), deps.clock());
  const entity = snapshot.entities.get(ref);
  if (!entity) throw new NotFoundError(`no entity ${ref}`);
  if (policies.length === 0) throw new UnavailableError('no policy is configured: add a tally.dev/v1 Policy document to the catalog sources or PUT /api/v1/policies');
  const override = snapshot.overrides.get(ref);
  for (const { policy } of policies) {
    const g = entity.grades.get(policy.scorecard);
    if (g) return { policy, grade: isGrade(g.grade) ? g.grade : null, score: g.score, owner: entity.owner, override };
  }
  return { policy: policies[0].policy, grade: null, score: null, owner: entity.owner, override };
}

/**
 * decideDeploy, memoised per (policy version, grade, minute of `at`). Exact, not approximate:
 * windows and freezes start and end on whole minutes, so every instant of one minute gets the
 * same decision (docs/policies.md). Decisions with an override are never memoised.
 */
const memo = new WeakMap<Policy, Map<string, DeployDecision>>();
const MINUTE_MS = 60_000;
function decideMemo(policy: Policy, grade: Grade | null, at: Date): DeployDecision {
  let byKey = memo.get(policy);
  if (!byKey) memo.set(policy, (byKey = new Map()));
  const key = `${grade}|${Math.floor(at.getTime() / MINUTE_MS)}`;
  let d = byKey.get(key);
  if (!d) {
    d = decideDeploy(policy, { grade, at });
    if (byKey.size >= 5000) byKey.clear();
    byKey.set(key, d);
  }
  return d;
}

/** A requirement the policy gates deploys on (spec.denyWhileFailing) that fails now: the denial, with the result's message as the reason. */
async function failingGate(deps: Deps, policy: Policy, ref: string, allowed: DeployDecision): Promise<DeployDecision | undefined> {
  if (policy.denyWhileFailing.length === 0) return undefined;
  const failing = (await currentRequirementResults(deps.db, policy.scorecard, ref, policy.denyWhileFailing)).filter((r) => r.state === 'fail');
  if (failing.length === 0) return undefined;
  const why = failing.map((r) => `requirement ${r.id} fails${r.message ? ` (${r.message})` : ''}`).join('; ');
  const reason = `Policy ${policy.name} denies deploys while ${failing.map((r) => r.id).join(', ')} fail${failing.length === 1 ? 's' : ''} on scorecard ${policy.scorecard}: ${why}. A break-glass override still lets an urgent fix out.`;
  return { ...allowed, allowed: false, reason, rule: `failing: ${failing.map((r) => r.id).join(', ')}`, nextWindowStart: null };
}

/**
 * The decision for `ref` at `at`, logged as a deploy decision (and counted as a use of an
 * active override) unless `preview`: a page showing the deploy window is not a deploy.
 */
export async function deployDecision(deps: Deps, ref: string, at: Date, caller: string, opts: { preview?: boolean } = {}): Promise<DeployDecision> {
  const ctx = await policyContext(deps, ref);
  const row = ctx.override && ctx.override.expires_at > new Date(at.getTime() - DAY_MS).toISOString() ? ctx.override : undefined;
  const override = row ? { id: row.id, by: row.created_by, reason: row.reason, expiresAt: row.expires_at } : undefined;
  const byGrade = override ? decideDeploy(ctx.policy, { grade: ctx.grade, at, override }) : decideMemo(ctx.policy, ctx.grade, at);
  const decision = override || !byGrade.allowed ? byGrade : ((await failingGate(deps, ctx.policy, ref, byGrade)) ?? byGrade);
  if (opts.preview) return decision;
  const used = decision.rule === 'break-glass override' && row ? row.id : null;
  if (used) await countOverrideUse(deps.db, used);
  const now = deps.clock();
  logDecision(deps.db, {
    id: randomUUID(),
    entity: ref,
    at: at.toISOString(),
    decided_at: now.toISOString(),
    allowed: decision.allowed ? 1 : 0,
    grade: decision.grade,
    rule: decision.rule,
    reason: decision.reason,
    override_id: used,
    caller,
  }, deps.log);
  return decision;
}

/** Break-glass: lets one entity deploy regardless of its grade until `expiresAt` (at most 24 h). Audited. */
export async function createOverride(deps: Deps, ref: string, input: { reason: string; expiresAt?: string }, who: Principal): Promise<DeployOverrideRow> {
  const now = deps.clock();
  if (!(await catalogSnapshot(deps.db)).byRef.has(ref)) throw new NotFoundError(`no entity ${ref}`);
  const expires = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + 4 * 3_600_000);
  const field = 'body.expiresAt';
  if (Number.isNaN(expires.getTime())) throw new InputError(`${field}: not an ISO-8601 time`, [{ severity: 'error', field, message: 'not an ISO-8601 time' }]);
  if (expires <= now || expires.getTime() - now.getTime() > MAX_OVERRIDE_MS) {
    throw new InputError(`${field}: must be in the future and at most 24 h away`, [{ severity: 'error', field, message: 'must be in the future and at most 24 h away' }]);
  }
  const row: DeployOverrideRow = { id: `bg-${randomUUID().slice(0, 8)}`, entity: ref, reason: input.reason, created_by: who.name, created_at: now.toISOString(), expires_at: expires.toISOString(), used_count: 0 };
  await deps.db.transaction().execute(async (tx) => {
    await insertOverride(tx, row);
    await recordAudit(tx, { actor: who.name, action: 'deploy.override', target: ref, details: { id: row.id, reason: row.reason, expiresAt: row.expires_at } }, now);
  });
  forgetOverrides(deps.db);
  return row;
}
