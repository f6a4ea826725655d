// The `changes` section of tally.yaml. Declared in the changes module. Webhook
// mappings are compiled while the config is parsed, so a bad CEL expression refuses the
// config with its path (`changes.webhooks.argocd.mapping.summary`) and position.
import { z } from 'zod';
import { entityRefSchema } from '../../common/changes.ts';
import { webhookMappingSchema } from './ingest/webhook.ts';
import { namedRevertActionSchema } from './revert/action.ts';

const name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _');

export const changesConfigSchema = z
  .strictObject({
    github: z
      .strictObject({
        /** The webhook secret set in GitHub; deliveries without a valid X-Hub-Signature-256 are refused. */
        webhookSecret: z.string().min(1).optional(),
        /** A revert action (from revertActions) attached to every GitHub deployment. */
        revertAction: name.optional(),
      })
      .default({}),
    pagerduty: z
      .strictObject({
        routingKeys: z.record(z.string().min(1), z.array(entityRefSchema).min(1)).default({}),
        /** Accept events for routing keys not listed above (kept unmapped). Off: such events need an editor token. */
        allowUnknownKeys: z.boolean().default(false),
      })
      .default({ routingKeys: {}, allowUnknownKeys: false }),
    webhooks: webhookMappingSchema.default({}),
    revertActions: z.record(name, namedRevertActionSchema).default({}),
    /** Failed automated deploys need a postmortem within this many days (the `changes` check). */
    postmortemDays: z.number().int().min(0).max(365).default(5),
    /** How far before an incident suspects are looked for. */
    suspectsWindowHours: z.number().min(0.25).max(24 * 14).default(4),
    /** Changes whose start is older than this many days are deleted by the `changes-retention` job; null keeps them forever. */
    retentionDays: z.number().int().min(1).nullable().default(null),
    /** A revert action with no answer within this time is recorded as failed. */
    revertTimeoutSeconds: z.number().min(1).max(300).default(15),
  })
  .superRefine((cfg, ctx) => {
    const action = cfg.github.revertAction;
    if (action && !cfg.revertActions[action]) {
      ctx.addIssue({ code: 'custom', path: ['github', 'revertAction'], message: `no revert action named "${action}" in changes.revertActions` });
    }
  });
export type ChangesConfig = z.output<typeof changesConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    changes: ChangesConfig;
  }
}
