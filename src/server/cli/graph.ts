import type { Command } from 'commander';
import { normalizeRef } from '../../common/refs.ts';
import { loadCatalogFiles } from '../catalog/load.ts';
import { deriveRelations } from '../catalog/relations.ts';
import { loadConfig } from '../platform/config.ts';
import { checkEdge } from '../graph/admission.ts';
import { toDot, toMermaid } from '../graph/export.ts';
import { analyzeCatalog, type GraphAnalysis } from '../graph/snapshot.ts';
import { InputError, errorsOnly, formatProblem } from '../platform/problems.ts';
import { formatOption } from './options.ts';
import { callServer, type RemoteOptions } from './remote.ts';

interface GraphOptions extends RemoteOptions {
  offline?: string[];
  config?: string;
  format: string;
}

async function offlineAnalysis(o: GraphOptions): Promise<GraphAnalysis> {
  const loaded = await loadCatalogFiles(o.offline ?? []);
  const errors = errorsOnly(loaded.problems);
  if (errors.length) throw new InputError(`the catalog files have ${errors.length} error(s):\n  ${errors.map(formatProblem).join('\n  ')}`);
  const rules = o.config ? loadConfig(o.config).graph.rules : [];
  const entities = loaded.entities.map((l) => l.entity);
  return analyzeCatalog(entities, deriveRelations(entities), rules);
}

const print = (value: unknown, o: GraphOptions, text: () => string) =>
  process.stdout.write(o.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);

function withCommon(cmd: Command): Command {
  return cmd
    .option('--offline <paths...>', 'analyse these catalog files instead of asking the server')
    .option('-c, --config <file>', 'tally.yaml whose graph.rules apply offline')
    .option('--server <url>', 'Tally server (default: $TALLY_SERVER or http://127.0.0.1:7070)')
    .option('--format <format>', 'text or json', formatOption(['text', 'json']), 'text');
}

export function graphCommands(program: Command): void {
  const graph = program.command('graph').description('dependency cycles, boot order, rule checks and exports');
  withCommon(graph.command('cycles').description('every dependency cycle')).action(async (o: GraphOptions) => {
    const cycles = o.offline ? (await offlineAnalysis(o)).cycles : (await callServer<{ cycles: GraphAnalysis['cycles'] }>(o, 'GET', '/api/v1/graph/cycles')).cycles;
    print({ cycles: cycles.map((c) => c.nodes) }, o, () => (cycles.length ? cycles.map((c, i) => `cycle ${i + 1}: ${c.path.join(' → ')}`).join('\n') : 'no cycles'));
    process.exitCode = cycles.length ? 1 : 0;
  });
  withCommon(graph.command('boot-order').description('cold-start waves: what can start when every server reboots at once')).action(async (o: GraphOptions) => {
    const a = o.offline ? await offlineAnalysis(o) : await callServer<{ waves: string[][]; blocked: string[] }>(o, 'GET', '/api/v1/graph/boot-order');
    print({ waves: a.waves, blocked: a.blocked }, o, () =>
      [...a.waves.map((w, i) => `wave ${i}: ${w.join(', ')}`), `never starts (on or behind a cycle): ${a.blocked.length ? a.blocked.join(', ') : 'none'}`].join('\n'),
    );
  });
  withCommon(graph.command('check').description('rule violations; with --edge FROM TO, would this new edge create a cycle or break a rule?'))
    .option('--edge <refs...>', 'FROM TO')
    .action(async (o: GraphOptions & { edge?: string[] }) => {
      if (o.edge) return checkOneEdge(o, o.edge);
      const violations = o.offline ? (await offlineAnalysis(o)).violations : (await callServer<{ violations: GraphAnalysis['violations'] }>(o, 'GET', '/api/v1/graph/violations')).violations;
      print({ violations }, o, () => (violations.length ? violations.map((v) => `${v.rule}: ${v.message}`).join('\n') : 'no rule violations'));
      process.exitCode = violations.length ? 1 : 0;
    });
  withCommon(graph.command('export').description('the graph as Graphviz DOT or Mermaid'))
    .option('--as <syntax>', 'dot or mermaid', formatOption(['dot', 'mermaid']), 'dot')
    .action(async (o: GraphOptions & { as: string }) => {
      if (!o.offline) {
        const res = await fetch(`${(o.server ?? 'http://127.0.0.1:7070').replace(/\/$/, '')}/api/v1/graph/export?format=${o.as}`);
        process.stdout.write(await res.text());
        return;
      }
      const a = await offlineAnalysis(o);
      const opts = { cycles: a.cycles, violations: a.violations };
      process.stdout.write(o.as === 'dot' ? toDot(a.graph, opts) : toMermaid(a.graph, opts));
    });
}

async function checkOneEdge(o: GraphOptions, edge: string[]): Promise<void> {
  if (edge.length !== 2) throw new InputError('--edge takes two refs: FROM TO');
  const [from, to] = edge.map((r) => normalizeRef(r, { defaultKind: 'component' }));
  if (!from || !to) throw new InputError(`--edge: "${edge.join(' ')}" are not entity references`);
  const result = o.offline
    ? checkEdge((await offlineAnalysis(o)).graph, o.config ? loadConfig(o.config).graph.rules : [], from, to)
    : await callServer<ReturnType<typeof checkEdge>>(o, 'POST', '/api/v1/graph/check-edge', { from, to });
  print(result, o, () =>
    result.allowed ? `${from} → ${to}: allowed` : [`${from} → ${to}: refused`, ...(result.cycle ? [`  creates the cycle ${result.cycle.join(' → ')}`] : []), ...result.violations.map((v) => `  breaks ${v.rule}: ${v.message}`)].join('\n'),
  );
  process.exitCode = result.allowed ? 0 : 1;
}
