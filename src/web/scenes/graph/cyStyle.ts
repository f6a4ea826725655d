// Cytoscape's stylesheet, built from the page's CSS variables so both themes stay in step.
import type cytoscape from 'cytoscape';

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

export function nodeColorVar(kind: string, tier: number | null | undefined): string {
  if (tier && tier >= 1 && tier <= 3) return `--tier-${tier}`;
  return `--kind-${['component', 'resource', 'api', 'system'].includes(kind.toLowerCase()) ? kind.toLowerCase() : 'other'}`;
}

export function graphStyle(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: 'data(w)',
        height: 30,
        'background-color': 'data(color)',
        label: 'data(label)',
        color: cssVar('--on-accent'),
        'font-size': 12,
        'font-family': 'Inter, system-ui, sans-serif',
        'font-weight': 600,
        'text-valign': 'center',
        'text-halign': 'center',
        'border-width': 0,
      },
    },
    { selector: 'node[kind = "resource"]', style: { shape: 'barrel' } },
    { selector: 'node[kind = "api"]', style: { shape: 'tag' } },
    { selector: 'node.external', style: { opacity: 0.5 } },
    { selector: 'node.cycle', style: { 'border-width': 3, 'border-color': cssVar('--danger') } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': cssVar('--focus') } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': cssVar('--edge'),
        'target-arrow-color': cssVar('--edge'),
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
      },
    },
    { selector: 'edge[via = "consumesApi"]', style: { 'line-style': 'dotted' } },
    { selector: 'edge[via = "partOf"]', style: { opacity: 0.4 } },
    {
      selector: 'edge.violation',
      style: { 'line-style': 'dashed', 'line-color': cssVar('--warning'), 'target-arrow-color': cssVar('--warning'), width: 2.5 },
    },
    {
      selector: 'edge.cycle',
      style: { 'line-color': cssVar('--danger'), 'target-arrow-color': cssVar('--danger'), width: 3 },
    },
  ];
}

export function colorOf(kind: string, tier: number | null | undefined): string {
  return cssVar(nodeColorVar(kind, tier));
}
