// The config sections that belong to domains, gathered here so config.ts stays generic.
// Each domain owns its section's schema; this file only lists them.
import { z } from 'zod';
import { dependencyRulesSchema } from './graph/rules.ts';

export const configSections = {
  graph: z
    .object({ rules: dependencyRulesSchema.default([]) })
    .strict()
    .prefault({}),
};
