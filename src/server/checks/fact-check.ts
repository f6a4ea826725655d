// The shape of the domains' own check types (errors, incidents, rotation, alerts, capacity, slo):
// judged on what one context provider found for the entity, with the requirement's `message`
// leading a failure.
import type { z } from 'zod';
import type { CheckContext, CheckType, Outcome } from './types.ts';

/** A requirement's own `message`, when set, leads a failure's message; the check's reason follows in parentheses. */
export function withRequirementMessage(message: string | undefined, outcome: Outcome): Outcome {
  return outcome.state === 'fail' && message ? { ...outcome, message: `${message} (${outcome.message})` } : outcome;
}

/** A check type judged on one context provider's facts alone (undefined when the provider found none). */
export function factCheck<C extends { message?: string }, F>(
  type: string,
  schema: z.ZodType<C>,
  provider: string,
  judge: (config: C, facts: F | undefined, ctx: CheckContext) => Outcome,
): CheckType<C> {
  return {
    type,
    schema,
    allowedFromApi: true,
    reads: () => [provider],
    evaluate: (config, ctx) => withRequirementMessage(config.message, judge(config, ctx.data[provider] as F | undefined, ctx)),
  };
}
