// Details of the clicked node: what it is, what it needs, who needs it, and a link to its page.
import { Link } from 'react-router';
import { shortRef } from '../../../common/refs.ts';
import type { Graph } from '../../api/graph.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { entityPath } from '../../../common/links.ts';

interface Props {
  graph: Graph;
  nodeRef: string;
  onCycle: boolean;
  onSelect(ref: string | null): void;
}

export function NodePanel({ graph, nodeRef, onCycle, onSelect }: Props) {
  const node = graph.nodes.find((n) => n.ref === nodeRef);
  if (!node) return null;
  const needs = graph.edges.filter((e) => e.from === nodeRef && e.via !== 'partOf');
  const neededBy = graph.edges.filter((e) => e.to === nodeRef && e.via !== 'partOf');
  const to = entityPath(nodeRef);
  const Refs = ({ refs }: { refs: string[] }) =>
    refs.length === 0 ? <p className="muted small">None</p> : (
      <ul className="link-list">
        {refs.map((r) => (
          <li key={r}>
            <button type="button" className="link-button" onClick={() => onSelect(r)}>{shortRef(r)}</button>
          </li>
        ))}
      </ul>
    );
  return (
    <section className="card side-panel" aria-labelledby="node-title">
      <div className="side-panel-head">
        <h2 id="node-title" className="card-title">{node.name}</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={() => onSelect(null)}>×</button>
      </div>
      {onCycle && <p className="badge badge-danger">On a dependency cycle</p>}
      <dl className="facts">
        <div><dt>Kind</dt><dd>{node.kind}{node.type ? ` · ${node.type}` : ''}</dd></div>
        <div><dt>Tier</dt><dd>{node.tier ? `Tier ${node.tier}` : <span className="muted">—</span>}</dd></div>
        <div><dt>System</dt><dd><EntityLink entityRef={node.system} defaultKind="system" /></dd></div>
        <div><dt>Owner</dt><dd><EntityLink entityRef={node.owner} defaultKind="group" /></dd></div>
      </dl>
      <h3 className="card-subtitle">Needs ({needs.length})</h3>
      <Refs refs={needs.map((e) => e.to)} />
      <h3 className="card-subtitle">Needed by ({neededBy.length})</h3>
      <Refs refs={neededBy.map((e) => e.from)} />
      {to && <Link className="button button-primary block" to={to}>Open {node.name}</Link>}
    </section>
  );
}
