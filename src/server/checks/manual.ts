// Check type `manual`: a person attests that the requirement is met (a drill was done, a
// runbook reviewed). The attestation comes in the context (CheckContext.attestations); this
// check only judges it: attested, passed and unexpired → pass; anything else → fail.
import { z } from 'zod';
import type { Attestation, CheckType, Outcome } from './types.ts';

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
  evaluate(_config, ctx, _observation, target): Outcome {
    const all = ctx.attestations ?? {};
    const a = target ? (all[`${target.scorecard}/${target.requirementId}`] ?? all[target.requirementId]) : undefined;
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
