// The `imbalance` check type: a resource spread over nodes (a storage cluster, e.g. HDFS
// datanodes) is balanced when the spread of the nodes' usage shares — the fullest node's share
// minus the emptiest's, in percentage points — is at most `maxSpread` (and, with `maxCv`, the
// coefficient of variation of the shares at most that). The nodes come from a fact reported for
// the entity, shaped like `tally capacity imbalance`'s input: {nodes: [{name, used, capacity}]}.
//   { type: imbalance, fact: datanode-usage, maxSpread: 20 }
import { z } from 'zod';
import type { CheckType, Outcome } from '../checks/index.ts';
import type { Fact } from '../facts/index.ts';
import { imbalanceOf, nodesSchema } from './imbalance.ts';

export const imbalanceCheckSchema = z.strictObject({
  type: z.literal('imbalance'),
  /** The fact whose value is {nodes: [{name, used, capacity}]}. */
  fact: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'a fact name: letters, digits, ".", "_", "-"').max(200),
  /** The largest acceptable spread of usage shares, in percentage points. */
  maxSpread: z.number().positive().max(100),
  /** The largest acceptable coefficient of variation of the shares (standard deviation / mean). */
  maxCv: z.number().positive().max(10).optional(),
  message: z.string().max(500).optional(),
});
export type ImbalanceCheckConfig = z.infer<typeof imbalanceCheckSchema>;

const nodesFact = z.object({ nodes: nodesSchema });

export function evaluateImbalance(config: ImbalanceCheckConfig, fact: Fact | undefined): Outcome {
  if (!fact) return { state: 'fail', message: `no fact '${config.fact}' reported (its value: {nodes: [{name, used, capacity}]})` };
  const parsed = nodesFact.safeParse(fact.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { state: 'error', message: `could not evaluate: fact '${config.fact}' is not {nodes: [{name, used, capacity}]} (${issue.path.join('.') || 'value'}: ${issue.message})`, observedAt: fact.observedAt };
  }
  const r = imbalanceOf(parsed.data.nodes, config.maxSpread);
  const evidence = { fact: config.fact, observedAt: fact.observedAt, spreadPoints: r.spreadPoints, coefficientOfVariation: r.coefficientOfVariation, meanSharePercent: r.meanSharePercent, fullest: r.fullest, emptiest: r.emptiest, nodes: r.nodes.length };
  const fullest = r.nodes.find((n) => n.name === r.fullest)!.sharePercent;
  const emptiest = r.nodes.find((n) => n.name === r.emptiest)!.sharePercent;
  const seen = `${r.nodes.length} nodes: ${r.fullest} ${fullest} % full, ${r.emptiest} ${emptiest} %, a spread of ${r.spreadPoints} points (CV ${r.coefficientOfVariation})`;
  const over = [];
  if (!r.balanced) over.push(`spread above ${config.maxSpread} points`);
  if (config.maxCv !== undefined && r.coefficientOfVariation > config.maxCv) over.push(`CV above ${config.maxCv}`);
  if (over.length === 0) return { state: 'pass', message: seen, evidence, observedAt: fact.observedAt };
  return { state: 'fail', message: `${config.message ? `${config.message}: ` : ''}${over.join(' and ')}: ${seen}`, evidence, observedAt: fact.observedAt };
}

export const imbalanceCheck: CheckType<ImbalanceCheckConfig> = {
  type: 'imbalance',
  schema: imbalanceCheckSchema,
  allowedFromApi: true,
  reads: () => ['facts'],
  evaluate: (config, ctx) => evaluateImbalance(config, (ctx.data.facts as Record<string, Fact> | undefined)?.[config.fact]),
};
