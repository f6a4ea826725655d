// Build priority and SRE support for one entity, with what to fix to regain support.
import type { Grade } from '../../common/grades.ts';
import type { AppDeps } from '../platform/deps.ts';
import { currentRequirementStates, loadRubrics, nextBestActions } from '../scorecards/index.ts';
import { policyContext } from './deploy.ts';
import { loadPolicies } from './policy-set.ts';
import { SUPPORT_TEXT, buildPriority, supportLevel, type FailingRequirement, type SupportDecision } from './support.ts';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'log'>;

export async function buildPriorityFor(deps: Deps, ref: string): Promise<{ entity: string; priority: number; grade: Grade | null; policy: string }> {
  const ctx = await policyContext(deps, ref);
  return { entity: ref, priority: buildPriority(ctx.policy, ctx.grade), grade: ctx.grade, policy: ctx.policy.name };
}

/** The failing requirements of an entity, with the points each would bring (nextBestActions). */
export async function failingRequirements(deps: Pick<Deps, 'db'>, scorecard: string, ref: string): Promise<{ failing: FailingRequirement[]; bands?: Record<string, number> }> {
  const [card] = await loadRubrics(deps.db, [scorecard]);
  if (!card) return { failing: [] };
  const results = (await currentRequirementStates(deps.db, scorecard, [ref])).get(ref) ?? [];
  const gates = new Map(card.spec.requirements.map((r) => [r.id, r.gate]));
  const { actions } = nextBestActions(results, card);
  const failing = actions
    .filter((a) => a.state !== 'warn' || a.points > 0)
    .map((a) => ({ id: a.requirement, title: a.title, pointsGained: a.points, ...(a.liftsGate && gates.get(a.requirement) ? { liftsGate: gates.get(a.requirement) } : {}) }));
  return { failing, bands: card.spec.grades };
}

export async function supportFor(deps: Deps, ref: string): Promise<SupportDecision & { entity: string; grade: Grade | null; score: number | null; policy: string }> {
  const ctx = await policyContext(deps, ref);
  const { failing, bands } = await failingRequirements(deps, ctx.policy.scorecard, ref);
  const progress = bands ? { score: ctx.score, bands: bands as never, failing } : undefined;
  const decision = supportLevel(ctx.policy, ctx.grade, progress);
  return { entity: ref, grade: ctx.grade, score: ctx.score, policy: ctx.policy.name, ...decision };
}

/**
 * What grade F costs on a scorecard, in words for a notification ("no SRE support under policy
 * production until the grade recovers"); null when no policy governs the scorecard, whose F then
 * has no consequence to announce.
 */
export async function consequenceOfF(db: AppDeps['db'], scorecard: string): Promise<string | null> {
  const found = (await loadPolicies(db)).find((p) => p.policy.scorecard === scorecard);
  return found ? `${SUPPORT_TEXT[found.policy.grades.F.support]} under policy ${found.policy.name} until the grade recovers` : null;
}
