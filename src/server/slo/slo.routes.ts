// GET /api/v1/slos — every SLO with its error budget, computed now from Prometheus (one instant
// query per SLO); GET /api/v1/slos/:name — one, with every sample for the budget chart;
// GET /api/v1/slos/:name/curve — the inverted SLO: its histogram read as threshold → share under it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sloBudgetSchema, sloCurveSchema, sloListSchema } from '../../common/api/slo.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { NotFoundError } from '../platform/problems.ts';
import { budgetDepsOf } from './budgets.ts';
import { fetchBudget, fetchBudgets } from './budget.ts';
import { configuredWindows } from './config.ts';
import { fetchCurve } from './curve.ts';
import { DURATION_HINT, parseDuration } from './duration.ts';
import { loadSlos } from './kind.ts';

const tags = ['slo'];

export function sloRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const slos = () => loadSlos(deps.db, { windows: configuredWindows(deps.config.slo), defaultServer: deps.config.slo.server });
  r.get(
    '/api/v1/slos',
    { schema: { tags, summary: 'Every SLO with its error budget and burn rates, computed now from Prometheus', querystring: z.object({ service: z.string().min(1).max(253).optional() }), response: { 200: sloListSchema } } },
    async (req) => {
      canRead(req);
      const list = (await slos()).filter((s) => !req.query.service || s.service === req.query.service);
      const budgets = await fetchBudgets(budgetDepsOf(deps), list, deps.clock(), undefined, { samples: false });
      return { slos: budgets.map(({ samples: _s, ...b }) => b) };
    },
  );
  r.get(
    '/api/v1/slos/:name',
    { schema: { tags, summary: 'One SLO with its error budget and every sample of its window (the budget chart)', params: z.object({ name: z.string().min(1).max(63) }), response: { 200: sloBudgetSchema } } },
    async (req) => {
      canRead(req);
      const slo = (await slos()).find((s) => s.name === req.params.name);
      if (!slo) throw new NotFoundError(`no SLO named "${req.params.name}"`);
      return fetchBudget(budgetDepsOf(deps), slo, deps.clock());
    },
  );
  r.get(
    '/api/v1/slos/:name/curve',
    {
      schema: {
        tags,
        summary: 'The inverted SLO: the share of observations under each bucket bound over a period, the share under a threshold, the latency a share stayed under, and an objective suggested from the last 28 days',
        params: z.object({ name: z.string().min(1).max(63) }),
        querystring: z.object({
          period: z.string().max(10).default('7d').refine((v) => { const s = parseDuration(v); return s !== undefined && s >= 300 && s <= 400 * 86_400; }, { message: `a period from 5m to 400d: ${DURATION_HINT}` }),
          under: z.coerce.number().min(0).max(1e9).optional(),
          quantile: z.coerce.number().gt(0).lt(1).optional(),
        }),
        response: { 200: sloCurveSchema },
      },
    },
    async (req) => {
      canRead(req);
      const slo = (await slos()).find((s) => s.name === req.params.name);
      if (!slo) throw new NotFoundError(`no SLO named "${req.params.name}"`);
      return fetchCurve(budgetDepsOf(deps), slo, { periodSeconds: parseDuration(req.query.period)!, under: req.query.under, quantile: req.query.quantile }, deps.clock());
    },
  );
}
