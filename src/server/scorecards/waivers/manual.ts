// Check type `manual`: a person attests that the requirement is met (a drill was done, a
// runbook reviewed) with `tally attest` or the report card. The attestations reach the check
// through the `attestations` context provider, keyed `scorecard/requirement`; the check only
// judges them: attested, passed and unexpired → pass; anything else → fail.
import { z } from 'zod';
import type { CheckType, ContextProvider, Outcome } from '../../checks/index.ts';
import { attestationsByEntity } from './repository.ts';

/** Someone vouched that a manual requirement is met (or not) until `expiresAt`. */
export interface Attestation {
  by: string;
  at: string; // ISO-8601
  expiresAt?: string; // ISO-8601; absent = never expires
  passed: boolean;
  note?: string;
}

type Attestations = Record<string, Attestation>;

export const attestationsContext: ContextProvider<Attestations> = {
  name: 'attestations',
  celType: 'map<string, dyn>',
  description: 'Attestations of `manual` requirements, keyed `scorecard/requirement`.',
  fields: { '<scorecard>/<requirement>': '`by`, `at`, `expiresAt`, `passed`, `note`' },
  empty: {},
  load: (deps, _catalog, refs) => attestationsByEntity(deps.db, refs),
  offlineReason: 'attestations are kept by the server',
};

export const manualConfigSchema = z.strictObject({
  type: z.literal('manual'),
  /** What the attester must confirm; shown in the UI next to the attest button. */
  instructions: z.string().max(2000).optional(),
});
export type ManualConfig = z.infer<typeof manualConfigSchema>;

export const manualCheck: CheckType<ManualConfig> = {
  type: 'manual',
  schema: manualConfigSchema,
  allowedFromApi: true,
  reads: () => ['attestations'],
  evaluate(_config, ctx, _observation, _env, target): Outcome {
    const all = (ctx.data.attestations as Attestations | undefined) ?? {};
    const a = all[`${target.scorecard}/${target.requirementId}`] ?? all[target.requirementId];
    return judgeAttestation(a, ctx.now);
  },
};

export function judgeAttestation(a: Attestation | undefined, now: Date): Outcome {
  if (!a) return { state: 'fail', message: 'not attested' };
  const evidence = { ...a };
  if (a.expiresAt && Date.parse(a.expiresAt) <= now.getTime()) {
    return { state: 'fail', message: `attestation expired on ${a.expiresAt.slice(0, 10)} (by ${a.by})`, evidence };
  }
  const note = a.note ? `: ${a.note}` : '';
  if (!a.passed) return { state: 'fail', message: `attested as not met by ${a.by} on ${a.at.slice(0, 10)}${note}`, evidence };
  const until = a.expiresAt ? `, valid until ${a.expiresAt.slice(0, 10)}` : '';
  return { state: 'pass', message: `attested by ${a.by} on ${a.at.slice(0, 10)}${until}${note}`, evidence, observedAt: a.at };
}
