// Scorecards, evaluations and facts over HTTP. Domain logic lives in loader.ts, run.ts,
// facts.ts and store.ts; this file validates input, checks roles and shapes responses.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorParam, decodeCursor, limitParam, pageOf, refParam, timeIdCursor } from '../platform/http/params.ts';
import { evaluationBodySchema, evaluationRunListSchema, runsSchema, scorecardBodySchema, scorecardDetailSchema, scorecardListSchema, scorecardPutSchema, scorecardResultsSchema } from '../../common/api/scorecards.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import type { Host } from '../module.ts';
import { NotFoundError } from '../platform/problems.ts';
import { putScorecardFromApi } from './document/kind.ts';
import { runEvaluation } from './evaluation/run.ts';
import { currentResults, gradeDistribution, listScorecardRows, loadScorecards, recentRuns, scorecardVersions } from './repository.ts';

const nameParams = z.object({ name: z.string().min(1).max(100) });
const runsQuery = z.object({ scorecard: z.string().max(100).optional(), limit: limitParam(500, 50), cursor: cursorParam });

export function scorecardRoutes(app: FastifyInstance, deps: AppDeps, host: Host): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/scorecards', { schema: { tags: ['scorecards'], summary: 'Every scorecard with its version and grade distribution', response: { 200: scorecardListSchema } } }, async (req) => {
    canRead(req);
    const rows = await listScorecardRows(deps.read);
    const items = await Promise.all(
      rows.map(async (row) => ({ name: row.name, title: row.title ?? row.name, version: row.version, source: row.source, file: row.file, updatedAt: row.updated_at, grades: await gradeDistribution(deps.read, row.name) })),
    );
    return { items };
  });

  r.get('/api/v1/scorecards/:name', { schema: { tags: ['scorecards'], summary: 'One scorecard: requirements, weights, gates, versions, grade distribution', params: nameParams, response: { 200: scorecardDetailSchema } } }, async (req) => {
    canRead(req);
    const [stored] = await loadScorecards(deps.read, host.grading, [req.params.name]);
    if (!stored) throw new NotFoundError(`no scorecard '${req.params.name}'`);
    const { scorecard: sc, row } = stored;
    const versions = (await scorecardVersions(deps.read, sc.metadata.name)).map((v) => ({ version: v.version, firstSeenAt: v.firstSeenAt }));
    return {
      name: sc.metadata.name,
      title: sc.metadata.title ?? sc.metadata.name,
      description: sc.metadata.description ?? null,
      version: sc.version,
      source: row.source,
      file: row.file,
      appliesTo: sc.spec.appliesTo,
      grades: sc.spec.grades,
      warnCredit: sc.spec.warnCredit,
      schedule: sc.spec.schedule ?? null,
      requirements: sc.spec.requirements.map((q) => ({
        id: q.id,
        title: q.title,
        description: q.description ?? null,
        rationale: q.rationale ?? null,
        category: q.category,
        weight: q.weight,
        gate: q.gate ?? null,
        enforceFrom: q.enforceFrom ?? null,
        freshness: q.freshness ?? null,
        checkType: q.check.type,
        appliesTo: q.appliesTo ?? null,
      })),
      versions,
      distribution: await gradeDistribution(deps.read, sc.metadata.name),
    };
  });

  const resultsQuery = z.object({ entity: z.string().max(400).optional(), limit: limitParam(2000, 500), cursor: cursorParam });
  r.get('/api/v1/scorecards/:name/results', { schema: { tags: ['scorecards'], summary: "Entities' current score, grade and requirement states, by ref (cursor pagination)", params: nameParams, querystring: resultsQuery, response: { 200: scorecardResultsSchema } } }, async (req) => {
    canRead(req);
    if ((await loadScorecards(deps.read, host.grading, [req.params.name])).length === 0) throw new NotFoundError(`no scorecard '${req.params.name}'`);
    const { limit, cursor } = req.query;
    const entity = req.query.entity ? refParam(req.query.entity, 'querystring.entity', 'component') : undefined;
    const after = cursor ? String(decodeCursor(cursor, 1)[0]) : undefined;
    const page = pageOf(await currentResults(deps.read, req.params.name, { entity, limit: limit + 1, after }), limit, (x) => [x.entity]);
    return { results: page.rows, nextCursor: page.nextCursor };
  });

  r.put('/api/v1/scorecards', { schema: { tags: ['scorecards'], summary: 'Create or replace a scorecard (editor); `command` checks are refused', body: scorecardBodySchema, response: { 200: scorecardPutSchema, 201: scorecardPutSchema } } }, async (req, reply) => {
    mustHave(req, 'editor');
    const { scorecard, created, changed } = await putScorecardFromApi(deps.db, host.grading, req.body, deps.clock());
    return reply.status(created ? 201 : 200).send({ name: scorecard.metadata.name, version: scorecard.version, changed });
  });

  r.post('/api/v1/evaluations', { schema: { tags: ['scorecards'], summary: 'Evaluate now (editor) and return the run summaries', body: evaluationBodySchema, response: { 200: runsSchema } } }, async (req) => {
    mustHave(req, 'editor');
    const { scorecard, entities } = req.body;
    if (scorecard && (await loadScorecards(deps.db, host.grading, [scorecard])).length === 0) throw new NotFoundError(`no scorecard '${scorecard}'`);
    const refs = entities?.map((e, i) => refParam(e, `body.entities[${i}]`, 'component'));
    const runs = await runEvaluation({ ...deps, grading: host.grading }, { scorecards: scorecard ? [scorecard] : undefined, entities: refs, trigger: 'api' });
    return { runs };
  });

  r.get('/api/v1/evaluations', { schema: { tags: ['scorecards'], summary: 'Recent evaluation runs', querystring: runsQuery, response: { 200: evaluationRunListSchema } } }, async (req) => {
    canRead(req);
    const { limit, cursor, scorecard } = req.query;
    const page = pageOf(await recentRuns(deps.db, { scorecard, limit: limit + 1, after: timeIdCursor(cursor) }), limit, (x) => [x.started_at, x.id]);
    return { items: page.rows.map((x) => ({ id: x.id, scorecard: x.scorecard, trigger: x.trigger, status: x.status, startedAt: x.started_at, finishedAt: x.finished_at, entities: x.entities, changed: x.changed, errors: x.errors })), nextCursor: page.nextCursor };
  });
}
