// The architecture's rules, checked on the source (docs/ARCHITECTURE.md "Rules"): no cycle
// between folders; the platform imports no domain; a domain's tables are queried only from its
// own folder; the domains that feed grading never import the scorecards. The import rules a
// reader meets while editing (index.ts only, common/ isomorphic, no test/ from src/) are ESLint's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modules } from './modules.ts';
import type { PlatformTables } from './platform/db/tables.ts';

const ROOT = resolve(import.meta.dirname);
/**
 * The shared test harness is test code, like the *.test.ts files: it builds the Host of every module
 * (host.ts → modules.ts → each domain), and a domain's testing.ts imports it, so in the folder graph it
 * would close a cycle that no production import makes. It is left out, both as a folder and as a target
 * (ESLint keeps production code from importing it).
 */
const HARNESS = join(ROOT, 'testing');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === HARNESS) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(ROOT);
/** `scorecards/run.ts` → `scorecards`; root files are their own unit (`modules.ts`). */
const unitOf = (file: string) => relative(ROOT, file).split('/')[0];
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => resolve(dirname(file), m[1])).filter((p) => p.startsWith(ROOT) && !p.startsWith(`${HARNESS}/`));

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const from = unitOf(f);
    for (const target of importsOf(f)) {
      const to = unitOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])) if (!idx.has(v)) visit(v);
  return out;
}

describe('architecture', () => {
  it('has no cycle between the folders of src/server', () => {
    expect(cycles(folderGraph())).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toEqual([['a', 'b']]);
  });

  it('keeps the platform free of domains: it imports only itself and common/', () => {
    const offenders = files.filter((f) => unitOf(f) === 'platform').flatMap((f) => importsOf(f).filter((t) => unitOf(t) !== 'platform').map((t) => `${relative(ROOT, f)} → ${relative(ROOT, t)}`));
    expect(offenders).toEqual([]);
  });

  it('lets the domains that feed grading (check types, context providers) never import the scorecards', () => {
    const feeders = modules.filter((m) => m.name !== 'scorecards' && (m.checkTypes?.length || m.contexts?.length)).map((m) => m.name);
    expect(feeders).toEqual(expect.arrayContaining(['graph', 'facts', 'changes']));
    const offenders = files.filter((f) => feeders.includes(unitOf(f))).flatMap((f) => importsOf(f).filter((t) => unitOf(t) === 'scorecards').map((t) => `${relative(ROOT, f)} → ${relative(ROOT, t)}`));
    expect(offenders).toEqual([]);
  });

  it('queries each table only from the folder of the module that owns it', () => {
    const platformTables: (keyof PlatformTables)[] = ['catalog_imports', 'api_tokens', 'audit_log', 'job_leases', 'runtime_settings', 'events', 'event_deliveries', 'read_generations'];
    const owner = new Map<string, string>(platformTables.map((t) => [t, 'platform']));
    for (const m of modules) for (const t of m.tables ?? []) owner.set(t, m.name);
    const offenders: string[] = [];
    for (const f of files) {
      const unit = unitOf(f);
      if (unit === 'platform' && relative(ROOT, f).startsWith('platform/db/migrations/')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\.(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'([a-z_]+)/g)) {
        const table = m[1];
        const expected = owner.get(table);
        if (expected === undefined) offenders.push(`${relative(ROOT, f)}: table ${table} belongs to no module (declare it in its TallyModule.tables)`);
        else if (expected !== unit) offenders.push(`${relative(ROOT, f)}: table ${table} belongs to ${expected}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
