// The interactive graph: Cytoscape with dagre's layered layout. Needs sit to the right of needers.
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useThemeName } from '../../components/theme.ts';
import { colorOf, graphStyle } from './cyStyle.ts';
import { edgeKey, type ViewGraph } from './model.ts';

cytoscape.use(dagre);

interface Props {
  graph: ViewGraph;
  cycleNodes: Set<string>;
  cycleEdges: Set<string>;
  violationEdges: Set<string>;
  selected: string | null;
  onSelect(ref: string | null): void;
}

export function GraphCanvas({ graph, cycleNodes, cycleEdges, violationEdges, selected, onSelect }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<cytoscape.Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const theme = useThemeName();
  const styledFor = useRef(theme); // the theme the instance's colours were read in

  useEffect(() => {
    const elements: cytoscape.ElementDefinition[] = [
      ...graph.nodes.map((n) => ({
        data: { id: n.ref, label: n.name, kind: n.kind.toLowerCase(), tier: n.tier ?? 0, w: Math.max(60, n.name.length * 7.4 + 24), color: colorOf(n.kind, n.tier) },
        classes: [n.external ? 'external' : '', cycleNodes.has(n.ref) ? 'cycle' : ''].join(' ').trim(),
      })),
      ...graph.edges.map((e) => ({
        data: { id: `${edgeKey(e.from, e.to)}:${e.via}`, source: e.from, target: e.to, via: e.via },
        classes: [cycleEdges.has(edgeKey(e.from, e.to)) ? 'cycle' : '', violationEdges.has(edgeKey(e.from, e.to)) ? 'violation' : ''].join(' ').trim(),
      })),
    ];
    const instance = cytoscape({
      container: container.current,
      elements,
      style: graphStyle(),
      layout: { name: 'dagre', rankDir: 'LR', nodeSep: 18, rankSep: 70, padding: 24 } as cytoscape.LayoutOptions,
      minZoom: 0.15,
      maxZoom: 2.5,
      wheelSensitivity: 0.3,
      selectionType: 'single',
      boxSelectionEnabled: false,
    });
    instance.on('tap', 'node', (ev) => select.current(ev.target.id()));
    instance.on('tap', (ev) => ev.target === instance && select.current(null));
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [graph, cycleNodes, cycleEdges, violationEdges]);

  // Re-read colours when the theme changes.
  useEffect(() => {
    if (styledFor.current === theme) return;
    styledFor.current = theme;
    const instance = cy.current;
    if (!instance) return;
    instance.style(graphStyle());
    instance.nodes().forEach((n) => {
      n.data('color', colorOf(n.data('kind'), n.data('tier')));
    });
  }, [theme]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.nodes(':selected').unselect();
    if (!selected) return;
    const node = instance.getElementById(selected);
    if (node.nonempty()) {
      node.select();
      instance.animate({ center: { eles: node }, duration: 250 });
    }
  }, [selected, graph]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      role="img"
      aria-label={`Dependency graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges. The same findings are listed as text beside it.`}
      data-testid="graph-canvas"
    />
  );
}
