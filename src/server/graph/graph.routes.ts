import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bootOrderSchema, checkEdgeBodySchema, cyclesSchema, dependenciesSchema, edgeCheckSchema, graphSchema, violationsSchema } from '../../common/api/graph.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { refParam } from '../platform/http/params.ts';
import { checkEdge } from './admission.ts';
import { toDot, toMermaid } from './export.ts';
import { entityNeighbours } from './neighbours.ts';
import { NotFoundError } from '../platform/problems.ts';
import { summarizeGraph } from './summary.ts';
import { currentAnalysis } from './snapshot.ts';

const systemQuery = z.object({ system: z.string().optional().describe('only nodes of this system (and the edges between them)') });

export function graphRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const analysis = () => currentAnalysis(deps.read, deps.config.graph.rules);
  r.get('/api/v1/graph', { schema: { tags: ['graph'], summary: 'Nodes and dependency edges', querystring: systemQuery, response: { 200: graphSchema } } }, async (req) => {
    canRead(req);
    const summary = summarizeGraph((await analysis()).graph);
    const system = req.query.system ? refParam(req.query.system, 'querystring.system', 'system') : undefined;
    if (!system) return summary;
    const nodes = summary.nodes.filter((n) => n.system === system);
    const keep = new Set(nodes.map((n) => n.ref));
    return { nodes, edges: summary.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
  });
  r.get(
    '/api/v1/entities/:ref/dependencies',
    { schema: { tags: ['graph'], summary: "What an entity needs to run and what needs it, each with `via` (dependsOn, consumesApi, partOf) — the report card's dependencies", params: z.object({ ref: z.string().min(1).max(400) }), response: { 200: dependenciesSchema } } },
    async (req) => {
      canRead(req);
      const ref = refParam(req.params.ref, 'params.ref', 'component');
      const found = entityNeighbours((await analysis()).graph, ref);
      if (!found) throw new NotFoundError(`${ref} is not in the dependency graph`);
      return { entity: ref, ...found };
    },
  );
  r.get('/api/v1/graph/cycles', { schema: { tags: ['graph'], summary: 'Every dependency cycle, with its edges', response: { 200: cyclesSchema } } }, async (req) => {
    canRead(req);
    return { cycles: (await analysis()).cycles };
  });
  r.get('/api/v1/graph/boot-order', { schema: { tags: ['graph'], summary: 'Cold-start boot waves and the services that never come up', response: { 200: bootOrderSchema } } }, async (req) => {
    canRead(req);
    const a = await analysis();
    return { waves: a.waves, blocked: a.blocked, reasons: a.reasons };
  });
  r.get('/api/v1/graph/violations', { schema: { tags: ['graph'], summary: 'Dependency rule violations', response: { 200: violationsSchema } } }, async (req) => {
    canRead(req);
    return { rules: deps.config.graph.rules, violations: (await analysis()).violations };
  });
  r.post(
    '/api/v1/graph/check-edge',
    { schema: { tags: ['graph'], summary: 'Would this new dependency create a cycle or break a rule?', body: checkEdgeBodySchema, response: { 200: edgeCheckSchema } } },
    async (req) => {
      canRead(req);
      const from = refParam(req.body.from, 'body.from', 'component');
      const to = refParam(req.body.to, 'body.to', 'component');
      return { from, to, ...checkEdge((await analysis()).graph, deps.config.graph.rules, from, to) };
    },
  );
  r.get('/api/v1/graph/export', { schema: { tags: ['graph'], summary: 'Graphviz DOT or Mermaid', querystring: z.object({ format: z.enum(['dot', 'mermaid']).default('dot') }), response: { 200: { content: { 'text/plain': { schema: z.string().describe('Graphviz DOT or Mermaid source') } } } } } }, async (req, reply) => {
    canRead(req);
    const a = await analysis();
    const opts = { cycles: a.cycles, violations: a.violations };
    const text = req.query.format === 'dot' ? toDot(a.graph, opts) : toMermaid(a.graph, opts);
    return reply.type('text/plain; charset=utf-8').send(text);
  });
}
