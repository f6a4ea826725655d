// Graphviz DOT and Mermaid renderings of the dependency graph, with cycles and rule violations
// highlighted. Output is text only; every name is quoted or replaced by a safe id.
import { shortRef } from '../../common/refs.ts';
import { findCycles } from './analysis.ts';
import type { Cycle, DependencyGraph, EdgeVia, Violation } from './types.ts';

export interface ExportOptions {
  /** Defaults to `findCycles(g)`; pass `[]` to draw no cycle highlighting. */
  cycles?: Cycle[];
  /** Edges along each violation's path are drawn dashed orange. */
  violations?: Violation[];
  /** Group nodes into one box per system. */
  clusterBySystem?: boolean;
  /** Also draw Systems, Domains and membership `partOf` edges (off: only the runtime graph). */
  includeMembership?: boolean;
}

interface DrawnEdge {
  from: string;
  to: string;
  via: EdgeVia;
  runtime: boolean;
  inCycle: boolean;
  violating: boolean;
}

interface Drawing {
  nodes: { ref: string; label: string; system?: string; inCycle: boolean }[];
  edges: DrawnEdge[];
}

const key = (from: string, to: string) => `${from}\u0000${to}`;

function drawing(g: DependencyGraph, opts: ExportOptions): Drawing {
  const cycles = opts.cycles ?? findCycles(g);
  const cycleNodes = new Set(cycles.flatMap((c) => c.nodes));
  const cycleEdges = new Set(cycles.flatMap((c) => c.edges.map(([a, b]) => key(a, b))));
  const violating = new Set<string>();
  for (const v of opts.violations ?? []) for (let i = 1; i < v.path.length; i++) violating.add(key(v.path[i - 1], v.path[i]));
  const all = opts.includeMembership === true;
  const nodes: Drawing['nodes'] = [];
  g.forEachNode((ref, a) => {
    if (!all && a.runtime === false) return;
    nodes.push({ ref, label: shortRef(ref), system: a.system, inCycle: cycleNodes.has(ref) });
  });
  const drawn = new Set(nodes.map((n) => n.ref));
  const edges: DrawnEdge[] = [];
  g.forEachEdge((_e, a, from, to) => {
    const runtime = a.runtime !== false;
    if ((!all && !runtime) || !drawn.has(from) || !drawn.has(to)) return;
    edges.push({ from, to, via: a.via, runtime, inCycle: cycleEdges.has(key(from, to)), violating: violating.has(key(from, to)) });
  });
  const byRef = (x: { ref: string }, y: { ref: string }) => (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0);
  nodes.sort(byRef);
  edges.sort((x, y) => byRef({ ref: key(x.from, x.to) }, { ref: key(y.from, y.to) }));
  return { nodes, edges };
}

function groupBySystem<T extends { system?: string }>(nodes: T[]): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  for (const n of nodes) {
    if (!groups.has(n.system)) groups.set(n.system, []);
    groups.get(n.system)!.push(n);
  }
  return groups;
}

/** A DOT double-quoted string: backslash and quote escaped, line breaks as `\n`. */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

function dotEdgeAttrs(e: DrawnEdge): string {
  const attrs: string[] = [];
  if (e.inCycle) attrs.push('color=red', 'penwidth=2');
  else if (e.violating) attrs.push('color=orange');
  if (e.violating) attrs.push('style=dashed');
  else if (!e.runtime) attrs.push('style=dotted', 'color=gray');
  if (e.via !== 'dependsOn') attrs.push(`label=${dotQuote(e.via)}`);
  return attrs.length > 0 ? ` [${attrs.join(', ')}]` : '';
}

/** Graphviz DOT: nodes labelled with short names, cycle edges red, violation edges dashed orange. */
export function toDot(g: DependencyGraph, opts: ExportOptions = {}): string {
  const d = drawing(g, opts);
  const lines = ['digraph "dependencies" {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  const nodeLine = (n: Drawing['nodes'][number], indent: string) =>
    `${indent}${dotQuote(n.ref)} [label=${dotQuote(n.label)}${n.inCycle ? ', color=red' : ''}];`;
  const groups = opts.clusterBySystem ? groupBySystem(d.nodes) : new Map([[undefined, d.nodes]]);
  for (const [system, members] of groups) {
    if (system === undefined) {
      for (const n of members) lines.push(nodeLine(n, '  '));
      continue;
    }
    lines.push(`  subgraph ${dotQuote(`cluster_${system}`)} {`, `    label=${dotQuote(shortRef(system))};`);
    for (const n of members) lines.push(nodeLine(n, '    '));
    lines.push('  }');
  }
  for (const e of d.edges) lines.push(`  ${dotQuote(e.from)} -> ${dotQuote(e.to)}${dotEdgeAttrs(e)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Text for a Mermaid `["…"]` label: characters with meaning become `#code;` entities. */
export function mermaidLabel(s: string): string {
  return s.replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`).replace(/\s+/g, ' ');
}

/** Mermaid `flowchart LR` with ids n0, n1, …; cycles red, violations dashed orange. */
export function toMermaid(g: DependencyGraph, opts: ExportOptions = {}): string {
  const d = drawing(g, opts);
  const id = new Map(d.nodes.map((n, i) => [n.ref, `n${i}`]));
  const lines = ['flowchart LR'];
  const groups = opts.clusterBySystem ? groupBySystem(d.nodes) : new Map([[undefined, d.nodes]]);
  let s = 0;
  for (const [system, members] of groups) {
    const indent = system === undefined ? '  ' : '    ';
    if (system !== undefined) lines.push(`  subgraph s${s++}["${mermaidLabel(shortRef(system))}"]`);
    for (const n of members) lines.push(`${indent}${id.get(n.ref)}["${mermaidLabel(n.label)}"]`);
    if (system !== undefined) lines.push('  end');
  }
  const styles = new Map<string, number[]>();
  d.edges.forEach((e, i) => {
    lines.push(`  ${id.get(e.from)} ${e.runtime ? '-->' : '-.->'} ${id.get(e.to)}`);
    const style = [e.inCycle ? 'stroke:red,stroke-width:2px' : e.violating ? 'stroke:orange' : '', e.violating ? 'stroke-dasharray:5 5' : '']
      .filter(Boolean)
      .join(',');
    if (!style) return;
    if (!styles.has(style)) styles.set(style, []);
    styles.get(style)!.push(i);
  });
  for (const [style, indexes] of styles) lines.push(`  linkStyle ${indexes.join(',')} ${style}`);
  const onCycle = d.nodes.filter((n) => n.inCycle).map((n) => id.get(n.ref));
  if (onCycle.length > 0) lines.push('  classDef cycle stroke:red,stroke-width:2px', `  class ${onCycle.join(',')} cycle`);
  return `${lines.join('\n')}\n`;
}
