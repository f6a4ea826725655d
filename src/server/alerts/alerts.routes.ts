// The alerts API:
//   GET /api/v1/alerts/lint?server=NAME    lint of every rule a configured Prometheus has loaded
//   GET /api/v1/alerts/lint/files          lint of the rule files of alerts.ruleFiles
//   GET /api/v1/alerts/stats?days=N        firings, flapping, time firing, pages and who they woke
//   GET /api/v1/alerts/firing              the alerts firing now (Alertmanager API v2), by team and service
// Owner labels must name a team (a Group) of the catalog. A source that cannot be read is a 503.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertDashboardSchema, alertStatsReportSchema, lintReportSchema } from '../../common/api/alerts.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { pagesForStats } from '../oncall/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { firingSeries, stepFor } from './alert-series.ts';
import { alertDashboard, NOT_CONFIGURED_HINT, readAlertmanager } from './dashboard.ts';
import { prometheusRules } from './prometheus-rules.ts';
import { catalogTeams, configuredRules, lintReport } from './rule-sources.ts';
import { alertStats } from './stats.ts';

const server = z.string().min(1).max(100).optional();

export function alertsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const io = () => ({ fetch, timeoutMs: deps.config.checks.timeoutMs });
  r.get(
    '/api/v1/alerts/lint',
    { schema: { tags: ['alerts'], summary: "Alert hygiene of every rule a Prometheus has loaded (its /api/v1/rules); owner labels must name a catalog team", querystring: z.object({ server }), response: { 200: lintReportSchema } } },
    async (req) => {
      canRead(req);
      const name = req.query.server ?? deps.config.alerts.prometheus;
      const rules = await prometheusRules({ ...io(), prometheus: deps.config.checks.prometheus }, name);
      return lintReport(rules, catalogTeams(await catalogSnapshot(deps.db)), name);
    },
  );
  r.get(
    '/api/v1/alerts/lint/files',
    { schema: { tags: ['alerts'], summary: 'Alert hygiene of the rule files listed under alerts.ruleFiles in tally.yaml, with a count per service', response: { 200: lintReportSchema } } },
    async (req) => {
      canRead(req);
      const read = await configuredRules(deps.config);
      return lintReport(read.rules, catalogTeams(await catalogSnapshot(deps.db)), 'files', read.problems);
    },
  );
  r.get(
    '/api/v1/alerts/stats',
    { schema: { tags: ['alerts'], summary: "Alert statistics and fatigue over the last days: firings per week, flapping and time firing from Prometheus's ALERTS series; pages, acknowledgements and who they woke from Tally's pages", querystring: z.object({ days: z.coerce.number().int().min(1).max(90).optional(), server }), response: { 200: alertStatsReportSchema } } },
    async (req) => {
      canRead(req);
      const days = req.query.days ?? deps.config.alerts.statsDays;
      const end = Math.floor(deps.clock().getTime() / 60_000) * 60;
      const start = end - days * 86_400;
      const step = stepFor(end - start);
      const series = await firingSeries({ ...io(), prometheus: deps.config.checks.prometheus }, req.query.server ?? deps.config.alerts.prometheus, { start, end, step });
      const pages = (await pagesForStats(deps.db, new Date(start * 1000).toISOString(), new Date(end * 1000).toISOString())).filter((p) => p.origin !== 'shift-start');
      return alertStats(series, pages, { start, end, step, flapSeconds: deps.config.alerts.flapMinutes * 60 });
    },
  );
  r.get(
    '/api/v1/alerts/firing',
    { schema: { tags: ['alerts'], summary: "The alerts firing now, read from Alertmanager's API v2, grouped by team and service (through the catalog), with the silences", response: { 200: alertDashboardSchema } } },
    async (req) => {
      canRead(req);
      const am = deps.config.alerts.alertmanager;
      if (!am) return { configured: false, hint: NOT_CONFIGURED_HINT, alertmanager: null, teams: [], silences: [], counts: { alerts: 0, active: 0, suppressed: 0, silences: 0 } };
      return alertDashboard(await readAlertmanager(io(), am), await catalogSnapshot(deps.db), am.url);
    },
  );
}
