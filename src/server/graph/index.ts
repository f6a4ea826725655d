// The graph domain: build, analyse, check and render the dependency graph; the `graph` context
// provider for checks. The only way in from other folders.
import type { TallyModule } from '../module.ts';
import { graphConfigSchema } from './config.ts';
import { graphContext } from './context.ts';
import { graphCommands } from './graph.cli.ts';
import { graphRoutes } from './graph.routes.ts';

export const graphModule: TallyModule = {
  name: 'graph',
  config: { graph: graphConfigSchema },
  contexts: [graphContext],
  routes: graphRoutes,
  commands: graphCommands,
};

export { analyzeCatalog, currentAnalysis, type GraphAnalysis } from './snapshot.ts';
export { graphFacts, type GraphFacts } from './context.ts';
export { allNeighbours, entityNeighbours, type Neighbour, type NeighbourNode, type Neighbours } from './neighbours.ts';

export type { BlockedReason, BootWaves, Cycle, DependencyGraph, EdgeVia, GraphEdge, GraphNode, Violation } from './types.ts';
export { buildDependencyGraph } from './build.ts';
export { analyzeBoot, blockedReasons, bootWaves, findCycles, pathToCycle } from './analysis.ts';
export {
  compileSelector,
  dependencyRuleSchema,
  dependencyRulesSchema,
  findViolations,
  nodeSelectorSchema,
  parseDependencyRules,
  type DependencyRule,
  type DependencyRuleInput,
  type NodeSelector,
} from './rules.ts';
export { checkEdge, type EdgeCheck } from './admission.ts';
export { toDot, toMermaid, type ExportOptions } from './export.ts';
export { generateGraph, type GenerateOptions } from './generate.ts';

export { summarizeGraph, type GraphSummary, type GraphSummaryEdge, type GraphSummaryNode } from './summary.ts';
