// The forecasts API: resources by time to exhaustion, one resource with its chart's data (under a
// scenario), and the upload of a resource's usage samples as CSV.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resourceForecastDetailSchema, resourceForecastListSchema, samplesStoredSchema } from '../../common/api/forecasts.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { refParam } from '../platform/http/params.ts';
import { NotFoundError } from '../platform/problems.ts';
import { forecastDetail, forecastList } from './read.ts';
import { parseSeriesCsv } from './methods/csv.ts';
import { replaceSamples } from './repository.ts';
import { isResource } from './resources.ts';

const tags = ['forecasts'];
const MAX_CSV_BYTES = 16 * 1024 * 1024;

const scenario = {
  delayDays: z.coerce.number().min(0).max(3650).default(0).describe('scenario: delivery delayed by N days'),
  demandUpPercent: z.coerce.number().min(-100).max(10_000).default(0).describe('scenario: growth up by X %'),
  capacityLostPercent: z.coerce.number().min(0).max(100).default(0).describe('scenario: X % of capacity lost (a site or supplier gone)'),
  siteLost: z.string().min(1).max(100).optional().describe('scenario: this site of tally.dev/capacity-sites lost (in the list: for the resources that have it)'),
};

async function resourceOr404(deps: AppDeps, raw: string, field: string): Promise<string> {
  const ref = refParam(raw, field, 'resource');
  const e = (await catalogSnapshot(deps.db)).byRef.get(ref);
  if (!e || !isResource(e)) throw new NotFoundError(`${ref} is not a resource with a capacity (annotation tally.dev/capacity, tally.dev/capacity-sites or tally.dev/capacity-query)`);
  return ref;
}

export function forecastsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/forecasts', { schema: { tags, summary: 'Resources by time to exhaustion (flagged first): the pessimistic date against lead time + safety margin, or why there is none', querystring: z.object(scenario), response: { 200: resourceForecastListSchema } } }, async (req) => {
    canRead(req);
    return forecastList(deps, deps.clock(), req.query);
  });
  r.get('/api/v1/forecasts/resource', { schema: { tags, summary: "One resource's forecast with its history, forecast line and 95 % band (the chart's data), under a scenario", querystring: z.object({ ref: z.string().min(1).max(400), ...scenario }), response: { 200: resourceForecastDetailSchema } } }, async (req) => {
    canRead(req);
    const ref = await resourceOr404(deps, req.query.ref, 'querystring.ref');
    const { delayDays, demandUpPercent, capacityLostPercent, siteLost } = req.query;
    return forecastDetail(deps, ref, deps.clock(), { delayDays, demandUpPercent, capacityLostPercent, siteLost });
  });
  app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().put('/api/v1/forecasts/samples', { schema: { tags, summary: "Replace a resource's usage samples (editor): CSV timestamp_ms,value with that header (NaN, +Inf, -Inf allowed)", querystring: z.object({ ref: z.string().min(1).max(400) }), body: z.string().describe('text/csv'), response: { 200: samplesStoredSchema } } }, async (req) => {
      mustHave(req, 'editor');
      const ref = await resourceOr404(deps, req.query.ref, 'querystring.ref');
      const series = parseSeriesCsv(req.body, 'body');
      await deps.db.transaction().execute((tx) => replaceSamples(tx, ref, series));
      return { resource: ref, samples: series.t.length };
    });
  });
}
