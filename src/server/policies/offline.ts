// `tally deploy-check --offline`: the decision from files alone — catalog, scorecards and
// policies — with no server and no database. The grade comes from the pure scorecard engine;
// checks that need I/O (http, prometheus, git, command) are not collected offline, so they count
// as `error` (0 points) — an offline grade can be lower than the server's, never flattering.
import { isGrade } from '../../common/grades.ts';
import { normalizeRef } from '../../common/refs.ts';
import { loadCatalogFiles } from '../catalog/load.ts';
import { deriveRelations } from '../catalog/relations.ts';
import { analyzeCatalog } from '../graph/snapshot.ts';
import { InputError, NotFoundError, errorsOnly, problem, type Problem } from '../platform/problems.ts';
import { buildContexts } from '../scorecards/contexts.ts';
import { parseScorecard, type Scorecard } from '../scorecards/document.ts';
import { evaluateScorecard } from '../scorecards/evaluate.ts';
import { decideDeploy, type DeployDecision } from './decide.ts';
import { checkPolicySet, parsePolicy, type Policy } from './document.ts';

export interface OfflineDecision extends DeployDecision {
  score: number | null;
  offline: true;
  /** Requirements that could not be evaluated offline (I/O checks). */
  notEvaluated: string[];
}

function policiesFrom(docs: { kind: string; apiVersion: string; body: Record<string, unknown>; file: string; doc: number }[]): { policies: Policy[]; problems: Problem[] } {
  const policies: Policy[] = [];
  const problems: Problem[] = [];
  for (const d of docs.filter((x) => x.apiVersion === 'tally.dev/v1' && x.kind === 'Policy')) {
    const r = parsePolicy(d.body, { file: d.file, doc: d.doc });
    problems.push(...r.problems);
    if (r.policy) policies.push(r.policy);
  }
  return { policies, problems: [...problems, ...checkPolicySet(policies)] };
}

export async function offlineDeployDecision(paths: string[], ref: string, opts: { at: Date; policyFiles?: string[] }): Promise<OfflineDecision> {
  const loaded = await loadCatalogFiles([...paths, ...(opts.policyFiles ?? [])]);
  const fatal = errorsOnly(loaded.problems);
  if (fatal.length) throw InputError.fromProblems('the files do not load', fatal);
  const full = normalizeRef(ref, { defaultKind: 'component' });
  const target = loaded.entities.find((e) => e.ref === full);
  if (!full || !target) throw new NotFoundError(`no entity ${ref} in ${paths.join(', ')}`);
  const { policies, problems } = policiesFrom(loaded.documents);
  if (errorsOnly(problems).length) throw InputError.fromProblems('invalid policy', problems);
  const policy = policies[0];
  if (!policy) throw new InputError('no Policy document found: pass --policy FILE or include one in the paths', [problem('no tally.dev/v1 Policy document')]);
  const scorecard = findScorecard(loaded.documents, policy.scorecard);
  const entities = loaded.entities.map((e) => e.entity);
  const contexts = buildContexts({ entities: loaded.entities, relations: deriveRelations(entities), analysis: analyzeCatalog(entities, deriveRelations(entities), []), now: opts.at, only: new Set([full]) });
  const [result] = evaluateScorecard(scorecard, contexts, new Map(), { now: opts.at });
  const grade = result && isGrade(result.grade) ? result.grade : null;
  const decision = decideDeploy(policy, { grade, at: opts.at });
  const notEvaluated = result?.requirements.filter((r) => r.state === 'error').map((r) => r.id) ?? [];
  return { ...decision, score: result?.score ?? null, offline: true, notEvaluated };
}

function findScorecard(docs: { kind: string; apiVersion: string; body: Record<string, unknown>; file: string; doc: number }[], name: string): Scorecard {
  for (const d of docs.filter((x) => x.apiVersion === 'tally.dev/v1' && x.kind === 'Scorecard')) {
    if ((d.body.metadata as { name?: string } | undefined)?.name !== name) continue;
    const r = parseScorecard(d.body, { file: d.file, doc: d.doc }, { fromApi: false });
    if (!r.scorecard) throw InputError.fromProblems(`invalid scorecard ${name}`, r.problems);
    return r.scorecard;
  }
  throw new InputError(`the policy reads scorecard ${name}, which is not in the files given`, [problem(`no Scorecard named ${name}`)]);
}
