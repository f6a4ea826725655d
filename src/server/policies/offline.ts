// `tally deploy-check --offline`: the decision from files alone — catalog, scorecards, facts and
// policies — with no server and no database. The grade comes from the same offline evaluation as
// `tally score --offline` (scorecards' evaluateFiles), and the policy is chosen by the same rule
// as on the server, so both commands always agree; what cannot be known offline is listed.
import { isGrade } from '../../common/grades.ts';
import { normalizeRef } from '../../common/refs.ts';
import { loadCatalogFiles } from '../catalog/index.ts';
import type { Host } from '../module.ts';
import type { Config } from '../platform/config.ts';
import { parseKind } from '../platform/documents/kinds.ts';
import { InputError, NotFoundError, errorsOnly, problem } from '../platform/problems.ts';
import { evaluateFiles } from '../scorecards/index.ts';
import { decideDeploy, type DeployDecision } from './decide.ts';
import type { Policy } from './document.ts';
import { policyKind } from './kind.ts';

export interface OfflineDecision extends DeployDecision {
  score: number | null;
  offline: true;
  /** Requirements that could not be evaluated offline, with why. */
  notEvaluated: { id: string; message: string }[];
}

export async function offlineDeployDecision(paths: string[], ref: string, host: Host, opts: { at: Date; config: Config; probe?: boolean }): Promise<OfflineDecision> {
  const full = normalizeRef(ref, { defaultKind: 'component' });
  if (!full) throw new InputError(`"${ref}" is not an entity reference`);
  const loaded = await loadCatalogFiles(paths, { maxFileBytes: opts.config.catalog.maxFileBytes });
  if (!loaded.entities.some((e) => e.ref === full)) throw new NotFoundError(`no entity ${full} in ${paths.join(', ')}`);
  const parsed = parseKind(policyKind, loaded.documents.filter((d) => policyKind.matches(d)), host);
  if (errorsOnly(parsed.problems).length) throw InputError.fromProblems('invalid policy', loaded.locate(parsed.problems));
  const policies = parsed.items.map((i) => i.value).sort((a, b) => a.name.localeCompare(b.name));
  if (policies.length === 0) throw new InputError('no Policy document in the files: include one (tally.dev/v1 Policy)', [problem('no tally.dev/v1 Policy document')]);
  const { results } = await evaluateFiles(paths, host, { config: opts.config, probe: !!opts.probe, now: opts.at });
  const mine = results.filter((r) => r.entity === full);
  // Among the policies (by name), the first whose scorecard grades the entity; else the first.
  const chosen: { policy: Policy; result?: (typeof mine)[number] } = policies.map((p) => ({ policy: p, result: mine.find((r) => r.scorecard === p.scorecard) })).find((c) => c.result) ?? { policy: policies[0] };
  const grade = chosen.result && isGrade(chosen.result.grade) ? chosen.result.grade : null;
  const decision = decideDeploy(chosen.policy, { grade, at: opts.at });
  const notEvaluated = chosen.result?.requirements.filter((q) => q.offline).map((q) => ({ id: q.id, message: q.message })) ?? [];
  return { ...decision, score: chosen.result?.score ?? null, offline: true, notEvaluated };
}
