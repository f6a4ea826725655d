// GET /api/v1/alerts/lint?server=NAME — the lint of every rule a configured Prometheus has
// loaded; owner labels must name a team (a Group) of the catalog.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lintReportSchema } from '../../common/api/alerts.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { DEFAULT_LINT_OPTIONS, lintRules } from './lint.ts';
import { prometheusRules } from './prometheus-rules.ts';

export function alertsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/alerts/lint',
    { schema: { tags: ['alerts'], summary: "Alert hygiene of every rule a Prometheus has loaded (its /api/v1/rules); owner labels must name a catalog team", querystring: z.object({ server: z.string().min(1).max(100).default('default') }), response: { 200: lintReportSchema } } },
    async (req) => {
      canRead(req);
      const rules = await prometheusRules({ fetch, prometheus: deps.config.checks.prometheus, timeoutMs: deps.config.checks.timeoutMs }, req.query.server);
      const teams = new Set((await catalogSnapshot(deps.db)).entities.filter((e) => e.kind === 'group').flatMap((e) => [e.name.toLowerCase(), e.ref.toLowerCase()]));
      const { findings, summary } = lintRules(rules, { ...DEFAULT_LINT_OPTIONS, knownOwners: teams });
      return { server: req.query.server, summary, findings };
    },
  );
}
