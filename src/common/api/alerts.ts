// Alert hygiene over HTTP: the lint of the alerting rules a Prometheus has loaded.
import { z } from 'zod';

export const lintFindingSchema = z.object({
  /** The rule file as Prometheus names it; `line` is 0 when the source does not tell (the rules API). */
  file: z.string(),
  line: z.number(),
  rule: z.string(),
  check: z.string(),
  level: z.enum(['error', 'warning']),
  problem: z.string(),
  hint: z.string(),
});

export const lintReportSchema = z.object({
  server: z.string(),
  summary: z.object({ files: z.number(), alerts: z.number(), recordings: z.number(), withRunbook: z.number(), errors: z.number(), warnings: z.number(), byCheck: z.record(z.string(), z.number()) }),
  findings: z.array(lintFindingSchema),
});
export type LintReport = z.infer<typeof lintReportSchema>;
