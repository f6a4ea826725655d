// `tally graph cycles|boot-order|check|export`: from the server, or from files with --offline.
import type { Command } from 'commander';
import { normalizeRef } from '../../common/refs.ts';
import { deriveRelations, loadCatalogFiles } from '../catalog/index.ts';
import type { Host } from '../module.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { formatOption } from '../platform/cli/options.ts';
import { callServer, fetchServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { InputError, UnavailableError, errorsOnly, formatProblem } from '../platform/problems.ts';
import { checkEdge } from './admission.ts';
import { toDot, toMermaid } from './export.ts';
import type { DependencyRule } from './rules.ts';
import { analyzeCatalog, type GraphAnalysis } from './snapshot.ts';

interface GraphOptions extends RemoteOptions {
  offline?: string[];
  config?: string;
  format: string;
}

export function graphCommands(program: Command, io: CliIo, host: Host): void {
  const rules = (o: GraphOptions): DependencyRule[] => (o.config ? host.loadConfig(o.config, io.env).graph.rules : []);
  const offlineAnalysis = async (o: GraphOptions): Promise<GraphAnalysis> => {
    const loaded = await loadCatalogFiles(o.offline ?? []);
    const errors = errorsOnly(loaded.problems);
    if (errors.length) throw new InputError(`the catalog files have ${errors.length} error(s):\n  ${errors.map(formatProblem).join('\n  ')}`, errors);
    const entities = loaded.entities.map((l) => l.entity);
    return analyzeCatalog(entities, deriveRelations(entities), rules(o));
  };
  const print = (value: unknown, o: GraphOptions, text: () => string) => io.stdout.write(o.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
  const withCommon = (cmd: Command): Command =>
    remoteOptions(cmd)
      .option('--offline <paths...>', 'analyse these catalog files instead of asking the server')
      .option('-c, --config <file>', 'tally.yaml whose graph.rules apply offline')
      .option('--format <format>', 'text or json', formatOption(['text', 'json']), 'text');

  const graph = program.command('graph').description('dependency cycles, boot order, rule checks and exports');
  withCommon(graph.command('cycles').description('every dependency cycle; exit 1 when there is one')).action(async (o: GraphOptions) => {
    const cycles = o.offline ? (await offlineAnalysis(o)).cycles : (await callServer<{ cycles: GraphAnalysis['cycles'] }>(o, io, 'GET', '/api/v1/graph/cycles')).cycles;
    print({ cycles: cycles.map((c) => c.nodes) }, o, () => (cycles.length ? cycles.map((c, i) => `cycle ${i + 1}: ${c.path.join(' → ')}`).join('\n') : 'no cycles'));
    io.exitCode = cycles.length ? 1 : 0;
  });
  withCommon(graph.command('boot-order').description('cold-start waves: what can start when every server reboots at once')).action(async (o: GraphOptions) => {
    const a = o.offline ? await offlineAnalysis(o) : await callServer<{ waves: string[][]; blocked: string[] }>(o, io, 'GET', '/api/v1/graph/boot-order');
    print({ waves: a.waves, blocked: a.blocked }, o, () =>
      [...a.waves.map((w, i) => `wave ${i}: ${w.join(', ')}`), `never starts (on or behind a cycle): ${a.blocked.length ? a.blocked.join(', ') : 'none'}`].join('\n'),
    );
  });
  withCommon(graph.command('check').description('rule violations (exit 1 when any); with --edge FROM TO, would this new edge create a cycle or break a rule?'))
    .option('--edge <refs...>', 'FROM TO')
    .action(async (o: GraphOptions & { edge?: string[] }) => {
      if (o.edge) return checkOneEdge(o, o.edge);
      const violations = o.offline ? (await offlineAnalysis(o)).violations : (await callServer<{ violations: GraphAnalysis['violations'] }>(o, io, 'GET', '/api/v1/graph/violations')).violations;
      print({ violations }, o, () => (violations.length ? violations.map((v) => `${v.rule}: ${v.message}`).join('\n') : 'no rule violations'));
      io.exitCode = violations.length ? 1 : 0;
    });
  withCommon(graph.command('export').description('the graph as Graphviz DOT or Mermaid'))
    .option('--as <syntax>', 'dot or mermaid', formatOption(['dot', 'mermaid']), 'dot')
    .action(async (o: GraphOptions & { as: string }) => {
      if (!o.offline) {
        const res = await fetchServer(o, io, 'GET', `/api/v1/graph/export?format=${o.as}`);
        if (!res.ok) throw new UnavailableError(`the server answered ${res.status} to the export`);
        io.stdout.write(await res.text());
        return;
      }
      const a = await offlineAnalysis(o);
      const opts = { cycles: a.cycles, violations: a.violations };
      io.stdout.write(o.as === 'dot' ? toDot(a.graph, opts) : toMermaid(a.graph, opts));
    });

  async function checkOneEdge(o: GraphOptions, edge: string[]): Promise<void> {
    if (edge.length !== 2) throw new UsageError('--edge takes two refs: FROM TO');
    const [from, to] = edge.map((r) => normalizeRef(r, { defaultKind: 'component' }));
    if (!from || !to) throw new UsageError(`--edge: "${edge.join(' ')}" are not entity references`);
    const result = o.offline ? checkEdge((await offlineAnalysis(o)).graph, rules(o), from, to) : await callServer<ReturnType<typeof checkEdge>>(o, io, 'POST', '/api/v1/graph/check-edge', { from, to });
    print(result, o, () =>
      result.allowed ? `${from} → ${to}: allowed` : [`${from} → ${to}: refused`, ...(result.cycle ? [`  creates the cycle ${result.cycle.join(' → ')}`] : []), ...result.violations.map((v) => `  breaks ${v.rule}: ${v.message}`)].join('\n'),
    );
    io.exitCode = result.allowed ? 0 : 1;
  }
}
