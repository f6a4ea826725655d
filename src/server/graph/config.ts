// The `graph` section of tally.yaml: dependency rules checked on every catalog change.
import { z } from 'zod';
import { dependencyRulesSchema } from './rules.ts';

export const graphConfigSchema = z
  .object({ rules: dependencyRulesSchema.default([]) })
  .strict()
  .prefault({});
export type GraphConfig = z.output<typeof graphConfigSchema>;

declare module '../platform/config.ts' {
  interface ConfigSections {
    graph: GraphConfig;
  }
}
