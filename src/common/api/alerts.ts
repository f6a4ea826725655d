// Alert hygiene over HTTP: the lint of the server's rule files or of what a Prometheus has loaded,
// alert statistics and fatigue (ALERTS series and Tally's pages), the alerts firing now (Alertmanager).
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
  /** The service the rule's `service` (or `component`) label names. */
  service: z.string().nullable(),
});

/** The lint of the server's rule files by service (a rule's `service` or `component` label). */
export const serviceLintSchema = z.object({
  service: z.string().nullable(),
  alerts: z.number(),
  withRunbook: z.number(),
  errors: z.number(),
  warnings: z.number(),
});

export const lintReportSchema = z.object({
  server: z.string(),
  summary: z.object({ files: z.number(), alerts: z.number(), recordings: z.number(), withRunbook: z.number(), errors: z.number(), warnings: z.number(), byCheck: z.record(z.string(), z.number()) }),
  findings: z.array(lintFindingSchema),
  /** Alerting rules, runbooks and findings per service (null: rules naming no service). */
  services: z.array(serviceLintSchema),
  /** Rule files that could not be read (not YAML, not a rule file, missing). */
  problems: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })),
});
export type LintReport = z.infer<typeof lintReportSchema>;

export const alertStatSchema = z.object({
  alert: z.string(),
  service: z.string().nullable(),
  team: z.string().nullable(),
  severity: z.string().nullable(),
  /** Label sets of the alert seen firing. */
  series: z.number(),
  /** Firings that started in the window (fire/resolve cycles). */
  firings: z.number(),
  firingsPerWeek: z.number(),
  /** Firings that started within `flapMinutes` of the previous resolve. */
  flaps: z.number(),
  secondsFiring: z.number(),
  /** Tally's pages for this alert, how many were acknowledged, who they reached. */
  pages: z.number(),
  acknowledged: z.number(),
  neverAcknowledged: z.number(),
  /** Paged, and nobody ever acknowledged: probably not actionable. */
  notActionable: z.boolean(),
  woke: z.array(z.object({ user: z.string(), pages: z.number(), offHours: z.number() })),
  /** Firings started per day of the window, oldest first. */
  daily: z.array(z.number()),
});
export type AlertStat = z.infer<typeof alertStatSchema>;

export const alertStatsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  stepSeconds: z.number(),
  summary: z.object({ alerts: z.number(), firings: z.number(), pages: z.number(), flapping: z.number(), notActionable: z.number() }),
  alerts: z.array(alertStatSchema),
});
export type AlertStatsReport = z.infer<typeof alertStatsReportSchema>;

export const firingAlertSchema = z.object({
  name: z.string(),
  fingerprint: z.string(),
  severity: z.string().nullable(),
  /** Alertmanager's state: active, suppressed (silenced or inhibited), unprocessed. */
  state: z.string(),
  silencedBy: z.array(z.string()),
  inhibitedBy: z.array(z.string()),
  startsAt: z.string(),
  summary: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  generatorURL: z.string().nullable(),
});
export type FiringAlert = z.infer<typeof firingAlertSchema>;

export const silenceSchema = z.object({
  id: z.string(),
  matchers: z.array(z.string()),
  createdBy: z.string(),
  comment: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  state: z.string(),
});

/** The alerts firing now, from Alertmanager's API v2, grouped by team then service (through the catalog). */
export const alertDashboardSchema = z.object({
  configured: z.boolean(),
  /** What to set when no Alertmanager is configured. */
  hint: z.string().optional(),
  alertmanager: z.string().nullable(),
  teams: z.array(
    z.object({
      team: z.string().nullable(),
      services: z.array(z.object({ service: z.string().nullable(), ref: z.string().nullable(), alerts: z.array(firingAlertSchema) })),
    }),
  ),
  silences: z.array(silenceSchema),
  counts: z.object({ alerts: z.number(), active: z.number(), suppressed: z.number(), silences: z.number() }),
});
export type AlertDashboard = z.infer<typeof alertDashboardSchema>;
