// The config sections that belong to domains, gathered here so config.ts stays generic.
// Each domain owns its section's schema; this file only lists them.
import { z } from 'zod';
import { changesConfigSchema } from './changes/config.ts';
import { dependencyRulesSchema } from './graph/rules.ts';
import { notificationsConfigSchema } from './notifications/config.ts';
import { checksConfigSchema, scorecardsConfigSchema } from './scorecards/settings.ts';

export const configSections = {
  graph: z
    .object({ rules: dependencyRulesSchema.default([]) })
    .strict()
    .prefault({}),
  changes: changesConfigSchema.prefault({}),
  checks: checksConfigSchema,
  scorecards: scorecardsConfigSchema,
  notifications: notificationsConfigSchema,
};
