import { describe, expect, it } from 'vitest';
import { DirectedGraph } from 'graphology';
import { findViolations, type DependencyRule } from './rules.ts';
import { dotQuote, mermaidLabel, toDot, toMermaid } from './export.ts';
import { buildDependencyGraph } from './build.ts';
import { entity, graphOf, ref, related } from './testing.ts';
import type { DependencyGraph, GraphEdge, GraphNode } from './types.ts';

const rule: DependencyRule = { name: 'tiers', from: { tier: 1 }, to: { minTier: 3 }, transitive: false };

describe('toDot', () => {
  const g = graphOf('web>api api>db db>api web>low', { web: 1, low: 3 });

  it('labels nodes with short names and marks cycle and violation edges', () => {
    const dot = toDot(g, { violations: findViolations(g, [rule]) });
    expect(dot.startsWith('digraph "dependencies" {\n')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dot).toContain('"component:default/web" [label="web"];');
    expect(dot).toContain('"component:default/api" [label="api", color=red];');
    expect(dot).toContain('"component:default/api" -> "component:default/db" [color=red, penwidth=2];');
    expect(dot).toContain('"component:default/db" -> "component:default/api" [color=red, penwidth=2];');
    expect(dot).toContain('"component:default/web" -> "component:default/low" [color=orange, style=dashed];');
    expect(dot).toContain('"component:default/web" -> "component:default/api";');
  });

  it('clusters by system', () => {
    const es = [entity('Component', 'a', { spec: { system: 'shop' } }), entity('Component', 'b')];
    const dot = toDot(buildDependencyGraph(es, related('dependsOn', ref('a'), ref('b'))), { clusterBySystem: true });
    expect(dot).toContain('  subgraph "cluster_system:default/shop" {\n    label="shop";\n    "component:default/a" [label="a"];\n  }');
  });

  it('hides membership edges unless asked', () => {
    const es = [entity('Component', 'a', { spec: { system: 'shop' } }), entity('System', 'shop')];
    const gm = buildDependencyGraph(es, related('partOf', ref('a'), ref('shop', 'system')));
    expect(toDot(gm)).not.toContain('system:default/shop');
    expect(toDot(gm, { includeMembership: true })).toContain('"component:default/a" -> "system:default/shop" [style=dotted, color=gray, label="partOf"];');
  });

  it('escapes quotes, backslashes and line breaks', () => {
    expect(dotQuote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const odd: DependencyGraph = new DirectedGraph<GraphNode, GraphEdge>();
    odd.addNode('component:default/say "hi"\\', { kind: 'Component', namespace: 'default', name: 'x', annotations: {}, tags: [] });
    expect(toDot(odd)).toContain('"component:default/say \\"hi\\"\\\\" [label="say \\"hi\\"\\\\"];');
  });
});

describe('toMermaid', () => {
  const g = graphOf('web>api api>db db>api web>low', { web: 1, low: 3 });

  it('uses safe ids, draws every edge and styles cycles and violations by link index', () => {
    const m = toMermaid(g, { violations: findViolations(g, [rule]) });
    const lines = m.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    // nodes sorted by ref: api n0, db n1, low n2, web n3; edges sorted by (from, to)
    expect(lines.slice(1, 5)).toEqual(['  n0["api"]', '  n1["db"]', '  n2["low"]', '  n3["web"]']);
    expect(lines.slice(5, 9)).toEqual(['  n0 --> n1', '  n1 --> n0', '  n3 --> n0', '  n3 --> n2']);
    expect(lines).toContain('  linkStyle 0,1 stroke:red,stroke-width:2px');
    expect(lines).toContain('  linkStyle 3 stroke:orange,stroke-dasharray:5 5');
    expect(lines).toContain('  class n0,n1 cycle');
  });

  it('turns characters with meaning into entity codes', () => {
    expect(mermaidLabel('a"b#c<d>&`e\nf')).toBe('a#34;b#35;c#60;d#62;#38;#96;e f');
    const odd: DependencyGraph = new DirectedGraph<GraphNode, GraphEdge>();
    odd.addNode('component:default/x"]-->evil', { kind: 'Component', namespace: 'default', name: 'x', annotations: {}, tags: [] });
    expect(toMermaid(odd)).toBe('flowchart LR\n  n0["x#34;]--#62;evil"]\n');
  });

  it('groups by system into subgraphs when asked', () => {
    const es = [entity('Component', 'a', { spec: { system: 'shop' } })];
    expect(toMermaid(buildDependencyGraph(es, []), { clusterBySystem: true })).toBe('flowchart LR\n  subgraph s0["shop"]\n    n0["a"]\n  end\n');
  });
});
