// `tally capacity plan FILE`: place workloads on machines (vector bin packing), offline — the
// file (YAML or JSON) is read here, no server. Prints each heuristic's machines against the lower
// bound, the best plan and its moves from the current placement. Exit 1 when workloads are left
// unplaced.
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { CapacityPlan } from '../../common/api/forecasts.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { parseYaml } from '../platform/documents/yaml.ts';
import { InputError, errorsOnly } from '../platform/problems.ts';
import { imbalance } from './imbalance.ts';
import { plan } from './plan.ts';

export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

export function readPlanFile(file: string): unknown {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (size > MAX_PLAN_BYTES) throw new UsageError(`${file} is larger than ${MAX_PLAN_BYTES} bytes`);
  const { documents, problems } = parseYaml(readFileSync(file, 'utf8'), file);
  if (errorsOnly(problems).length > 0) throw InputError.fromProblems(`${file} could not be read`, problems);
  if (documents.length !== 1) throw new UsageError(`${file} must hold one document (it holds ${documents.length})`);
  return documents[0].value;
}

const pad = (s: string, n: number) => s.padEnd(n);

export function planTable(p: CapacityPlan): string {
  const lines = ['heuristic      machines  / lower bound'];
  for (const h of p.heuristics) lines.push(`${pad(h.heuristic, 15)}${pad(String(h.machinesUsed), 10)}${(h.machinesUsed / Math.max(p.lowerBound, 1)).toFixed(3)}${h.unplaced ? `  (${h.unplaced} unplaced)` : ''}`);
  lines.push('', `best: ${p.heuristic} — ${p.machinesUsed} machines, lower bound ${p.lowerBound}, ratio ${p.ratio}`, '');
  const width = Math.max(8, ...p.machines.map((m) => m.machine.length)) + 2;
  lines.push(`${pad('machine', width)}${p.dimensions.map((d) => pad(`${d} %`, 12)).join('')}workloads`);
  const on = new Map<string, string[]>();
  for (const x of p.placements) on.set(x.machine, [...(on.get(x.machine) ?? []), x.workload]);
  for (const m of p.machines) lines.push(`${pad(m.machine, width)}${p.dimensions.map((d) => pad(m.utilisation[d].toFixed(1), 12)).join('')}${(on.get(m.machine) ?? []).join(', ')}`);
  lines.push('', p.moves.length === 0 ? 'moves: none' : `moves (${p.moves.length}):`);
  for (const m of p.moves) lines.push(`  ${m.workload}: ${m.from} → ${m.to ?? '(unplaced)'}`);
  if (p.unplaced.length) lines.push('', `unplaced (${p.unplaced.length}): ${p.unplaced.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function capacityCommands(program: Command, io: CliIo): void {
  const capacity = program.command('capacity').description('capacity planning: place workloads on machines in many dimensions at once');
  capacity
    .command('plan')
    .argument('<file>', 'YAML or JSON: {machines: [{name, capacity: {cpu, memory, …}}], workloads: [{name, demand: {…}, machine?}]}')
    .description('pack the workloads (FFD by sum, product, L2; dot-product and norm-based greedy), against the lower bound, with the moves from the current placement')
    .option('--format <format>', 'table or json', 'table')
    .action((file: string, o: { format: string }) => {
      if (o.format !== 'json' && o.format !== 'table') throw new UsageError(`--format must be table or json (got "${o.format}")`);
      const result = plan(readPlanFile(file), file);
      io.stdout.write(o.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : planTable(result));
      if (result.unplaced.length > 0) io.exitCode = 1;
    });
  capacity
    .command('imbalance')
    .argument('<file>', 'YAML or JSON: {nodes: [{name, used, capacity}], maxSpread?: points}')
    .description("how evenly a resource spread over nodes is used: each node's share, the spread and the coefficient of variation; exit 1 when the spread exceeds maxSpread")
    .option('--max-spread <points>', 'the largest acceptable spread of usage shares, in percentage points')
    .option('--format <format>', 'table or json', 'table')
    .action((file: string, o: { format: string; maxSpread?: string }) => {
      if (o.format !== 'json' && o.format !== 'table') throw new UsageError(`--format must be table or json (got "${o.format}")`);
      const input = readPlanFile(file) as Record<string, unknown>;
      if (o.maxSpread !== undefined) {
        const bound = Number(o.maxSpread);
        if (!(bound > 0 && bound <= 100)) throw new UsageError(`--max-spread must be a number of points in (0, 100] (got "${o.maxSpread}")`);
        if (input && typeof input === 'object') input.maxSpread = bound;
      }
      const r = imbalance(input, file);
      if (o.format === 'json') io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else {
        const rows = r.nodes.map((n) => `${n.name.padEnd(24)}${n.sharePercent.toFixed(1).padStart(7)} %`);
        io.stdout.write(`${rows.join('\n')}\nmean ${r.meanSharePercent} %, spread ${r.spreadPoints} points (${r.fullest} fullest, ${r.emptiest} emptiest), coefficient of variation ${r.coefficientOfVariation}${r.balanced === null ? '' : r.balanced ? ' — balanced' : ' — IMBALANCED'}\n`);
      }
      if (r.balanced === false) io.exitCode = 1;
    });
}
