// The capacity plan: the input document (machines with capacity vectors, workloads with demand
// vectors and, optionally, where each runs now) → every heuristic's packing, the best one against
// the lower bound, and a migration plan from the current placement with as few moves as possible:
// the best count of machines is kept, and among the layouts that reach it (workloads left where
// they are and the rest packed around them; the best packing with its machines renamed to overlap
// the current placement most) the one with the fewest moves wins.
import { z } from 'zod';
import type { CapacityPlan } from '../../common/api/forecasts.ts';
import { InputError, problem, zodProblems, type Problem as TallyProblem } from '../platform/problems.ts';
import { HEURISTICS, lowerBound, machinesUsed, pack, type Assignment, type Heuristic, type Problem } from './pack.ts';

export const LIMITS = { machines: 20_000, workloads: 100_000, dims: 16 };

const name = z.string().min(1).max(200);
const vector = z.record(z.string().min(1).max(64), z.number().finite().nonnegative());

export const planInputSchema = z.object({
  machines: z.array(z.object({ name, capacity: vector }).strict()).min(1).max(LIMITS.machines),
  workloads: z.array(z.object({ name, demand: vector, machine: name.optional() }).strict()).max(LIMITS.workloads),
}).strict();

export type PlanInput = z.infer<typeof planInputSchema>;

interface Compiled {
  input: PlanInput;
  dimNames: string[];
  problem: Problem;
  current: Int32Array;
}

/** Checks the input: unique names, known current machines, each workload fitting some machine. */
export function compile(raw: unknown, file = 'input'): Compiled {
  const parsed = planInputSchema.safeParse(raw);
  if (!parsed.success) throw InputError.fromProblems(`${file} is not a capacity plan input`, zodProblems(parsed.error, { file }));
  const input = parsed.data;
  const problems: TallyProblem[] = [];
  const dimSet = new Set<string>();
  for (const m of input.machines) Object.keys(m.capacity).forEach((d) => dimSet.add(d));
  for (const w of input.workloads) Object.keys(w.demand).forEach((d) => dimSet.add(d));
  const dimNames = [...dimSet].sort();
  if (dimNames.length > LIMITS.dims) problems.push(problem(`${dimNames.length} dimensions: at most ${LIMITS.dims}`, { file, field: 'machines' }));
  const k = dimNames.length;
  const index = new Map<string, number>();
  input.machines.forEach((m, i) => {
    if (index.has(m.name)) problems.push(problem(`machine "${m.name}" is listed twice`, { file, field: `machines[${i}].name` }));
    index.set(m.name, i);
  });
  const capacity = new Float64Array(input.machines.length * k);
  input.machines.forEach((m, i) => dimNames.forEach((d, di) => (capacity[i * k + di] = m.capacity[d] ?? 0)));
  const largest = dimNames.map((_, di) => Math.max(...input.machines.map((_, i) => capacity[i * k + di])));
  const demand = new Float64Array(input.workloads.length * k);
  const current = new Int32Array(input.workloads.length).fill(-1);
  const seen = new Set<string>();
  input.workloads.forEach((w, j) => {
    if (seen.has(w.name)) problems.push(problem(`workload "${w.name}" is listed twice`, { file, field: `workloads[${j}].name` }));
    seen.add(w.name);
    dimNames.forEach((d, di) => (demand[j * k + di] = w.demand[d] ?? 0));
    for (let di = 0; di < k; di++) {
      if (demand[j * k + di] > largest[di]) problems.push(problem(`workload "${w.name}" needs ${dimNames[di]} ${demand[j * k + di]}, more than any machine has (the largest has ${largest[di]})`, { file, field: `workloads[${j}].demand.${dimNames[di]}` }));
    }
    if (w.machine !== undefined) {
      const i = index.get(w.machine);
      if (i === undefined) problems.push(problem(`workload "${w.name}" runs on "${w.machine}", which is not among the machines`, { file, field: `workloads[${j}].machine` }));
      else current[j] = i;
    }
  });
  if (problems.length === 0) {
    input.workloads.forEach((w, j) => {
      const fitsSome = input.machines.some((_, i) => dimNames.every((_, di) => demand[j * k + di] <= capacity[i * k + di]));
      if (!fitsSome) problems.push(problem(`workload "${w.name}" fits no single machine: each machine lacks one of ${dimNames.filter((_, di) => demand[j * k + di] > 0).join(', ')}`, { file, field: `workloads[${j}].demand` }));
    });
  }
  if (problems.length > 0) throw InputError.fromProblems(`${file}: the workloads cannot be planned`, problems);
  return { input, dimNames, problem: { dims: k, capacity, demand }, current };
}

function moves(a: Assignment, current: Int32Array): number {
  let n = 0;
  for (let j = 0; j < a.length; j++) if (current[j] >= 0 && a[j] !== current[j]) n++;
  return n;
}

const unplaced = (a: Assignment) => a.reduce((n, i) => n + (i < 0 ? 1 : 0), 0);

/** Workloads stay where they are on the `keep` busiest machines while they fit; the rest are packed around them (first fit, largest first). */
function sticky(p: Problem, current: Int32Array, keep: number): Assignment {
  const k = p.dims;
  const m = p.capacity.length / k;
  const n = current.length;
  const load = new Float64Array(m);
  const size = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let d = 0; d < k; d++) size[j] += p.demand[j * k + d] / Math.max(p.capacity[d], 1e-9);
    if (current[j] >= 0) load[current[j]] += size[j];
  }
  const order = Int32Array.from({ length: m }, (_, i) => i).sort((a, b) => load[b] - load[a] || a - b);
  const kept = new Uint8Array(m);
  for (let o = 0; o < keep && o < m; o++) kept[order[o]] = 1;
  const left = Float64Array.from(p.capacity);
  const out = new Int32Array(n).fill(-1);
  const bySize = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => size[b] - size[a] || a - b);
  const fit = (i: number, j: number) => {
    for (let d = 0; d < k; d++) if (p.demand[j * k + d] > left[i * k + d] + 1e-9) return false;
    for (let d = 0; d < k; d++) left[i * k + d] -= p.demand[j * k + d];
    out[j] = i;
    return true;
  };
  for (const j of bySize) if (current[j] >= 0 && kept[current[j]]) fit(current[j], j);
  for (const j of bySize) {
    if (out[j] >= 0) continue;
    let placed = false;
    for (let o = 0; o < m && !placed; o++) placed = fit(order[o], j);
  }
  return out;
}

/** The same bins on other machines: each bin goes to the machine holding most of its workloads now (when it fits there). */
function relabel(p: Problem, a: Assignment, current: Int32Array): Assignment {
  const k = p.dims;
  const m = p.capacity.length / k;
  const bins = [...new Set(Array.from(a).filter((i) => i >= 0))];
  const overlap = new Map<string, number>();
  for (let j = 0; j < a.length; j++) if (a[j] >= 0 && current[j] >= 0) overlap.set(`${a[j]},${current[j]}`, (overlap.get(`${a[j]},${current[j]}`) ?? 0) + 1);
  const sum = new Map<number, Float64Array>();
  for (const b of bins) sum.set(b, new Float64Array(k));
  for (let j = 0; j < a.length; j++) if (a[j] >= 0) for (let d = 0; d < k; d++) sum.get(a[j])![d] += p.demand[j * k + d];
  const fitsOn = (b: number, i: number) => { for (let d = 0; d < k; d++) if (sum.get(b)![d] > p.capacity[i * k + d] + 1e-9) return false; return true; };
  const to = new Map<number, number>();
  const taken = new Uint8Array(m);
  const pairs = [...overlap.entries()].map(([key, c]) => [...key.split(',').map(Number), c]).sort((x, y) => y[2] - x[2]);
  for (const [b, i] of pairs) if (!to.has(b) && !taken[i] && fitsOn(b, i)) { to.set(b, i); taken[i] = 1; }
  for (const b of bins) if (!to.has(b) && !taken[b]) { to.set(b, b); taken[b] = 1; }
  for (const b of bins) {
    if (to.has(b)) continue;
    for (let i = 0; i < m; i++) if (!taken[i] && fitsOn(b, i)) { to.set(b, i); taken[i] = 1; break; }
    if (!to.has(b)) return a;
  }
  return a.map((b) => (b >= 0 ? to.get(b)! : -1));
}

export function plan(raw: unknown, file = 'input'): CapacityPlan {
  const c = compile(raw, file);
  const m = c.input.machines.length;
  const bound = lowerBound(c.problem);
  const runs = HEURISTICS.map((h) => ({ heuristic: h as Heuristic, a: pack(c.problem, h) }));
  const score = (a: Assignment) => [unplaced(a), machinesUsed(a, m), moves(a, c.current)];
  const better = (x: number[], y: number[]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  runs.sort((x, y) => better(score(x.a), score(y.a)));
  const best = runs[0];
  const target = machinesUsed(best.a, m);
  const candidates: Assignment[] = [best.a, relabel(c.problem, best.a, c.current)];
  if (c.current.some((i) => i >= 0)) candidates.push(sticky(c.problem, c.current, target));
  const chosen = candidates.sort((x, y) => better(score(x), score(y)))[0];
  const names = c.input.machines.map((x) => x.name);
  const workloads = c.input.workloads;
  const used = machinesUsed(chosen, m);
  const k = c.problem.dims;
  const perMachine = new Map<number, Float64Array>();
  chosen.forEach((i, j) => {
    if (i < 0) return;
    const u = perMachine.get(i) ?? new Float64Array(k);
    for (let d = 0; d < k; d++) u[d] += c.problem.demand[j * k + d];
    perMachine.set(i, u);
  });
  return {
    heuristic: best.heuristic,
    machinesUsed: used,
    lowerBound: bound,
    ratio: bound > 0 ? Math.round((used / bound) * 1000) / 1000 : 1,
    dimensions: c.dimNames,
    heuristics: HEURISTICS.map((h) => ({ heuristic: h, machinesUsed: machinesUsed(runs.find((r) => r.heuristic === h)!.a, m), unplaced: unplaced(runs.find((r) => r.heuristic === h)!.a) })),
    placements: workloads.flatMap((w, j) => (chosen[j] >= 0 ? [{ workload: w.name, machine: names[chosen[j]] }] : [])),
    unplaced: workloads.filter((_, j) => chosen[j] < 0).map((w) => w.name),
    moves: workloads.flatMap((w, j) => (c.current[j] >= 0 && chosen[j] !== c.current[j] ? [{ workload: w.name, from: names[c.current[j]], to: chosen[j] >= 0 ? names[chosen[j]] : null }] : [])),
    machines: [...perMachine.entries()].sort((x, y) => x[0] - y[0]).map(([i, u]) => ({
      machine: names[i],
      utilisation: Object.fromEntries(c.dimNames.map((d, di) => [d, c.problem.capacity[i * k + di] > 0 ? Math.round((u[di] / c.problem.capacity[i * k + di]) * 1000) / 10 : 0])),
    })),
  };
}
